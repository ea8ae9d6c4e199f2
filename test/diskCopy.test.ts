import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import * as provider from "../src/providers/diskCopy";
import type { DiskCopyOutputs } from "../src/copyLifecycle/copyInputs";
import { copyFixture, sparseDiskExtents } from "./emulator/fixture";
import { readRange, useAzureEmulator } from "./support/useAzureEmulator";

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
