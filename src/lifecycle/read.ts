import type * as pulumi from "@pulumi/pulumi";
import type { TargetKind } from "../kinds/targetKind";
import { currentAzureSettings } from "./configuration";
import { grantIsDue } from "./expiry";
import { loadAzure } from "./loadAzure";
import type { AccessOutputs } from "./properties";

/**
 * Refreshes the resource. It stands for live access, so it is reported gone (no id) once its grant
 * has expired, or once Azure shows an object it granted gone or, for a disk or snapshot, with no
 * SAS in force (revoked by someone else, or run out); the next `up` grants anew. Otherwise the
 * recorded outputs stand: Azure cannot read a SAS back.
 */
export async function read(
  kind: TargetKind,
  id: string,
  outputs: AccessOutputs,
): Promise<pulumi.dynamic.ReadResult<AccessOutputs>> {
  if (grantIsDue(outputs.expiresAt, 0, Date.now())) {
    return {};
  }
  const { createComputeClient, readAccessState } = loadAzure();
  const settings = currentAzureSettings();
  const states = await Promise.all(
    kind
      .granted(outputs)
      .map(async (target) =>
        readAccessState(await createComputeClient(settings, target.subscriptionId), target),
      ),
  );
  return states.every((state) => state === "live") ? { id, props: outputs } : {};
}
