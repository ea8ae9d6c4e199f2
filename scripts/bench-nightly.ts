// `npm run bench`, its third part: a nightly backup. A 1 GiB disk holding 512 MiB of data is copied
// into a blob from its first incremental snapshot; the next day changes 1 % of the disk (writes
// scattered over it, and a trim), and its second snapshot is copied twice in one run: in full into
// a new blob (a DiskCopy created), and over the first copy (the DiskCopy updated: only what
// changed). Both run in the provider plugin's process against the local emulator, each blob held to
// the same per-blob limits as the copy bench. Printed: wall time, bytes and requests written, the
// ratio. Both copies are checked against the disk, page for page.
import type { AzureEmulator } from "../test/emulator";
import { startAzureEmulator } from "../test/emulator";
import type { BlobRequestRecord } from "../test/emulator/blobFront";
import { nightlyFixture, sparseImage } from "../test/emulator/fixture";
import { pluginUrn, startAzureDiskSasPlugin } from "../test/harness/providerPlugin";
import { pluginConfiguration, pluginEnvironment } from "../test/support/pluginSettings";

const MiB = 1024 * 1024;
const disk = "bench-nightly";
const limits = { bytesPerSecond: 24 * MiB, requestsPerSecond: 200 };

/** What one copy did at the Blob endpoint. */
interface Measured {
  seconds: number;
  writes: number;
  bytesWritten: number;
  clears: number;
}

async function main(): Promise<void> {
  const fixture = nightlyFixture();
  fixture.managedDisks!.push({
    name: disk,
    state: "Unattached",
    logicalSectorSize: 512,
    createOption: "Empty",
    image: sparseImage(
      "bench: nightly 1 GiB",
      1024,
      Array.from({ length: 16 }, (_, i) => [i * 64 * MiB, 32 * MiB] as const),
    ),
  });
  const emulator = await startAzureEmulator(fixture);
  Object.assign(process.env, emulator.env);
  Object.assign(emulator.resourceManager.settings, { durationMs: 0, retryAfterSeconds: undefined });
  const plugin = await startAzureDiskSasPlugin("executable", pluginEnvironment(emulator));
  await plugin.configure(pluginConfiguration(emulator));
  const disks = emulator.resourceManager.managedDisks;
  try {
    await emulator.storage.createContainer("bench");
    const blob = (name: string) => `${emulator.storage.blobEndpoint}/bench/${name}`;
    await disks.takeSnapshot("bench-night1", disk);
    const night1 = await plugin.create(pluginUrn("DiskCopy", "nightly"), {
      sourceId: emulator.snapshotId("bench-night1"),
      destinationBlobUrl: blob("nightly.vhd"),
    });
    // A day: 1 % of the disk (10.24 MiB) written in 40 places, and 2 MiB trimmed.
    for (let i = 0; i < 40; i++) {
      await disks.writeDisk(disk, i * 25 * MiB + 7 * 512 * i, Buffer.alloc(256 * 1024, i + 1));
    }
    await disks.trimDisk(disk, 70 * MiB, 2 * MiB);
    await disks.takeSnapshot("bench-night2", disk);
    emulator.storage.front.limiter.limits = limits;
    const news = { sourceId: emulator.snapshotId("bench-night2") };
    const full = await measure(emulator, "full.vhd", () =>
      plugin.create(pluginUrn("DiskCopy", "full"), {
        ...news,
        destinationBlobUrl: blob("full.vhd"),
      }),
    );
    const incremental = await measure(emulator, "nightly.vhd", () =>
      plugin.update(pluginUrn("DiskCopy", "nightly"), night1.id, night1.properties, {
        ...news,
        destinationBlobUrl: blob("nightly.vhd"),
      }),
    );
    for (const name of ["full.vhd", "nightly.vhd"]) {
      await assertHoldsDisk(emulator, name);
    }
    console.log(
      `\nA nightly backup: 1 % of a 1 GiB disk with 512 MiB of data changed, its next snapshot copied into blobs held to ${limits.bytesPerSecond / MiB} MiB/s and ${limits.requestsPerSecond} requests/s\n`,
    );
    console.log("| copy | wall time | bytes written | write requests | clears | faster by |");
    console.log("|---|---|---|---|---|---|");
    const row = (what: string, m: Measured, ratio: string) =>
      `| ${what} | ${m.seconds.toFixed(1)} s | ${(m.bytesWritten / MiB).toFixed(1)} MiB | ${m.writes} | ${m.clears} | ${ratio} |`;
    console.log(row("in full (DiskCopy created)", full, ""));
    console.log(
      row(
        "only what changed (DiskCopy updated)",
        incremental,
        `${(full.seconds / incremental.seconds).toFixed(1)}x, ${(full.bytesWritten / incremental.bytesWritten).toFixed(1)}x fewer bytes`,
      ),
    );
  } finally {
    await plugin.stop();
    await emulator.stop();
  }
}

/** Runs one copy into `name` of the `bench` container and counts what it wrote there. */
async function measure(
  emulator: AzureEmulator,
  name: string,
  copy: () => Promise<unknown>,
): Promise<Measured> {
  const front = emulator.storage.front;
  const path = `/devstoreaccount1/bench/${name}`;
  const since = front.requests.length;
  const started = Date.now();
  await copy();
  const seconds = (Date.now() - started) / 1000;
  const mine = front.requests.slice(since).filter((r: BlobRequestRecord) => r.path === path);
  const writes = mine.filter((r) => r.operation === "PutPageFromUrl" && r.status === 201);
  return {
    seconds,
    writes: writes.length,
    bytesWritten: writes.reduce((sum, r) => sum + r.bytes, 0),
    clears: mine.filter((r) => r.operation === "ClearPage").length,
  };
}

/** Fails the bench unless the blob holds what the disk holds now, page for page. */
async function assertHoldsDisk(emulator: AzureEmulator, name: string): Promise<void> {
  const disks = emulator.resourceManager.managedDisks;
  const ranges = await disks.pageRanges("disks", disk);
  const held = await emulator.storage.pageRanges("bench", name);
  for (const { start, end } of [...ranges, ...held]) {
    for (let offset = start; offset <= end; offset += 16 * MiB) {
      const count = Math.min(16 * MiB, end + 1 - offset);
      const [want, got] = await Promise.all([
        disks.readRange("disks", disk, offset, count),
        emulator.storage.readBlobRange("bench", name, offset, count),
      ]);
      if (!want.equals(got)) {
        throw new Error(`${name} does not hold the disk's bytes at ${offset}.`);
      }
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
