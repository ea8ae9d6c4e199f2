import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import type { DiskCopyOutputs } from "../src/copyLifecycle/copyInputs";
import { unknownValue } from "../src/lifecycle/grantInputs";
import * as provider from "../src/providers/diskCopy";
import * as snapshotProvider from "../src/providers/snapshot";
import { nightlyFixture } from "./emulator/fixture";
import { mergeTouching, type PageRange } from "./emulator/pageList";
import { storageError } from "./emulator/storageError";
import { useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator(nightlyFixture());
// Operations answer at once, with no Retry-After: these tests are about copies, not polling.
beforeEach(() => {
  emulator().resourceManager.settings.retryAfterSeconds = undefined;
});
/** The outputs of the last copy into the blob, as the first test leaves them. */
let lastCopy: DiskCopyOutputs | undefined;
const MiB = 1024 * 1024;
const disk = "web02-datadisk1";
const blob = "web02-datadisk1.vhd";

/** A page blob, a snapshot of one, or a disk, as a test reads it. */
interface Image {
  ranges(): Promise<PageRange[]>;
  read(offset: number, count: number): Promise<Buffer>;
}

/**
 * Whether two images hold the same bytes: each one's written pages read from both, the pages
 * neither holds being zeros in both.
 */
async function sameImage(left: Image, right: Image): Promise<boolean> {
  const ranges = mergeTouching([...(await left.ranges()), ...(await right.ranges())]);
  for (const { start, end } of ranges) {
    for (let offset = start; offset <= end; offset += 16 * MiB) {
      const count = Math.min(16 * MiB, end + 1 - offset);
      const [a, b] = await Promise.all([left.read(offset, count), right.read(offset, count)]);
      if (!a.equals(b)) {
        return false;
      }
    }
  }
  return true;
}

/** The backup blob (or one of its snapshots) as an image. */
function copied(snapshot?: string, name = blob): Image {
  const storage = emulator().storage;
  return {
    ranges: () => storage.pageRanges("backups", name, snapshot),
    read: (offset, count) =>
      snapshot === undefined
        ? storage.readBlobRange("backups", name, offset, count)
        : storage.readSnapshotRange("backups", name, snapshot, offset, count),
  };
}

/** The disk's bytes now, kept in memory to compare with later. */
async function diskNow(): Promise<Image> {
  const disks = emulator().resourceManager.managedDisks;
  const ranges = await disks.pageRanges("disks", disk);
  const bytes = await Promise.all(
    ranges.map(({ start, end }) => disks.readRange("disks", disk, start, end - start + 1)),
  );
  return {
    ranges: async () => ranges,
    read: async (offset, count) => {
      const out = Buffer.alloc(count);
      ranges.forEach(({ start }, i) => {
        const from = Math.max(0, offset - start);
        const to = Math.min(bytes[i]!.length, offset + count - start);
        if (to > from) {
          bytes[i]!.copy(out, start + from - offset, from, to);
        }
      });
      return out;
    },
  };
}

/** A night: takes the snapshot, then copies it as the program's `DiskCopy` would be updated. */
async function nightlyCopy(snapshot: string, previous?: DiskCopyOutputs) {
  const disks = emulator().resourceManager.managedDisks;
  await disks.takeSnapshot(snapshot, disk);
  const news = {
    sourceId: emulator().snapshotId(snapshot),
    destinationBlobUrl: `${emulator().storage.blobEndpoint}/backups/${blob}`,
  };
  const notes: string[] = [];
  const context = { note: (message: string) => notes.push(message) };
  const front = emulator().storage.front;
  const before = front.requests.length;
  if (!previous) {
    const { outs } = await provider.create(news, context);
    return { outs: outs as DiskCopyOutputs, notes, requests: front.requests.slice(before) };
  }
  const plan: string[] = [];
  const diff = await provider.diff(previous.destinationUrl, previous, news, (message) =>
    plan.push(message),
  );
  assert.deepEqual(diff.replaces, [], "another snapshot into the same blob is no replacement");
  assert.equal(diff.changes, true);
  const since = front.requests.length;
  const { outs } = await provider.update(previous.destinationUrl, previous, news, context);
  return { outs: outs as DiskCopyOutputs, notes, plan, requests: front.requests.slice(since) };
}

describe("DiskCopy over the copy of an earlier snapshot of the same disk", () => {
  it("three nights: copies only what changed (writes and trims), keeps each earlier copy as a readable blob snapshot, and falls back to a full copy, saying so, when the chain is broken", async () => {
    const storage = emulator().storage;
    const disks = emulator().resourceManager.managedDisks;
    await storage.createContainer("backups");
    const night1 = await nightlyCopy("web02-d1-night1");
    const image1 = await diskNow();
    assert.ok(await sameImage(copied(), image1), "night 1: the blob holds the disk as it was");
    assert.equal(night1.outs.incrementalFrom, undefined);
    assert.deepEqual(night1.outs.blobSnapshots, []);

    // Day 2: 1 MiB written, 2 MiB trimmed.
    await disks.writeDisk(disk, 50 * MiB, Buffer.alloc(MiB, 0x5a));
    await disks.trimDisk(disk, 100 * MiB, 2 * MiB);
    const night2 = await nightlyCopy("web02-d1-night2", night1.outs);
    const image2 = await diskNow();
    assert.ok(await sameImage(copied(), image2), "night 2: the blob holds the disk as it was");
    assert.equal(night2.outs.incrementalFrom, emulator().snapshotId("web02-d1-night1"));
    assert.equal(night2.outs.copiedBytes, MiB, "only the megabyte written moved");
    const writes2 = night2.requests.filter((r) => r.operation === "PutPageFromUrl");
    assert.deepEqual(
      writes2.map((r) => r.range),
      [{ start: 50 * MiB, end: 51 * MiB - 1 }],
    );
    const clears2 = night2.requests.filter((r) => r.operation === "ClearPage");
    assert.deepEqual(
      clears2.map((r) => r.range),
      [{ start: 100 * MiB, end: 102 * MiB - 1 }],
    );
    assert.match(night2.notes.join("\n"), /only what changed .* since snapshot .*web02-d1-night1/);
    assert.match(
      night2.plan?.join("\n") ?? "",
      /^DiskCopy into .*web02-datadisk1\.vhd: copies only what changed in .*web02-d1-night2 since .*web02-d1-night1/,
      "the plan says so first",
    );
    assert.equal(night2.outs.blobSnapshots?.length, 1);
    assert.equal(night2.outs.blobSnapshots[0]!.source, emulator().snapshotId("web02-d1-night1"));
    const kept1 = new URL(night2.outs.blobSnapshots[0]!.url).searchParams.get("snapshot")!;
    assert.ok(await sameImage(copied(kept1), image1), "night 1's copy is still there, readable");
    for (const name of ["web02-d1-night1", "web02-d1-night2"]) {
      assert.equal(emulator().resourceManager.activeGrants(name), 0, `${name} is revoked`);
    }

    // Day 3: writes across a 4 MiB boundary and one page, trims of one page and of 64 KiB.
    await disks.writeDisk(disk, 511 * MiB, Buffer.alloc(3 * MiB, 0x33));
    await disks.writeDisk(disk, 900 * MiB, Buffer.alloc(512, 0x44));
    await disks.trimDisk(disk, 4 * MiB - 512, 512);
    await disks.trimDisk(disk, 64 * 1024, 64 * 1024); // a gap a full copy would fill with zeros
    const night3 = await nightlyCopy("web02-d1-night3", night2.outs);
    const image3 = await diskNow();
    assert.ok(await sameImage(copied(), image3), "night 3: the blob holds the disk as it was");
    assert.equal(night3.outs.copiedBytes, 3 * MiB + 512);
    const written3 = night3.requests.filter((r) => r.operation === "PutPageFromUrl");
    assert.equal(
      written3.reduce((sum, r) => sum + r.bytes, 0),
      3 * MiB + 512,
      "the writes hold the changed pages, no more",
    );
    assert.equal(night3.outs.blobSnapshots?.length, 2);
    const kept2 = new URL(night3.outs.blobSnapshots[1]!.url).searchParams.get("snapshot")!;
    assert.ok(await sameImage(copied(kept2), image2), "night 2's copy is still there");
    assert.ok(await sameImage(copied(kept1), image1), "and night 1's");

    // Night 3 again: an update that finished, but whose outputs Pulumi did not record, tried again.
    const retryNotes: string[] = [];
    const retried = (
      await provider.update(
        night2.outs.destinationUrl,
        night2.outs,
        {
          sourceId: emulator().snapshotId("web02-d1-night3"),
          destinationBlobUrl: night2.outs.destinationUrl,
        },
        { note: (message) => retryNotes.push(message) },
      )
    ).outs as DiskCopyOutputs;
    assert.ok(await sameImage(copied(), image3), "the blob is as it was");
    assert.equal(retried.blobSnapshots?.length, 2, "no snapshot more");
    assert.equal(retried.copiedBytes, 0, "nothing moved");
    assert.equal(retried.incrementalFrom, emulator().snapshotId("web02-d1-night2"));
    assert.doesNotMatch(retryNotes.join("\n"), /in full/);

    // Night 4: night 3's snapshot was deleted before the copy: the chain is broken.
    await disks.writeDisk(disk, 600 * MiB, Buffer.alloc(MiB, 0x66));
    await disks.takeSnapshot("web02-d1-night4", disk);
    disks.remove("snapshots", "web02-d1-night3");
    const news = {
      sourceId: emulator().snapshotId("web02-d1-night4"),
      destinationBlobUrl: night3.outs.destinationUrl,
    };
    const plan: string[] = [];
    await provider.diff(night3.outs.destinationUrl, night3.outs, news, (m) => plan.push(m));
    assert.match(
      plan.join("\n"),
      /copies .*web02-d1-night4 in full.*web02-d1-night3, no longer exists/,
    );
    const unknownPlan: string[] = [];
    await provider.diff(
      night3.outs.destinationUrl,
      night3.outs,
      { ...news, sourceId: unknownValue },
      (m) => unknownPlan.push(m),
    );
    assert.match(unknownPlan.join("\n"), /the new source is known once it exists/);
    // That full copy is cut short, and a refresh finds the copy still standing for the next up.
    const cutFull = new AbortController();
    storage.front.onRequest = (request) => {
      if (request.operation === "PutPageFromUrl" && request.status === 201) {
        cutFull.abort();
      }
    };
    try {
      await assert.rejects(
        provider.update(night3.outs.destinationUrl, night3.outs, news, { signal: cutFull.signal }),
        /cancelled/,
      );
    } finally {
      storage.front.onRequest = undefined;
    }
    const standing = await provider.read(night3.outs.destinationUrl, night3.outs);
    assert.equal(standing.id, night3.outs.destinationUrl, "a refresh keeps the copy mid-update");

    // Night 4b, the next try with a newer snapshot: in full again, over what the cut try left.
    await disks.writeDisk(disk, 601 * MiB, Buffer.alloc(MiB, 0x67));
    await disks.takeSnapshot("web02-d1-night4b", disk);
    const notes: string[] = [];
    const { outs } = await provider.update(
      night3.outs.destinationUrl,
      night3.outs,
      { ...news, sourceId: emulator().snapshotId("web02-d1-night4b") },
      { note: (message) => notes.push(message) },
    );
    const night4 = outs as DiskCopyOutputs;
    assert.ok(await sameImage(copied(), await diskNow()), "night 4b: a full copy, still right");
    assert.equal(night4.incrementalFrom, undefined);
    assert.ok(night4.copiedBytes > 7 * MiB, "all the data moved");
    assert.match(notes.join("\n"), /in full: .*web02-d1-night3.* no longer exists/);
    assert.equal(night4.blobSnapshots?.length, 3, "night 3's copy kept once, by the try cut short");

    // Night 5 is cut short; night 6 goes on from night 4, the last copy Pulumi recorded.
    await disks.writeDisk(disk, 20 * MiB, Buffer.alloc(MiB, 0x55));
    await disks.writeDisk(disk, 800 * MiB, Buffer.alloc(MiB, 0x55));
    await disks.takeSnapshot("web02-d1-night5", disk);
    const cut = new AbortController();
    storage.front.onRequest = (request) => {
      if (request.operation === "PutPageFromUrl" && request.status === 201) {
        cut.abort();
      }
    };
    const intoBlob = (snapshot: string) => ({
      sourceId: emulator().snapshotId(snapshot),
      destinationBlobUrl: night4.destinationUrl,
    });
    try {
      await assert.rejects(
        provider.update(night4.destinationUrl, night4, intoBlob("web02-d1-night5"), {
          signal: cut.signal,
        }),
        /cancelled/,
      );
    } finally {
      storage.front.onRequest = undefined;
    }
    await disks.trimDisk(disk, 800 * MiB, MiB);
    await disks.takeSnapshot("web02-d1-night6", disk);
    const night6 = (
      await provider.update(night4.destinationUrl, night4, intoBlob("web02-d1-night6"))
    ).outs as DiskCopyOutputs;
    assert.ok(await sameImage(copied(), await diskNow()), "night 6: whole again");
    assert.equal(night6.incrementalFrom, emulator().snapshotId("web02-d1-night4b"));
    assert.equal(night6.copiedBytes, MiB, "what changed since night 4b and is still written");
    assert.deepEqual(
      night6.blobSnapshots?.map((kept) => kept.source.split("/").at(-1)),
      ["web02-d1-night1", "web02-d1-night2", "web02-d1-night3", "web02-d1-night4b"],
      "night 4b's copy kept once, by the try that was cut short",
    );
    assert.ok(night6.blobSnapshots?.every((kept) => kept.sourceCreatedAt && kept.copiedAt));
    lastCopy = night6;
  });

  it("explains Azure's refusal of a sixth snapshot of one disk with a SAS, changing nothing; deleting the copy deletes the blob and every snapshot of it", async () => {
    const disks = emulator().resourceManager.managedDisks;
    const storage = emulator().storage;
    const recorded = lastCopy!;
    await disks.takeSnapshot("web02-d1-night7", disk);
    await disks.takeSnapshot("web02-d1-adhoc", disk);
    const others = ["web02-d1-night1", "web02-d1-night2", "web02-d1-adhoc", "web01-d1-spare"];
    await disks.takeSnapshot("web01-d1-spare", disk);
    for (const name of others) {
      await snapshotProvider.create({
        snapshotId: emulator().snapshotId(name),
        access: "Read",
        durationInSeconds: 600,
      });
    }
    const rangesBefore = await storage.pageRanges("backups", blob);
    await assert.rejects(
      provider.update(recorded.destinationUrl, recorded, {
        sourceId: emulator().snapshotId("web02-d1-night7"),
        destinationBlobUrl: recorded.destinationUrl,
      }),
      (error: Error) => {
        assert.match(error.message, /web02-d1-night6/);
        assert.match(error.message, /at most five snapshots of one disk have a SAS at a time/);
        return true;
      },
    );
    assert.equal(emulator().resourceManager.activeGrants("web02-d1-night7"), 0, "revoked");
    const after = await provider.read(recorded.destinationUrl, recorded);
    assert.deepEqual(after.props, recorded, "the blob still holds night 6's copy, as it was");
    assert.deepEqual(await storage.pageRanges("backups", blob), rangesBefore, "nothing written");

    await storage.deleteSnapshot(
      "backups",
      blob,
      new URL(recorded.blobSnapshots![1]!.url).searchParams.get("snapshot")!,
    );
    const refreshed = (await provider.read(recorded.destinationUrl, recorded))
      .props as DiskCopyOutputs;
    assert.deepEqual(
      refreshed.blobSnapshots?.map((kept) => kept.source),
      ["web02-d1-night1", "web02-d1-night3", "web02-d1-night4b"].map((n) =>
        emulator().snapshotId(n),
      ),
      "a refresh lists the snapshots left",
    );

    await provider.delete(recorded.destinationUrl, recorded);
    assert.equal(await storage.blobProperties("backups", blob), undefined, "the blob is gone");
    const kept = recorded.blobSnapshots![0]!;
    const snapshot = new URL(kept.url).searchParams.get("snapshot")!;
    await assert.rejects(storage.readSnapshotRange("backups", blob, snapshot, 0, 512), {
      statusCode: 404,
    });
  });

  it("falls back to a full copy, saying so, when Azure refuses to list what changed", async () => {
    const disks = emulator().resourceManager.managedDisks;
    for (const name of ["web02-d1-night1", "web02-d1-night2", "web02-d1-adhoc", "web01-d1-spare"]) {
      await disks.revokeElsewhere("snapshots", name);
    }
    const into = (snapshot: string) => ({
      sourceId: emulator().snapshotId(snapshot),
      destinationBlobUrl: `${emulator().storage.blobEndpoint}/backups/fallback.vhd`,
    });
    const { outs } = await provider.create(into("web02-d1-night6"));
    const front = emulator().storage.front;
    const differences = front.snapshotDifference;
    front.snapshotDifference = () =>
      storageError(
        409,
        "PreviousSnapshotOperationNotSupported",
        "Differential Get Page Ranges is not supported on the previous snapshot.",
      );
    const notes: string[] = [];
    try {
      const updated = (
        await provider.update(outs!.destinationUrl, outs!, into("web02-d1-night7"), {
          note: (message) => notes.push(message),
        })
      ).outs as DiskCopyOutputs;
      assert.equal(updated.incrementalFrom, undefined);
      assert.ok(updated.copiedBytes > 7 * MiB, "all the data moved");
      assert.deepEqual(
        updated.blobSnapshots?.map((kept) => kept.source),
        [emulator().snapshotId("web02-d1-night6")],
      );
    } finally {
      front.snapshotDifference = differences;
    }
    assert.match(
      notes.join("\n"),
      /in full: Azure does not tell what changed since snapshot .*night6 \(PreviousSnapshotOperationNotSupported\)/,
    );
    assert.ok(await sameImage(copied(undefined, "fallback.vhd"), await diskNow()));
  });
});
