import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import { DiskAccessError } from "../src/azure/accessError";
import * as diskRestorePoint from "../src/providers/diskRestorePoint";
import * as managedDisk from "../src/providers/managedDisk";
import * as snapshot from "../src/providers/snapshot";
import type { Intercept } from "./emulator";
import { cloudError } from "./emulator/http";
import { until } from "./support/until";
import { withEnv } from "./support/withEnv";
import { postedActions, readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
// Operations ask for no wait between polls, so that each fault shows in the time it costs alone.
beforeEach(() => (emulator().resourceManager.settings.retryAfterSeconds = undefined));

/** A kind of resource with one target, as the fault matrix drives it. */
interface Kind {
  what: string;
  provider: typeof diskRestorePoint;
  noun: string;
  /** The target's name in the emulator, and its id. */
  name(): string;
  id(): string;
  target(): Record<string, string>;
}
const kinds: Kind[] = [
  {
    what: "DiskRestorePointAccess",
    provider: diskRestorePoint,
    noun: "disk restore point",
    name: () => emulator().fixture.disks[0]!.name,
    id: () => emulator().diskRestorePointId(0),
    target: () => ({ diskRestorePointId: emulator().diskRestorePointId(0) }),
  },
  {
    what: "ManagedDiskAccess",
    provider: managedDisk,
    noun: "managed disk",
    name: () => "web01-datadisk2",
    id: () => emulator().diskId("web01-datadisk2"),
    target: () => ({ diskId: emulator().diskId("web01-datadisk2") }),
  },
  {
    what: "SnapshotAccess",
    provider: snapshot,
    noun: "snapshot",
    name: () => "web01-osdisk-20261125",
    id: () => emulator().snapshotId("web01-osdisk-20261125"),
    target: () => ({ snapshotId: emulator().snapshotId("web01-osdisk-20261125") }),
  },
];
/** The kind the running tests drive. */
let kind = kinds[0]!;
const inputs = () => ({ ...kind.target(), access: "Read" as const, durationInSeconds: 600 });

/** Grants through the kind's provider. */
async function grant(): Promise<{ id: string; outs: Record<string, unknown> }> {
  const { id, outs } = await kind.provider.create(inputs());
  assert.ok(outs);
  return { id, outs };
}
const sasOf = (outs: Record<string, unknown>) => String(outs["accessSAS"]);

const post = /\/beginGetAccess$/;
const poll = /\/DiskOperations\//;
const throttled = (retryAfterSeconds: number) => () => ({
  ...cloudError(429, "TooManyRequests", "The request is being throttled."),
  headers: { "retry-after": String(retryAfterSeconds) },
});

/** Answers the next `times` requests matching `method` and `path` with `respond`. */
function fault(method: string, path: RegExp, times: number, respond: Intercept["respond"]) {
  emulator().intercepts.push({ method, path, times, respond });
}

/**
 * Creates, and checks that the SAS opens the disk and that the fault was served; revokes again.
 * Returns the HTTP status of each request to `path` in order (0: the connection was dropped).
 */
async function createSurvives(path: RegExp): Promise<number[]> {
  const before = emulator().requests.length;
  const { id, outs } = await grant();
  assert.equal((await readRange(sasOf(outs), 0, 4)).status, 206);
  assert.equal(emulator().intercepts.length, 0, "the fault was served");
  const statuses = emulator()
    .requests.slice(before)
    .filter((r) => path.test(r.path))
    .map((r) => r.status);
  await kind.provider.delete(id, outs);
  assert.equal(emulator().resourceManager.activeGrants(kind.name()), 0);
  return statuses;
}

/** Creates, expecting a failure; checks that no grant is left in force. */
async function createFails(): Promise<DiskAccessError> {
  const error = await kind.provider.create(inputs()).then(
    () => assert.fail("create should have failed"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DiskAccessError, String(error));
  assert.equal(emulator().resourceManager.activeGrants(kind.name()), 0, "a grant was left");
  return error;
}

/** The grant's status polls since `before` that were answered 200 (not the final `Location` request). */
function answeredGrantPolls(before: number) {
  const sent = emulator().requests.slice(before);
  return sent
    .slice(
      0,
      sent.findIndex((r) => r.path.endsWith("/endGetAccess")),
    )
    .filter((r) => poll.test(r.path) && r.query["monitor"] !== "true" && r.status === 200);
}

for (const each of kinds) {
  describe(each.what, () => {
    before(() => (kind = each));

    describe("transient faults: the grant succeeds after retrying", () => {
      it("429 with Retry-After on the POST", async () => {
        fault("POST", post, 2, throttled(1));
        assert.deepEqual(await createSurvives(post), [429, 429, 202]);
      });

      it("twelve 429s in a row on the POST: more than the SDK's own four tries survive", async () => {
        fault("POST", post, 12, throttled(0));
        assert.deepEqual(await createSurvives(post), [...Array<number>(12).fill(429), 202]);
      });

      it("a status poll throttled three times in a row: the poller slows down, polling later and less", async () => {
        emulator().resourceManager.settings.durationMs = 2000;
        const calm = emulator().requests.length;
        await createSurvives(poll);
        const calmPolls = answeredGrantPolls(calm);

        const stormy = emulator().requests.length;
        fault("GET", poll, 3, throttled(0));
        const statuses = await createSurvives(poll);
        const stormyPolls = answeredGrantPolls(stormy);

        assert.deepEqual(statuses.slice(0, 4), [429, 429, 429, 200]);
        assert.ok(
          stormyPolls.length < calmPolls.length,
          `${stormyPolls.length} polls throttled against ${calmPolls.length} calm`,
        );
        const gap = (polls: typeof calmPolls) => polls[1]!.at - polls[0]!.at;
        // Two throttled polls double the wait twice (4x); a busy machine's late timers and round
        // trips shave some of it off.
        assert.ok(
          gap(stormyPolls) >= 2.5 * gap(calmPolls),
          `second poll ${gap(stormyPolls)} ms after the first, against ${gap(calmPolls)} ms calm`,
        );
      });

      it("500 once on the POST", async () => {
        fault("POST", post, 1, () => cloudError(500, "InternalServerError", "Try again."));
        assert.deepEqual(await createSurvives(post), [500, 202]);
      });

      it("503 once on a status poll", async () => {
        emulator().resourceManager.settings.durationMs = 500;
        fault("GET", poll, 1, () => cloudError(503, "ServiceUnavailable", "Try again."));
        assert.deepEqual((await createSurvives(poll)).slice(0, 2), [503, 200]);
      });

      it("a connection reset in the middle of a status poll", async () => {
        emulator().resourceManager.settings.durationMs = 500;
        fault("GET", poll, 1, () => ({ status: 0, reset: true }));
        assert.deepEqual((await createSurvives(poll)).slice(0, 2), [0, 200]);
      });

      it("Resource Manager restarting while the operation runs", async () => {
        // Down for two and a half polls at Retry-After 1 s: a busy machine delays a poll, never two.
        emulator().resourceManager.settings.durationMs = 3000;
        const created = grant();
        await until(() => emulator().requests.some((r) => poll.test(r.path)));
        const refused = await emulator().restart(2500);
        const { id, outs } = await created;
        assert.ok(refused > 0, "no request met the outage");
        assert.equal((await readRange(sasOf(outs), 0, 4)).status, 206);
        await kind.provider.delete(id, outs);
      });

      it("a token that expired between create and delete: delete signs in afresh", async () => {
        const { id, outs } = await grant();
        emulator().identity.expireAll();
        await kind.provider.delete(id, outs);
        assert.equal((await readRange(sasOf(outs), 0, 4)).status, 403);
      });
    });

    describe("lasting faults: the grant fails with Azure's words, and leaves nothing granted", () => {
      it("500 on every POST: fails after the SDK's three retries, with the code, status and ids", async () => {
        fault("POST", post, 100, () =>
          cloudError(500, "InternalServerError", "Disk service down."),
        );
        const before = emulator().requests.length;
        const error = await createFails();
        const attempts = emulator()
          .requests.slice(before)
          .filter((r) => post.test(r.path));
        const last = attempts.at(-1)!;
        assert.equal(attempts.length, 4);
        assert.equal(
          error.message,
          `Could not grant access to ${kind.noun} ${kind.id()}: HTTP 500 InternalServerError: Disk service down. (x-ms-request-id: ${last.requestId}, x-ms-correlation-request-id: ${last.correlationId}).`,
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

      for (const asyncOperationHeader of [true, false]) {
        it(`an operation that grants, then ends Failed behind ${asyncOperationHeader ? "Azure-AsyncOperation" : "Location alone"}: revoked again`, async () => {
          Object.assign(emulator().resourceManager.settings, {
            asyncOperationHeader,
            failNextOperation: {
              code: "InternalDiskManagementError",
              message: "An internal error occurred.",
            },
          });
          const error = await createFails();
          assert.equal(error.code, "GrantFailed");
          assert.equal(error.details.armCode, "InternalDiskManagementError");
          assert.match(
            error.message,
            /ended Failed: An internal error occurred\. .*revoked again\.$/,
          );
        });
      }
    });

    describe("delete is idempotent", () => {
      it("revoking twice succeeds both times", async () => {
        const { id, outs } = await grant();
        await kind.provider.delete(id, outs);
        const before = emulator().requests.length;
        await kind.provider.delete(id, outs);
        assert.deepEqual(postedActions(emulator(), before), ["endGetAccess"]);
      });

      it("a revoke that fails says so with Azure's words, and a second try revokes", async () => {
        const { id, outs } = await grant();
        fault("POST", /\/endGetAccess$/, 1, () =>
          cloudError(409, "Conflict", "Another operation is in progress on the disk."),
        );
        const error = await kind.provider.delete(id, outs).then(
          () => assert.fail("delete should have failed"),
          (e: unknown) => e,
        );
        assert.ok(error instanceof DiskAccessError);
        assert.equal(error.code, "RevokeFailed");
        assert.match(
          error.message,
          /HTTP 409 Conflict: Another operation is in progress on the disk\./,
        );
        assert.equal((await readRange(sasOf(outs), 0, 4)).status, 206, "still granted");
        await kind.provider.delete(id, outs);
        assert.equal((await readRange(sasOf(outs), 0, 4)).status, 403);
      });
    });
  });
}

describe("cloud metadata, the same for every kind", () => {
  it("the cloud's metadata host answering 500 once: the SDK's pipeline tries again", async () => {
    fault("GET", /^\/metadata\/endpoints$/, 1, () =>
      cloudError(500, "InternalServerError", "Try again."),
    );
    // A host name of its own: the provider keeps each cloud's endpoints for the process's life.
    const { port } = new URL(emulator().url);
    const statuses = await withEnv({ ARM_METADATA_HOSTNAME: `localhost:${port}` }, () =>
      createSurvives(/^\/metadata\/endpoints$/),
    );
    assert.deepEqual(statuses, [500, 200]);
  });
});
