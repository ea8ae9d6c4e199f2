/**
 * The dynamic provider of `DiskRestorePointAccess`. This module's exports object is itself the
 * provider, so Pulumi stores it in state as `require("pulumi-azure-disk-sas/provider")` of the
 * installed package: a few bytes that capture no value, no credential and no configuration.
 *
 * @packageDocumentation
 */
export { check } from "./check";
export { configure } from "./configuration";
export { create } from "./create";
export { deleteAccess as delete } from "./delete";
export { diff } from "./diff";
export { read } from "./read";
export { update } from "./update";
