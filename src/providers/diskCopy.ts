/**
 * The dynamic provider of `DiskCopy`, stored in state as
 * `require("pulumi-azure-disk-sas/copy-provider")` of the installed package.
 *
 * @packageDocumentation
 */
import { copyProvider } from "../copyLifecycle/copyProvider";

export const { check, configure, create, diff, read, update } = copyProvider;
const remove = copyProvider.delete;
export { remove as delete };
