/**
 * The dynamic provider of `DiskRestorePointAccess`. This module's exports object is itself the
 * provider, so Pulumi stores it in state as `require("pulumi-azure-disk-sas/provider")` of the
 * installed package: a few bytes that capture no value, no credential and no configuration.
 *
 * @packageDocumentation
 */
import { diskRestorePoint } from "../kinds/diskRestorePoint";
import { accessProvider } from "../lifecycle/accessProvider";

const provider = accessProvider(diskRestorePoint);
export const { check, configure, create, diff, read, update } = provider;
const remove = provider.delete;
export { remove as delete };
