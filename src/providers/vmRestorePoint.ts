/**
 * The dynamic provider of `VmRestorePointAccess`, stored in state as
 * `require("pulumi-azure-disk-sas/vm-provider")` of the installed package.
 *
 * @packageDocumentation
 */
import { vmRestorePoint } from "../kinds/vmRestorePoint";
import { accessProvider } from "../lifecycle/accessProvider";

const provider = accessProvider(vmRestorePoint);
export const { check, configure, create, diff, read, update } = provider;
const remove = provider.delete;
export { remove as delete };
