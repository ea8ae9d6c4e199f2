import { diskRestorePoint } from "./diskRestorePoint";
import { managedDisk } from "./managedDisk";
import { snapshot } from "./snapshot";
import type { TargetKind } from "./targetKind";
import { parseTargetId } from "./targetPath";
import { vmRestorePoint } from "./vmRestorePoint";

/** Every kind of target, one resource each. */
export const targetKinds: readonly TargetKind[] = [
  managedDisk,
  snapshot,
  diskRestorePoint,
  vmRestorePoint,
];

/** The kind whose target `id` names, if any: the resource that takes it. */
export function kindNamedBy(id: string): TargetKind | undefined {
  return targetKinds.find((kind) => parseTargetId(kind.path, id));
}
