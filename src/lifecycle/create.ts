import type * as pulumi from "@pulumi/pulumi";
import { DiskAccessError, isDiskAccessError } from "../azure/accessError";
import type { Grant, PlannedGrant, TargetKind } from "../kinds/targetKind";
import { formatTargetId, resolveTarget } from "../kinds/targetPath";
import type { GrantedSas } from "../azure";
import { withoutUndefined } from "../withoutUndefined";
import { currentAzureSettings } from "./configuration";
import { loadAzure } from "./loadAzure";
import { pickInputs, type AccessInputs, type AccessOutputs } from "./properties";
import { revokeAll } from "./revokeAll";

/**
 * Grants access: runs "Grant Access" on every object the kind plans (one disk, snapshot or disk
 * restore point; every disk of a VM restore point), at once, each with a client of its own, waits
 * for the operations, and records the SAS URLs with the grant and expiry times. If any grant fails,
 * or Azure reports one done without a SAS that was asked for, the grants Azure had accepted are
 * revoked again (unless `revokeOnDelete` is false) and the create fails with the first failure:
 * nothing is left granted that the stack does not record.
 */
export async function create(
  kind: TargetKind,
  properties: AccessInputs,
): Promise<pulumi.dynamic.CreateResult<AccessOutputs>> {
  const inputs = pickInputs(kind, properties);
  const settings = currentAzureSettings();
  const target = resolveTarget(kind.path, kind.noun, inputs, settings.subscriptionId);
  const targetId = formatTargetId(kind.path, target);
  const azure = loadAzure();
  const client = () => azure.createComputeClient(settings, target.subscriptionId);
  const plan = await kind.plan(target, inputs, {
    listDisks: async (vm, vmId) => azure.listDisks(await client(), vm, vmId),
  });

  const grantedAt = new Date();
  const expiresAt = new Date(grantedAt.getTime() + inputs.durationInSeconds * 1000);
  const results = await Promise.allSettled(
    plan.map(async (planned): Promise<Grant> => {
      const sas = await azure.grantAccess(await client(), planned.target, planned.request);
      const missing = missingSas(planned, sas);
      if (missing !== undefined) {
        throw azure.grantIncomplete(planned.target, missing);
      }
      return { planned, sas };
    }),
  );
  const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  if (failures.length > 0) {
    // Undo what Azure granted, or may have: the grants that succeeded or failed after acceptance.
    const granted = plan.filter((_, i) => {
      const result = results[i]!;
      return result.status === "fulfilled" || isAccepted(result.reason);
    });
    const others = failures.length > 1 ? `${failures.length - 1} more failed too.` : undefined;
    const note = [await undo(granted, inputs, expiresAt, plan.length), others]
      .filter(Boolean)
      .join(" ");
    const [first] = failures;
    throw isDiskAccessError(first) && note
      ? new DiskAccessError({ ...first.details, note })
      : first;
  }
  const grants = results.map((r) => (r as PromiseFulfilledResult<Grant>).value);
  const outs = withoutUndefined({
    ...inputs,
    [kind.path.idProperty]: targetId,
    ...kind.grantOutputs(grants),
    grantedAt: grantedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
  }) as AccessOutputs;
  return { id: targetId, outs };
}

/**
 * Revokes the grants of a create that failed half-way, unless told not to, and says what became
 * of them; `undefined` when there was nothing to revoke.
 */
async function undo(
  granted: PlannedGrant[],
  inputs: AccessInputs,
  expiresAt: Date,
  planned: number,
): Promise<string | undefined> {
  if (granted.length === 0) {
    return undefined;
  }
  const mayStay = `Access may stay granted until ${expiresAt.toISOString()}.`;
  if (inputs.revokeOnDelete === false) {
    return mayStay;
  }
  const revoked = await revokeAll(granted.map(({ target }) => target));
  if (revoked.some((r) => r.status === "rejected")) {
    return mayStay;
  }
  return planned === 1
    ? "Access was revoked again."
    : `Access to the ${granted.length} disk${granted.length === 1 ? "" : "s"} granted was revoked again.`;
}

function isAccepted(error: unknown): boolean {
  return isDiskAccessError(error) && error.details.accepted === true;
}

/** The SAS that a grant asked for and Azure did not return, in words for an error; else `undefined`. */
export function missingSas(planned: PlannedGrant, sas: GrantedSas): string | undefined {
  if (!sas.accessSAS) {
    return "accessSAS";
  }
  if (planned.request.getSecureVMGuestStateSAS === true && !sas.securityDataAccessSAS) {
    return "securityDataAccessSAS, which getSecureVMGuestStateSAS asked for";
  }
  return undefined;
}
