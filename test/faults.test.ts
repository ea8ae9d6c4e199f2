import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { DiskRestorePointAccessError } from "../src/azure/accessError";
import * as provider from "../src/provider";
import type { Intercept } from "./emulator";
import { cloudError } from "./emulator/http";
import { grant } from "./support/grant";
import { until } from "./support/until";
import { postedActions, readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
// Operations ask for no wait between polls, so that each fault shows in the time it costs alone.
beforeEach(() => (emulator().resourceManager.settings.retryAfterSeconds = undefined));
const osDisk = () => emulator().diskRestorePointId(0);
const osDiskName = () => emulator().fixture.disks[0]!.name;
const inputs = () => ({
  diskRestorePointId: osDisk(),
  access: "Read" as const,
  durationInSeconds: 600,
});

const post = /\/beginGetAccess$/;
const poll = /\/DiskOperations\//;
const throttled = () => ({
  ...cloudError(429, "TooManyRequests", "The request is being throttled."),
  headers: { "retry-after": "1" },
});

/** Answers the next `times` requests matching `method` and `path` with `respond`. */
function fault(method: string, path: RegExp, times: number, respond: Intercept["respond"]) {
  emulator().intercepts.push({ method, path, times, respond });
}

/** Creates, and checks that the SAS opens the disk and that Azure saw the request more than once. */
async function createSurvives(path: RegExp) {
  const before = emulator().requests.length;
  const { id, outs } = await grant(inputs());
  assert.equal((await readRange(outs.accessSAS, 0, 4)).status, 206);
  assert.equal(emulator().intercepts.length, 0, "the fault was served");
  const attempts = emulator()
    .requests.slice(before)
    .filter((r) => path.test(r.path));
  await provider.delete(id, outs);
  assert.equal(emulator().resourceManager.activeGrants(osDiskName()), 0);
  return attempts.length;
}

/** Creates, expecting a failure; checks that no grant is left in force. */
async function createFails(): Promise<DiskRestorePointAccessError> {
  const error = await provider.create(inputs()).then(
    () => assert.fail("create should have failed"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DiskRestorePointAccessError, String(error));
  assert.equal(emulator().resourceManager.activeGrants(osDiskName()), 0, "a grant was left");
  return error;
}

describe("transient faults: the grant succeeds after retrying", () => {
  it("429 with Retry-After on the POST", async () => {
    fault("POST", post, 2, throttled);
    assert.equal(await createSurvives(post), 3);
  });

  it("429 with Retry-After on a status poll", async () => {
    emulator().resourceManager.settings.durationMs = 500;
    fault("GET", poll, 1, throttled);
    assert.ok((await createSurvives(poll)) >= 2);
  });

  it("500 once on the POST", async () => {
    fault("POST", post, 1, () => cloudError(500, "InternalServerError", "Try again."));
    assert.equal(await createSurvives(post), 2);
  });

  it("503 once on a status poll", async () => {
    emulator().resourceManager.settings.durationMs = 500;
    fault("GET", poll, 1, () => cloudError(503, "ServiceUnavailable", "Try again."));
    assert.ok((await createSurvives(poll)) >= 2);
  });

  it("a connection reset in the middle of a status poll", async () => {
    emulator().resourceManager.settings.durationMs = 500;
    fault("GET", poll, 1, () => ({ status: 0, reset: true }));
    assert.ok((await createSurvives(poll)) >= 2);
  });

  it("Resource Manager restarting while the operation runs", async () => {
    emulator().resourceManager.settings.durationMs = 1500;
    const created = grant(inputs());
    await until(() => emulator().requests.some((r) => poll.test(r.path)));
    await emulator().restart(1000);
    const { id, outs } = await created;
    assert.equal((await readRange(outs.accessSAS, 0, 4)).status, 206);
    await provider.delete(id, outs);
  });

  it("a token that expired between create and delete: delete signs in afresh", async () => {
    const { id, outs } = await grant(inputs());
    emulator().identity.expireAll();
    await provider.delete(id, outs);
    assert.equal((await readRange(outs.accessSAS, 0, 4)).status, 403);
  });
});

describe("lasting faults: the grant fails with Azure's words, and leaves nothing granted", () => {
  it("500 on every POST: fails after the SDK's three retries, with the code, status and ids", async () => {
    fault("POST", post, 100, () => cloudError(500, "InternalServerError", "Disk service down."));
    const before = emulator().requests.length;
    const error = await createFails();
    const attempts = emulator()
      .requests.slice(before)
      .filter((r) => post.test(r.path));
    const last = attempts.at(-1)!;
    assert.equal(attempts.length, 4);
    assert.equal(
      error.message,
      `Could not grant access to disk restore point ${osDisk()}: HTTP 500 InternalServerError: Disk service down. (x-ms-request-id: ${last.requestId}, x-ms-correlation-request-id: ${last.correlationId}).`,
    );
    assert.deepEqual(
      [error.code, error.details.statusCode, error.details.accepted],
      ["GrantFailed", 500, undefined],
    );
    emulator().intercepts.length = 0;
  });

  it("a status poll answering 404: Azure had accepted the grant, so it is revoked again", async () => {
    emulator().resourceManager.settings.durationMs = 300;
    fault("GET", poll, 1, () =>
      cloudError(404, "OperationNotFound", "The operation was not found."),
    );
    const before = emulator().requests.length;
    const error = await createFails();
    assert.equal(error.code, "GrantFailed");
    assert.equal(error.details.accepted, true);
    assert.match(
      error.message,
      /: HTTP 404 OperationNotFound: The operation was not found\. \(x-ms-request-id: [-0-9a-f]{36}, x-ms-correlation-request-id: [-0-9a-f]{36}\)\. Access was revoked again\.$/,
    );
    assert.deepEqual(postedActions(emulator(), before), ["beginGetAccess", "endGetAccess"]);
  });

  it("an operation ending Failed behind Azure-AsyncOperation", async () => {
    emulator().resourceManager.settings.failNextOperation = {
      code: "InternalDiskManagementError",
      message: "An internal error occurred.",
    };
    const error = await createFails();
    assert.equal(error.details.armCode, "InternalDiskManagementError");
    assert.match(error.message, /ended Failed: An internal error occurred\. .*revoked again\.$/);
  });

  it("an operation ending Failed behind Location alone", async () => {
    emulator().resourceManager.settings.asyncOperationHeader = false;
    emulator().resourceManager.settings.failNextOperation = {
      code: "InternalDiskManagementError",
      message: "An internal error occurred.",
    };
    const error = await createFails();
    assert.equal(error.code, "GrantIncomplete");
    assert.match(error.message, /returned no accessSAS\. Access was revoked again\.$/);
  });
});

describe("delete is idempotent", () => {
  it("revoking twice succeeds both times", async () => {
    const { id, outs } = await grant(inputs());
    await provider.delete(id, outs);
    const before = emulator().requests.length;
    await provider.delete(id, outs);
    assert.deepEqual(postedActions(emulator(), before), ["endGetAccess"]);
  });

  it("a revoke that fails says so with Azure's words, and a second try revokes", async () => {
    const { id, outs } = await grant(inputs());
    fault("POST", /\/endGetAccess$/, 1, () =>
      cloudError(409, "Conflict", "Another operation is in progress on the disk."),
    );
    const error = await provider.delete(id, outs).then(
      () => assert.fail("delete should have failed"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DiskRestorePointAccessError);
    assert.equal(error.code, "RevokeFailed");
    assert.match(
      error.message,
      /HTTP 409 Conflict: Another operation is in progress on the disk\./,
    );
    assert.equal((await readRange(outs.accessSAS, 0, 4)).status, 206, "still granted");
    await provider.delete(id, outs);
    assert.equal((await readRange(outs.accessSAS, 0, 4)).status, 403);
  });
});
