import { AnonymousCredential, PageBlobClient, RestError } from "@azure/storage-blob";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { resolveCloud } from "../src/azure/cloud";
import { createCredential } from "../src/azure/credential";
import { readAzureSettings } from "../src/azure/settings";
import { userAgentPrefix } from "../src/azure/userAgent";
import * as snapshotProvider from "../src/providers/snapshot";
import { copyFixture, sparseDiskExtents } from "./emulator/fixture";
import { useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator(copyFixture());
const snapshotName = "web01-datadisk2-20261201";
const MiB = 1024 * 1024;

/**
 * A client of a blob of the emulator's account, signed in with Entra ID as the provider signs in
 * (the principal's client secret, through the emulated cloud's login endpoint).
 */
async function signedIn(blob: string): Promise<PageBlobClient> {
  const settings = readAzureSettings(() => undefined);
  const credential = createCredential(settings, await resolveCloud(settings));
  return new PageBlobClient(`${emulator().storage.blobEndpoint}/${blob}`, credential, {
    retryOptions: { maxTries: 1 },
    userAgentOptions: { userAgentPrefix },
  });
}

/** A client of a blob through a SAS URL. */
function withSas(sas: string): PageBlobClient {
  return new PageBlobClient(sas, new AnonymousCredential(), { retryOptions: { maxTries: 1 } });
}

/** Grants read access to the sparse snapshot through the provider, and returns its SAS. */
async function snapshotSas(): Promise<string> {
  const { outs } = await snapshotProvider.create({
    snapshotId: emulator().snapshotId(snapshotName),
    access: "Read",
    durationInSeconds: 3600,
  });
  return String(outs?.["accessSAS"]);
}

async function refusal(call: Promise<unknown>): Promise<RestError> {
  const error = await call.then(
    () => assert.fail("the call succeeded"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof RestError, String(error));
  return error;
}

describe("the Blob endpoint serves what a copy calls, as Azure Storage does", () => {
  beforeEach(async () => {
    await emulator().storage.createContainer("backups");
    emulator().storage.front.faults.length = 0;
    emulator().storage.front.limiter.limits = undefined;
    emulator().roles.dataActions = undefined;
  });

  it("answers Get Page Ranges with contiguous pages merged and pages them by marker", async () => {
    const source = withSas(await snapshotSas());
    const pages: { ranges: [number, number][]; marker: string | undefined }[] = [];
    for await (const page of source.listPageRanges().byPage({ maxPageSize: 2 })) {
      pages.push({
        ranges: (page.pageRange ?? []).map((r) => [r.start, r.end]),
        marker: page.continuationToken,
      });
    }
    const size = 1024 * MiB + 512;
    const expected: [number, number][] = [
      ...sparseDiskExtents.map(([offset, length]): [number, number] => [
        offset,
        offset + length - 1,
      ]),
      [size - 512, size - 1],
    ];
    assert.deepEqual(
      pages.flatMap((p) => p.ranges),
      expected,
    );
    assert.equal(pages.length, 3, "six ranges, two an answer");
    assert.ok(pages[0]!.marker && pages[1]!.marker, "a marker for the rest");
  });

  it("copies pages server-side with Put Page From URL into a blob written with Entra ID", async () => {
    const sas = await snapshotSas();
    const destination = await signedIn("backups/pages.vhd");
    await destination.create(8 * MiB);
    await destination.uploadPagesFromURL(sas, 64 * MiB, 512, 4 * MiB);

    const copied = await destination.download(512, 4 * MiB);
    const original = await withSas(sas).download(64 * MiB, 4 * MiB);
    const bytes = async (d: typeof copied) => {
      const chunks: Buffer[] = [];
      for await (const chunk of d.readableStreamBody!) {
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks);
    };
    assert.ok((await bytes(copied)).equals(await bytes(original)));
    const ranges = await destination.getPageRanges();
    assert.deepEqual(ranges.pageRange, [{ offset: 512, count: 4 * MiB - 1 }]);
    const record = emulator().storage.front.requests.findLast(
      (r) => r.operation === "PutPageFromUrl",
    )!;
    assert.deepEqual(
      { auth: record.auth, range: record.range, bytes: record.bytes },
      { auth: "bearer", range: { start: 512, end: 4 * MiB + 511 }, bytes: 4 * MiB },
    );
  });

  it("refuses ranges off page boundaries or over 4 MiB, and a source that refuses the read", async () => {
    const sas = await snapshotSas();
    const destination = await signedIn("backups/refused.vhd");
    await destination.create(16 * MiB);

    assert.equal(
      (await refusal(destination.uploadPagesFromURL(sas, 0, 100, 512))).code,
      "InvalidPageRange",
    );
    assert.equal(
      (await refusal(destination.uploadPagesFromURL(sas, 0, 0, 4 * MiB + 512))).code,
      "RequestBodyTooLarge",
    );
    const revoked = new URL(sas);
    revoked.searchParams.set("sig", "bm90IHRoZSBzaWduYXR1cmU=");
    const refused = await refusal(destination.uploadPagesFromURL(revoked.href, 0, 0, 512));
    assert.equal(refused.code, "CannotVerifyCopySource");
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.response?.headers.get("x-ms-copy-source-status-code"), "403");
  });

  it("refuses a signed-in request without a data role, and one without a token", async () => {
    emulator().roles.dataActions = [];
    const refused = await refusal((await signedIn("backups/no-role.vhd")).create(512));
    assert.equal(refused.code, "AuthorizationPermissionMismatch");
    assert.equal(refused.statusCode, 403);

    const anonymous = withSas(`${emulator().storage.blobEndpoint}/backups/x.vhd`);
    assert.equal((await refusal(anonymous.create(512))).code, "NoAuthenticationInformation");
  });

  it("admits a blob's requests up to its limits and answers 503 ServerBusy beyond them", async () => {
    const front = emulator().storage.front;
    front.limiter.limits = { bytesPerSecond: 8 * MiB, requestsPerSecond: 20 };
    const destination = await signedIn("backups/limited.vhd");
    await destination.create(64 * MiB);
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        destination.uploadPages(Buffer.alloc(512, 1), i * 512, 512).then(
          () => "ok",
          (e: RestError) => e.code,
        ),
      ),
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    const admitted = answers.filter((a) => a === "ok").length;
    assert.ok(answers.includes("ServerBusy"), "a burst over the limit is refused");
    assert.ok(
      admitted <= 20 + 20 * elapsedSeconds + 1,
      `${admitted} admitted in ${elapsedSeconds} s`,
    );
  });

  it("injects faults: 503 ServerBusy with Retry-After, 500 OperationTimedOut, a dropped connection", async () => {
    const sas = await snapshotSas();
    const destination = await signedIn("backups/faults.vhd");
    await destination.create(MiB);
    const front = emulator().storage.front;
    front.faults.push({ kind: "serverBusy", times: 1, retryAfterSeconds: 3 });
    front.faults.push({ kind: "operationTimedOut", times: 1 });
    const busy = await refusal(destination.uploadPagesFromURL(sas, 0, 0, 512));
    assert.equal(busy.code, "ServerBusy");
    assert.equal(busy.response?.headers.get("retry-after"), "3");
    assert.equal(
      (await refusal(destination.uploadPagesFromURL(sas, 0, 0, 512))).code,
      "OperationTimedOut",
    );
    front.faults.push({ kind: "reset", times: 1 });
    const dropped = await destination.uploadPagesFromURL(sas, 0, 512, 512).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(dropped instanceof Error);
    assert.deepEqual(
      (await destination.getPageRanges()).pageRange,
      [{ offset: 512, count: 511 }],
      "the write happened before the connection dropped",
    );
  });
});
