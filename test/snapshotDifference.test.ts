import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { PageBlob } from "../src/azure/pageBlob";
import * as snapshotProvider from "../src/providers/snapshot";
import { nightlyFixture } from "./emulator/fixture";
import { useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator(nightlyFixture());
// Operations answer at once, with no Retry-After: these tests are about copies, not polling.
beforeEach(() => {
  emulator().resourceManager.settings.retryAfterSeconds = undefined;
});
const MiB = 1024 * 1024;
const disk = "web02-datadisk1";

/** A SAS of a snapshot, as a grant returns it. */
async function sasOf(snapshot: string): Promise<string> {
  const { outs } = await snapshotProvider.create({
    snapshotId: emulator().snapshotId(snapshot),
    access: "Read",
    durationInSeconds: 600,
  });
  return String((outs as unknown as { accessSAS: string }).accessSAS);
}

describe("Get Page Ranges between two incremental snapshots of one disk", () => {
  it("lists the pages written and cleared since the older snapshot, paged, and refuses snapshots of another disk", async () => {
    const disks = emulator().resourceManager.managedDisks;
    await disks.takeSnapshot("web02-d1-night1", disk);
    await disks.writeDisk(disk, 2 * MiB, Buffer.alloc(1 * MiB, 7));
    await disks.trimDisk(disk, 100 * MiB, 2 * MiB);
    await disks.writeDisk(disk, 700 * MiB, Buffer.alloc(512, 9));
    await disks.trimDisk(disk, 700 * MiB + 512, 512);
    await disks.takeSnapshot("web02-d1-night2", disk);
    await disks.takeSnapshot("web01-d2-other", "web01-datadisk2");

    const older = await sasOf("web02-d1-night1");
    const newerSas = await sasOf("web02-d1-night2");
    const newer = new PageBlob(newerSas);
    const size = 1024 * MiB + 512;
    const expected = {
      changed: [
        { start: 2 * MiB, end: 3 * MiB },
        { start: 700 * MiB, end: 700 * MiB + 512 },
      ],
      cleared: [
        { start: 100 * MiB, end: 102 * MiB },
        { start: 700 * MiB + 512, end: 700 * MiB + 1024 },
      ],
    };
    assert.deepEqual(await newer.changesSince(older, size), expected);

    const front = emulator().storage.front;
    front.maxRangesPerAnswer = 1;
    const before = front.requests.length;
    try {
      assert.deepEqual(await newer.changesSince(older, size), expected, "the same, paged");
    } finally {
      front.maxRangesPerAnswer = 10_000;
    }
    const asked = front.requests.slice(before).filter((r) => r.operation === "GetPageRanges");
    assert.equal(asked.length, 4, "one answer a range, each from where the last one stopped");

    await assert.rejects(newer.changesSince(await sasOf("web01-d2-other"), size), {
      statusCode: 409,
      code: "PreviousSnapshotOperationNotSupported",
    });
    await assert.rejects(
      new PageBlob(older).changesSince(newerSas, size),
      { statusCode: 400, code: "PreviousSnapshotCannotBeNewer" },
      "the older snapshot is asked for as the previous one",
    );
  });
});
