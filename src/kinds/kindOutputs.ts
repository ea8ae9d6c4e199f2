import type { TargetKind } from "./targetKind";

/** A kind's outputs besides its inputs: those that hold SAS URLs (secret), and the others. */
export function kindOutputs(kind: TargetKind): { secret: readonly string[]; plain: string[] } {
  return {
    secret: kind.secretOutputs,
    plain: [kind.path.idProperty, ...kind.otherOutputs, "grantedAt", "expiresAt"],
  };
}
