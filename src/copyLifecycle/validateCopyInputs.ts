import { accessTargetPaths } from "../azure/accessTarget";
import { parseArmId } from "../armId";
import { unknownValue } from "../lifecycle/grantInputs";
import { kindNamedBy } from "../kinds/targetKinds";
import {
  article,
  checkPropertyNames,
  describe,
  maximumDurationInSeconds,
  type Fail,
  type InputFailure,
} from "../lifecycle/validateInputs";
import { parseBlobUrl } from "./blobUrl";
import { copyInputNames, destinationDiskTarget, sourceTarget } from "./copyInputs";

/** The shortest SAS a copy grants: shorter ones would be granted again all the time. */
export const minimumGrantDurationInSeconds = 10;

const sourceShapes =
  "the ARM id of a managed disk (/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/disks/{diskName}), a snapshot (.../snapshots/{snapshotName}) or a disk restore point (.../restorePointCollections/{collection}/restorePoints/{vmRestorePoint}/diskRestorePoints/{name})";

/**
 * Validates a `DiskCopy`'s inputs the way `pulumi preview` shows them: each failure names the
 * property, the value given (never a SAS's) and what is allowed. Values not known yet are not judged.
 */
export function validateCopyInputs(inputs: Record<string, unknown>): InputFailure[] {
  const failures: InputFailure[] = [];
  const fail: Fail = (property, reason) => failures.push({ property, reason });
  const given = (name: string) => inputs[name] !== undefined && inputs[name] !== null;
  const known = (name: string) => given(name) && inputs[name] !== unknownValue;

  checkPropertyNames(inputs, "DiskCopy", copyInputNames, fail);
  const oneOf = (a: string, b: string, what: string, allowed: string) => {
    if (given(a) && given(b)) {
      fail(a, `Give the ${what} either as [${a}] or as [${b}], not both.`);
    } else if (!given(a) && !given(b)) {
      fail(a, `A ${what} is required: give [${a}] (${allowed}) or [${b}].`);
    }
  };
  oneOf("sourceId", "sourceSasUrl", "source", "a managed disk, snapshot or disk restore point");
  oneOf("destinationBlobUrl", "destinationDiskId", "destination", "a page blob's URL");

  if (known("sourceId")) {
    checkSourceId(inputs["sourceId"], fail);
  }
  if (known("sourceSasUrl")) {
    checkSourceSasUrl(inputs["sourceSasUrl"], fail);
  }
  if (known("destinationBlobUrl")) {
    const value = inputs["destinationBlobUrl"];
    const address = typeof value === "string" ? parseBlobUrl(value) : "must be a string";
    if (typeof address === "string") {
      const shown =
        typeof value === "string" && !value.includes("?") ? `; got ${describe(value)}` : "";
      fail("destinationBlobUrl", `[destinationBlobUrl] ${address}${shown}.`);
    }
  }
  if (known("destinationDiskId")) {
    const value = inputs["destinationDiskId"];
    if (typeof value !== "string" || !destinationDiskTarget(value)) {
      const other = typeof value === "string" ? kindNamedBy(value) : undefined;
      const named = other
        ? ` [destinationDiskId] names ${article(other.noun)}, which nothing writes into; to read from it, give it as [sourceId].`
        : "";
      fail(
        "destinationDiskId",
        `[destinationDiskId] must be the ARM id of a managed disk created for upload: /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/disks/{diskName}; got ${describe(value)}.${named}`,
      );
    }
  }
  for (const flag of ["overwrite", "verify"]) {
    if (known(flag) && typeof inputs[flag] !== "boolean") {
      fail(flag, `[${flag}] must be true or false; got ${describe(inputs[flag])}.`);
    }
  }
  if (known("overwrite") && inputs["overwrite"] === true && given("destinationDiskId")) {
    fail(
      "overwrite",
      "[overwrite] applies to a destination blob: a destination disk is written only while it waits for an upload.",
    );
  }
  if (known("fileFormat")) {
    const value = inputs["fileFormat"];
    if (value !== "VHD" && value !== "VHDX") {
      fail("fileFormat", `[fileFormat] must be "VHD" or "VHDX"; got ${describe(value)}.`);
    }
  }
  if (given("fileFormat") && given("sourceSasUrl")) {
    fail(
      "fileFormat",
      "[fileFormat] applies to a source the copy grants itself ([sourceId]): a SAS handed in through [sourceSasUrl] has its format already.",
    );
  }
  if (known("grantDurationInSeconds")) {
    const value = inputs["grantDurationInSeconds"];
    if (
      typeof value !== "number" ||
      !Number.isInteger(value) ||
      value < minimumGrantDurationInSeconds ||
      value > maximumDurationInSeconds
    ) {
      fail(
        "grantDurationInSeconds",
        `[grantDurationInSeconds] must be a whole number of seconds from ${minimumGrantDurationInSeconds} to ${maximumDurationInSeconds}; got ${describe(value)}.`,
      );
    }
  }
  return failures;
}

function checkSourceId(value: unknown, fail: Fail): void {
  if (typeof value !== "string") {
    fail("sourceId", `[sourceId] must be ${sourceShapes}; got ${describe(value)}.`);
    return;
  }
  if (sourceTarget(value)) {
    return;
  }
  if (parseArmId(accessTargetPaths.diskRestorePoint.slice(0, -1), value)) {
    fail(
      "sourceId",
      `[sourceId] names a VM restore point, which holds several disks: copy each of them, one DiskCopy each, with the id of one of its disk restore points (${value}/diskRestorePoints/{name}), or with the entries of VmRestorePointAccess.disks as [sourceSasUrl].`,
    );
    return;
  }
  fail("sourceId", `[sourceId] must be ${sourceShapes}; got ${describe(value)}.`);
}

/** Judges a SAS URL without ever quoting it: it is a secret. */
function checkSourceSasUrl(value: unknown, fail: Fail): void {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url) {
    fail(
      "sourceSasUrl",
      `[sourceSasUrl] must be a SAS URL (https://.../{blob}?...&sig=...); got ${typeof value === "string" ? "a string that is not a URL" : describe(value)}.`,
    );
  } else if (url.protocol !== "https:") {
    fail("sourceSasUrl", `[sourceSasUrl] must be an https URL; got a ${url.protocol} URL.`);
  } else if (!url.searchParams.has("sig")) {
    fail(
      "sourceSasUrl",
      "[sourceSasUrl] must be a SAS URL: the URL given carries no signature (sig=). Give the accessSAS of an access resource, or use [sourceId] to let the copy grant access itself.",
    );
  }
}
