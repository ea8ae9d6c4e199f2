/**
 * The dynamic provider of `ManagedDiskAccess`, stored in state as
 * `require("pulumi-azure-disk-sas/managed-disk-provider")` of the installed package.
 *
 * @packageDocumentation
 */
import { managedDisk } from "../kinds/managedDisk";
import { accessProvider } from "../lifecycle/accessProvider";

const provider = accessProvider(managedDisk);
export const { check, configure, create, diff, read, update } = provider;
const remove = provider.delete;
export { remove as delete };
