/**
 * The dynamic provider of `SnapshotAccess`, stored in state as
 * `require("pulumi-azure-disk-sas/snapshot-provider")` of the installed package.
 *
 * @packageDocumentation
 */
import { snapshot } from "../kinds/snapshot";
import { accessProvider } from "../lifecycle/accessProvider";

const provider = accessProvider(snapshot);
export const { check, configure, create, diff, read, update } = provider;
const remove = provider.delete;
export { remove as delete };
