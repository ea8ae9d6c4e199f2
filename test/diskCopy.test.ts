import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { isDiskAccessError } from "../src/azure/accessError";
import { isDiskCopyError } from "../src/azure/copyError";
import * as provider from "../src/providers/diskCopy";
import * as snapshotProvider from "../src/providers/snapshot";
import type { DiskCopyOutputs } from "../src/copyLifecycle/copyInputs";
import { copyFixture, sparseDiskExtents } from "./emulator/fixture";
import {
  emulatorSecrets,
  postedActions,
  readRange,
  useAzureEmulator,
} from "./support/useAzureEmulator";

const emulator = useAzureEmulator(copyFixture());
const snapshotName = "web01-datadisk2-20261201";
const MiB = 1024 * 1024;
const size = 1024 * MiB + 512;

/** The source image's written ranges, first and last byte, as Get Page Ranges reports them. */
const sourceRanges = [
  ...sparseDiskExtents.map(([offset, length]) => ({ start: offset, end: offset + length - 1 })),
  { start: size - 512, end: size - 1 },
];

/** The sparse image the snapshot holds. */
const image = copyFixture().snapshots!.find((s) => s.name === snapshotName)!.image!;

/** Checks that a blob holds the image: each extent's bytes, and nothing written elsewhere but zeros. */
async function assertHoldsImage(container: string, blob: string): Promise<void> {
  for (const { offset, bytes } of image.extents) {
    const held = await emulator().storage.readBlobRange(container, blob, offset, bytes.length);
    assert.ok(held.equals(bytes), `the bytes at ${offset} differ`);
  }
}

describe("DiskCopy through its provider", () => {
  beforeEach(async () => {
    await emulator().storage.createContainer("backups");
    const front = emulator().storage.front;
    front.faults.length = 0;
    front.limiter.limits = undefined;
    front.onRequest = undefined;
  });

  it("copies a sparse 1 GiB snapshot into a blob: its data only, server-side, and revokes the snapshot", async () => {
    const front = emulator().storage.front;
    const before = front.requests.length;
    const destinationBlobUrl = `${emulator().storage.blobEndpoint}/backups/web01-datadisk2.vhd`;
    const { id, outs } = await provider.create({
      sourceId: emulator().snapshotId(snapshotName),
      destinationBlobUrl,
    });
    const copy = outs as DiskCopyOutputs;

    assert.equal(id, destinationBlobUrl);
    assert.equal(copy.sizeBytes, size);
    assert.equal(copy.destinationUrl, destinationBlobUrl);
    assert.equal(copy.source, emulator().snapshotId(snapshotName));
    const data = sourceRanges.reduce((sum, r) => sum + r.end - r.start + 1, 0);
    assert.equal(copy.copiedBytes, data + 1024, "the data and the two pages between two files");

    const writes = front.requests.slice(before).filter((r) => r.operation === "PutPageFromUrl");
    assert.equal(writes.length, 7, "one Put Page From URL a piece of the plan");
    assert.ok(writes.every((w) => w.status === 201 && w.auth === "bearer"));
    assert.ok(
      writes.every((w) => w.bytes <= 4 * MiB && w.range!.start % 512 === 0),
      "at most 4 MiB, whole pages",
    );
    assert.equal(
      front.requests.slice(before).filter((r) => r.operation === "GetBlob").length,
      0,
      "no byte of the disk passed through this machine",
    );

    await assertHoldsImage("backups", "web01-datadisk2.vhd");
    const ranges = await emulator().storage.pageRanges("backups", "web01-datadisk2.vhd");
    const gap = sourceRanges[1]!.end + 1;
    assert.deepEqual(ranges, [
      sourceRanges[0],
      { start: sourceRanges[1]!.start, end: sourceRanges[2]!.end },
      ...sourceRanges.slice(3),
    ]);
    assert.ok(
      (await emulator().storage.readBlobRange("backups", "web01-datadisk2.vhd", gap, 1024)).equals(
        Buffer.alloc(1024),
      ),
      "the gap merged between two files holds zeros, as in the source",
    );
    const properties = await emulator().storage.blobProperties("backups", "web01-datadisk2.vhd");
    assert.equal(properties?.contentLength, size);
    assert.equal(properties?.blobType, "PageBlob");
    assert.equal(properties?.metadata?.["diskcopystate"], "complete");
    assert.equal(
      emulator().resourceManager.activeGrants(snapshotName),
      0,
      "the snapshot is revoked",
    );
    assert.equal(
      emulator().resourceManager.managedDisks.diskState("snapshots", snapshotName),
      "Unattached",
    );
    const sas = emulator().storage.minted.at(-1)!;
    assert.equal((await readRange(sas, 0, 511)).status, 403, "its SAS opens nothing any more");
  });
});

