import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DiskAccessError } from "../src/azure/accessError";
import * as provider from "../src/providers/diskRestorePoint";
import { grant } from "./support/grant";
import { postedActions, readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
/** How an error names the last request to a path ending in `suffix`. */
const idsOf = (suffix: string) => {
  const r = emulator().requests.findLast((r) => r.path.endsWith(suffix))!;
  return `x-ms-request-id: ${r.requestId}, x-ms-correlation-request-id: ${r.correlationId}`;
};
const lastRequestId = (suffix: string) =>
  emulator().requests.findLast((r) => r.path.endsWith(suffix))!.requestId;

async function createError(
  inputs: Parameters<typeof provider.create>[0],
): Promise<DiskAccessError> {
  const error = await provider.create(inputs).then(
    () => assert.fail("create should have failed"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DiskAccessError, String(error));
  return error;
}

describe("Azure's refusals reach the user with their ARM code, message, target and request id", () => {
  it("a disk with 4096-byte sectors without VHDX", async () => {
    const id = emulator().diskRestorePointId(1);
    const error = await createError({
      diskRestorePointId: id,
      access: "Read",
      durationInSeconds: 60,
    });
    const requestId = lastRequestId("/beginGetAccess");
    assert.equal(
      error.message,
      `Could not grant access to disk restore point ${id}: HTTP 400 BadRequest: Accessing disk or snapshot with a logical sector size of 4096 requires specifying the file format. Set the fileFormat property to VHDX. (${idsOf("/beginGetAccess")}). Set fileFormat: "VHDX": disks with 4096-byte logical sectors can only be exported as VHDX.`,
    );
    assert.deepEqual(
      {
        code: error.code,
        statusCode: error.details.statusCode,
        armCode: error.details.armCode,
        requestId: error.details.requestId,
      },
      { code: "GrantFailed", statusCode: 400, armCode: "BadRequest", requestId },
    );
  });

  it("a guest-state SAS for a disk without a security profile", async () => {
    const id = emulator().diskRestorePointId(1);
    const error = await createError({
      diskRestorePointId: id,
      access: "Read",
      durationInSeconds: 60,
      fileFormat: "VHDX",
      getSecureVMGuestStateSAS: true,
    });
    assert.equal(
      error.message,
      `Could not grant access to disk restore point ${id}: HTTP 400 BadRequest: GetSecureVMGuestStateSAS can be set only for disk with SecurityProfile. (${idsOf("/beginGetAccess")}). Remove getSecureVMGuestStateSAS: only disks with a security profile (confidential or trusted launch VMs) have a guest state.`,
    );
  });

  it("a disk restore point that does not exist", async () => {
    const id = emulator()
      .diskRestorePointId(0)
      .replace(/[^/]+$/, "missing-disk");
    const error = await createError({
      diskRestorePointId: id,
      access: "Read",
      durationInSeconds: 60,
    });
    assert.equal(
      error.message,
      `Could not grant access to disk restore point ${id}: HTTP 404 ResourceNotFound: The Resource 'Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints/rpc-web01/vmrp-20261125/missing-disk' under resource group 'rg-backup' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix (${idsOf("/beginGetAccess")}).`,
    );
  });
});

describe("a grant whose operation ends Failed", () => {
  for (const asyncOperationHeader of [true, false]) {
    it(`behind ${asyncOperationHeader ? "Azure-AsyncOperation" : "Location alone"}: fails with the operation's ARM error and the last poll's ids, and revokes what Azure had granted`, async () => {
      const id = emulator().diskRestorePointId(0);
      Object.assign(emulator().resourceManager.settings, {
        asyncOperationHeader,
        failNextOperation: {
          code: "InternalDiskManagementError",
          message: "An internal disk management error occurred.",
        },
      });
      const before = emulator().requests.length;
      const error = await createError({
        diskRestorePointId: id,
        access: "Read",
        durationInSeconds: 60,
      });
      const sent = emulator().requests.slice(before);
      const revoke = sent.findIndex((r) => r.path.endsWith("/endGetAccess"));
      const lastPoll = sent.slice(0, revoke).findLast((r) => r.path.includes("/DiskOperations/"))!;
      assert.deepEqual(
        [error.code, error.details.armCode, error.details.accepted],
        ["GrantFailed", "InternalDiskManagementError", true],
      );
      assert.equal(
        error.message,
        `Could not grant access to disk restore point ${id}: InternalDiskManagementError: the long-running operation ended Failed: An internal disk management error occurred. (x-ms-request-id: ${lastPoll.requestId}, x-ms-correlation-request-id: ${lastPoll.correlationId}). Access was revoked again.`,
      );
      // Azure had granted before it failed: only the revoke ends that grant.
      assert.deepEqual(postedActions(emulator(), before), ["beginGetAccess", "endGetAccess"]);
      assert.equal(emulator().resourceManager.activeGrants(emulator().fixture.disks[0]!.name), 0);
    });
  }

  it("a revoke whose operation ends Failed behind Location alone fails with Azure's words", async () => {
    const { id, outs } = await grant({
      diskRestorePointId: emulator().diskRestorePointId(0),
      access: "Read",
      durationInSeconds: 60,
    });
    Object.assign(emulator().resourceManager.settings, {
      asyncOperationHeader: false,
      failNextOperation: { code: "OperationNotAllowed", message: "The disk is being copied." },
    });
    await assert.rejects(provider.delete(id, outs), {
      name: "DiskAccessError",
      code: "RevokeFailed",
      message: new RegExp(
        `^Could not revoke access to disk restore point ${id}: OperationNotAllowed: the long-running operation ended Failed: The disk is being copied\\. \\(x-ms-request-id: `,
      ),
    });
  });
});

describe("a grant that Azure reports done without the SAS", () => {
  it("fails when the guest-state SAS asked for is missing, and revokes the grant it got", async () => {
    const id = emulator().diskRestorePointId(0);
    emulator().intercepts.push({
      method: "POST",
      path: /\/beginGetAccess$/i,
      times: 1,
      respond: () => ({
        status: 200,
        body: { accessSAS: "https://example.invalid/abcd?sv=2024-08-04&si=x&sr=b&sig=SIGNATURE" },
      }),
    });
    const before = emulator().requests.length;
    const error = await createError({
      diskRestorePointId: id,
      access: "Read",
      durationInSeconds: 60,
      getSecureVMGuestStateSAS: true,
    });
    assert.deepEqual(postedActions(emulator(), before), ["beginGetAccess", "endGetAccess"]);
    assert.equal(
      error.message,
      `Could not grant access to disk restore point ${id}: Azure reported the operation done but returned no securityDataAccessSAS, which getSecureVMGuestStateSAS asked for. Access was revoked again.`,
    );
  });

  it("says the access may stay granted when revokeOnDelete is false", async () => {
    emulator().intercepts.push({
      method: "POST",
      path: /\/beginGetAccess$/i,
      times: 1,
      respond: () => ({ status: 200, body: {} }),
    });
    const before = emulator().requests.length;
    const error = await createError({
      diskRestorePointId: emulator().diskRestorePointId(0),
      access: "Read",
      durationInSeconds: 60,
      revokeOnDelete: false,
    });
    assert.match(
      error.message,
      /returned no accessSAS. Access may stay granted until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\.$/,
    );
    assert.deepEqual(postedActions(emulator(), before), ["beginGetAccess"]);
  });
});

describe("credentials", () => {
  it("a wrong client secret fails with Entra's reason and never shows the secret", async () => {
    const secret = process.env["ARM_CLIENT_SECRET"]!;
    process.env["ARM_CLIENT_SECRET"] = "wrong-secret-value-123";
    try {
      const error = await createError({
        diskRestorePointId: emulator().diskRestorePointId(0),
        access: "Read",
        durationInSeconds: 60,
      });
      assert.match(error.message, /AADSTS7000215: Invalid client secret provided/);
      assert.ok(
        !error.message.includes("wrong-secret-value-123") && !error.message.includes(secret),
      );
    } finally {
      process.env["ARM_CLIENT_SECRET"] = secret;
    }
    const { id, outs } = await grant({
      diskRestorePointId: emulator().diskRestorePointId(0),
      access: "Read",
      durationInSeconds: 60,
    });
    assert.equal((await readRange(outs.accessSAS, 0, 0)).status, 206);
    await provider.delete(id, outs);
  });
});