/** A copy of the sparse snapshot into a blob of the `backups` container. */
function intoBlob(blob: string, others: Record<string, unknown> = {}) {
  return {
    sourceId: emulator().snapshotId(snapshotName),
    destinationBlobUrl: `${emulator().storage.blobEndpoint}/backups/${blob}`,
    ...others,
  };
}

/** The copy's Put Page From URL requests into `blob` since request `since`, as answered. */
function writesInto(blob: string, since = 0) {
  return emulator()
    .storage.front.requests.slice(since)
    .filter((r) => r.operation === "PutPageFromUrl" && r.path.endsWith(`/${blob}`));
}

/** Runs a create that must fail, and returns its error. */
async function failedCopy(inputs: object): Promise<Error> {
  return provider.create(inputs).then(
    () => assert.fail("the copy succeeded"),
    (error: Error) => error,
  );
}

/** Checks that an error shows no secret the emulator handed out. */
function assertNoSecret(error: Error): void {
  const text = `${error.message}\n${error.stack ?? ""}`;
  for (const secret of emulatorSecrets(emulator())) {
    assert.ok(!text.includes(secret), "no SAS, token or client secret in the error");
  }
}

describe("DiskCopy survives what breaks copies", () => {
  beforeEach(async () => {
    await emulator().storage.createContainer("backups");
    const front = emulator().storage.front;
    front.faults.length = 0;
    front.limiter.limits = undefined;
    front.onRequest = undefined;
    front.maxRangesPerAnswer = 10_000;
    emulator().roles.dataActions = undefined;
  });

  it("503 ServerBusy bursts and 500 OperationTimedOut: slows down, waits a Retry-After, completes", async () => {
    const front = emulator().storage.front;
    front.faults.push({ kind: "serverBusy", times: 6 });
    front.faults.push({ kind: "serverBusy", times: 1, retryAfterSeconds: 2 });
    front.faults.push({ kind: "operationTimedOut", times: 3 });
    const since = front.requests.length;
    await provider.create(intoBlob("throttled.vhd"));

    const writes = writesInto("throttled.vhd", since);
    assert.deepEqual(
      writes.map((w) => w.status).filter((s) => s !== 201),
      [...Array<number>(7).fill(503), 500, 500, 500],
    );
    assert.equal(writes.filter((w) => w.status === 201).length, 7, "every piece once");
    // Once the answer with Retry-After is in, nothing is sent for two seconds (those sent before
    // it arrive at once).
    const retryAfter = writes[6]!;
    const early = writes.filter((w) => w.at > retryAfter.at + 400 && w.at < retryAfter.at + 1900);
    assert.deepEqual(early, [], "the next writes waited the Retry-After");
    await assertHoldsImage("backups", "throttled.vhd");
  });

  it("a connection reset in a range: the piece is tried again, and the copy is whole", async () => {
    emulator().storage.front.faults.push({ kind: "reset", times: 2 });
    const since = emulator().storage.front.requests.length;
    await provider.create(intoBlob("reset.vhd"));
    assert.equal(writesInto("reset.vhd", since).filter((w) => w.status === 0).length, 2);
    await assertHoldsImage("backups", "reset.vhd");
  });

  it("the source's SAS revoked mid-copy: access is granted again and the copy goes on", async () => {
    const front = emulator().storage.front;
    let revoked = false;
    front.onRequest = (request) => {
      if (!revoked && request.operation === "PutPageFromUrl" && request.status === 201) {
        revoked = true;
        void emulator().resourceManager.managedDisks.revokeElsewhere("snapshots", snapshotName);
      }
    };
    const since = emulator().requests.length;
    const frontSince = front.requests.length;
    await provider.create(intoBlob("regranted.vhd"));

    assert.ok(
      writesInto("regranted.vhd", frontSince).some(
        (w) => w.status === 403 && w.errorCode === "CannotVerifyCopySource",
      ),
      "a piece met the revoked SAS",
    );
    assert.deepEqual(postedActions(emulator(), since), [
      "beginGetAccess",
      "beginGetAccess",
      "endGetAccess",
    ]);
    await assertHoldsImage("backups", "regranted.vhd");
    assert.equal(emulator().resourceManager.activeGrants(snapshotName), 0);
  });

  it("a copy that outlasts its grant: granted again before the SAS runs out, and goes on", async () => {
    // A blob taking 1 MiB/s: the copy of 13.8 MiB outlasts a 10-second grant.
    const front = emulator().storage.front;
    front.limiter.limits = { bytesPerSecond: MiB, requestsPerSecond: 100 };
    const since = emulator().requests.length;
    const frontSince = front.requests.length;
    await provider.create(intoBlob("renewed.vhd", { grantDurationInSeconds: 10 }));

    const grants = emulator()
      .requests.slice(since)
      .filter((r) => r.method === "POST" && /\/(begin|end)GetAccess$/.test(r.path));
    assert.deepEqual(
      grants.map((r) => r.path.split("/").at(-1)),
      ["beginGetAccess", "beginGetAccess", "endGetAccess"],
    );
    const renewedAfter = grants[1]!.at - grants[0]!.at;
    assert.ok(
      renewedAfter >= 7000 && renewedAfter < 10_000,
      `granted again after ${renewedAfter} ms`,
    );
    assert.ok(
      writesInto("renewed.vhd", frontSince).every((w) => w.status !== 403),
      "no piece met a SAS that ran out",
    );
    await assertHoldsImage("backups", "renewed.vhd");
  });

  it("a SAS handed in (sourceSasUrl) and revoked mid-copy: fails with Azure's code, what to do, and how far it got", async () => {
    const { outs } = await snapshotProvider.create({
      snapshotId: emulator().snapshotId(snapshotName),
      access: "Read",
      durationInSeconds: 600,
    });
    const front = emulator().storage.front;
    front.onRequest = (request) => {
      if (request.operation === "PutPageFromUrl" && request.status === 201) {
        front.onRequest = undefined;
        void emulator().resourceManager.managedDisks.revokeElsewhere("snapshots", snapshotName);
      }
    };
    const error = await failedCopy({
      sourceSasUrl: String(outs?.["accessSAS"]),
      destinationBlobUrl: `${emulator().storage.blobEndpoint}/backups/handed.vhd`,
    });
    assert.ok(isDiskCopyError(error));
    assert.equal(error.code, "CopyFailed");
    assert.match(
      error.message,
      /^Could not copy the blob https:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/md-[0-9a-f]+\/abcd\?snapshot=\S+ \(sourceSasUrl\) to https:\/\/.*\/backups\/handed\.vhd: HTTP 403 CannotVerifyCopySource: This request is not authorized to perform this operation\. \(x-ms-request-id: [0-9a-f-]+\)\. The SAS handed in through sourceSasUrl ran out or was revoked before the copy ended: .* Copied .* of 13\.8 MiB \(\d+ %\) before the copy stopped\. The blob keeps what was copied: the next `pulumi up` goes on from there \(delete the blob to start over\)\.$/,
    );
    assertNoSecret(error);
  });

  it("per-blob limits like Azure's: paced under them, every piece written once", async () => {
    const front = emulator().storage.front;
    front.limiter.limits = { bytesPerSecond: 8 * MiB, requestsPerSecond: 40 };
    const since = front.requests.length;
    await provider.create(intoBlob("limited.vhd"));
    const writes = writesInto("limited.vhd", since);
    assert.equal(writes.filter((w) => w.status === 201).length, 7);
    await assertHoldsImage("backups", "limited.vhd");
  });

  it("lists the source's ranges page by page, by marker", async () => {
    const front = emulator().storage.front;
    front.maxRangesPerAnswer = 2;
    const since = front.requests.length;
    const { outs } = await provider.create(intoBlob("paged.vhd"));
    const listings = front.requests
      .slice(since)
      .filter((r) => r.operation === "GetPageRanges" && r.auth === "sas");
    assert.equal(listings.length, 3, "six ranges, two an answer");
    assert.equal(
      (outs as DiskCopyOutputs).copiedBytes,
      image.extents.reduce((sum, e) => sum + e.bytes.length, 0) + 1024,
    );
    await assertHoldsImage("backups", "paged.vhd");
  });
});

describe("DiskCopy's refusals and failures say what went wrong and what to do", () => {
  beforeEach(async () => {
    await emulator().storage.createContainer("backups");
    emulator().storage.front.faults.length = 0;
    emulator().storage.front.limiter.limits = undefined;
    emulator().roles.dataActions = undefined;
  });

  it("without the role Storage Blob Data Contributor: AuthorizationPermissionMismatch, and the source revoked", async () => {
    emulator().roles.dataActions = [
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
    ];
    const error = await failedCopy(intoBlob("no-role.vhd"));
    assert.match(
      error.message,
      /^Could not copy snapshot \/subscriptions\/.*\/snapshots\/web01-datadisk2-20261201 to https:\/\/.*\/backups\/no-role\.vhd: HTTP 403 AuthorizationPermissionMismatch: This request is not authorized to perform this operation using this permission\. \(x-ms-request-id: [0-9a-f-]+\)\. The identity the provider signs in as needs the role Storage Blob Data Contributor on the storage account or the container: Owner and Contributor grant no access to the data\. A role assigned in the last minutes may not have taken effect yet \(Azure takes up to ten\): run pulumi up again\. Access to snapshot .* was revoked\.$/,
    );
    assert.equal(emulator().resourceManager.activeGrants(snapshotName), 0);
    assertNoSecret(error);
  });

  it("a blob that exists and holds something else: refused, unless overwrite", async () => {
    await emulator().storage.putPageBlob(
      { container: "backups", blob: "taken.vhd" },
      Buffer.alloc(4096, 7),
    );
    const error = await failedCopy(intoBlob("taken.vhd"));
    assert.ok(isDiskCopyError(error) && error.code === "CopyRefused");
    assert.match(
      error.message,
      /^Could not copy snapshot .* to https:\/\/.*\/backups\/taken\.vhd: the blob exists and holds 4096 bytes that no DiskCopy wrote\. Set overwrite: true to replace it, or name another blob\. Access to snapshot .* was revoked\.$/,
    );
    assert.equal(
      (await emulator().storage.blobProperties("backups", "taken.vhd"))?.contentLength,
      4096,
      "left as it was",
    );

    await provider.create(intoBlob("taken.vhd", { overwrite: true }));
    await assertHoldsImage("backups", "taken.vhd");
  });

  it("a source disk attached to a running VM: Azure's refusal, and what to do", async () => {
    const error = await failedCopy({
      sourceId: emulator().diskId("web01-osdisk"),
      destinationBlobUrl: `${emulator().storage.blobEndpoint}/backups/attached.vhd`,
    });
    assert.ok(isDiskAccessError(error));
    assert.match(
      error.message,
      /^Could not grant access to managed disk .*\/disks\/web01-osdisk: HTTP 409 Conflict: Access not permitted because disk web01-osdisk is currently attached to running VM .*\. .*Deallocate the VM .* or take a snapshot of the disk/,
    );
    assert.equal(await emulator().storage.blobProperties("backups", "attached.vhd"), undefined);
  });

  it("a source larger than a page blob holds: refused before anything is written, and revoked", async () => {
    const error = await failedCopy({
      sourceId: emulator().snapshotId("archive-9tib-20261201"),
      destinationBlobUrl: `${emulator().storage.blobEndpoint}/backups/archive.vhd`,
    });
    assert.ok(isDiskCopyError(error) && error.code === "CopyRefused");
    assert.match(
      error.message,
      /to https:\/\/.*\/backups\/archive\.vhd: the source is 9895604650496 bytes; a page blob holds at most 8796093022208 bytes \(8 TiB\)\. Copy it into a managed disk \(destinationDiskId\), which takes up to 32 TiB\. Access to snapshot .* was revoked\.$/,
    );
    assert.equal(await emulator().storage.blobProperties("backups", "archive.vhd"), undefined);
    assert.equal(emulator().resourceManager.activeGrants("archive-9tib-20261201"), 0);
  });

  it("a destination disk of another size, or not created for upload: refused with what to declare", async () => {
    const wrongSize = await failedCopy({
      sourceId: emulator().snapshotId(snapshotName),
      destinationDiskId: emulator().diskId("upload-target"),
    });
    assert.match(
      wrongSize.message,
      /: the disk was created for an upload of 1049088 bytes; the source is 1073742336 bytes\. Declare uploadSizeBytes: 1073742336 \(the source's size, its VHD footer included\), which replaces the disk\./,
    );
    const notForUpload = await failedCopy({
      sourceId: emulator().snapshotId(snapshotName),
      destinationDiskId: emulator().diskId("web01-datadisk2"),
    });
    assert.match(
      notForUpload.message,
      /to managed disk .*\/disks\/web01-datadisk2: the disk was created with createOption "Empty", not for upload\. A copy writes into a disk created for upload: creationData: \{ createOption: "Upload", uploadSizeBytes: 1073742336 \}\./,
    );
    assert.equal(emulator().resourceManager.activeGrants(snapshotName), 0);
  });
});

describe("DiskCopy into a managed disk created for upload", () => {
  it("grants Write, copies the data with the VHD footer last, and revokes, which finishes the upload", async () => {
    const destination = "restored-datadisk2";
    const disks = emulator().resourceManager.managedDisks;
    assert.equal(disks.diskState("disks", destination), "ReadyToUpload");
    const since = emulator().storage.front.requests.length;
    const { id, outs } = await provider.create({
      sourceId: emulator().diskRestorePointId(2),
      destinationDiskId: emulator().diskId(destination),
    });

    assert.equal(id, emulator().diskId(destination));
    assert.equal((outs as DiskCopyOutputs).destinationUrl, id);
    assert.equal(disks.diskState("disks", destination), "Unattached", "the upload is finished");
    assert.equal(emulator().resourceManager.activeGrants(destination), 0);
    const writes = emulator()
      .storage.front.requests.slice(since)
      .filter((r) => r.operation === "PutPageFromUrl" && r.status === 201);
    assert.equal(writes.length, 7);
    assert.deepEqual(writes.at(-1)!.range, { start: size - 512, end: size - 1 }, "the footer last");
    for (const { offset, bytes } of image.extents) {
      assert.ok((await disks.readRange("disks", destination, offset, bytes.length)).equals(bytes));
    }
  });
});
