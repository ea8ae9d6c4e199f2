// `npm run bench`, its second part: DiskCopy against azcopy, side by side in one run against the
// local emulator, on a sparse, a fragmented and a dense source, each destination blob held to
// per-blob limits with Azure's ratio of bytes to requests (60 MiB/s : 500 requests/s, scaled down
// to what the emulator serves comfortably on this machine). Printed: wall time, write requests
// (and how many the blob refused), bytes written, and the share of the blob's limit reached. The
// copies are checked byte for byte. DiskCopy runs in the provider plugin's process, its time
// including its grant and revoke; azcopy's the command alone, given the SAS of a grant made before.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  ContainerSASPermissions,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from "@azure/storage-blob";
import * as snapshotProvider from "../src/providers/snapshot";
import { startAzureEmulator, type AzureEmulator } from "../test/emulator";
import type { BlobRequestRecord } from "../test/emulator/blobFront";
import { defaultFixture, sparseImage, type SparseImage } from "../test/emulator/fixture";
import { pluginUrn, startAzureDiskSasPlugin } from "../test/harness/providerPlugin";
import { pluginConfiguration, pluginEnvironment } from "../test/support/pluginSettings";

const run = promisify(execFile);
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Each destination blob's limits: Azure's 60 MiB/s and 500 requests/s, two fifths of them. */
const limits = { bytesPerSecond: 24 * MiB, requestsPerSecond: 200 };

/** 3,000 files of 4 to 64 KiB scattered over 1 GiB, the same every run: a fragmented disk. */
function fragmentedExtents(): [number, number][] {
  let seed = 20261201;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const extents: [number, number][] = [];
  const slot = Math.floor((GiB - MiB) / 3000 / 512) * 512;
  for (let i = 0; i < 3000; i++) {
    const length = 512 * (8 + random(120));
    extents.push([i * slot + 512 * random((slot - length) / 512), length]);
  }
  return extents;
}

const sources: { name: string; image: SparseImage }[] = [
  {
    name: "sparse",
    image: sparseImage("bench: sparse 4 GiB", 4096, [
      [0, 8 * MiB],
      [GiB, 32 * MiB],
      [2 * GiB + 512, 24 * MiB],
      [3 * GiB, 32 * MiB],
    ]),
  },
  { name: "fragmented", image: sparseImage("bench: fragmented 1 GiB", 1024, fragmentedExtents()) },
  { name: "dense", image: sparseImage("bench: dense 256 MiB", 256, [[0, 256 * MiB]]) },
];

/** What one copy of one source did. */
interface Measured {
  seconds: number;
  writes: number;
  refused: number;
  bytesWritten: number;
  /**
   * What the blob admitted over the copy, as shares of the most it could admit in that time: its
   * rate for the time, and the second's worth its buckets hold at the start.
   */
  byteShare: number;
  requestShare: number;
}

async function main(): Promise<void> {
  const fixture = defaultFixture();
  for (const { name, image } of sources) {
    fixture.snapshots!.push({
      name: `bench-${name}`,
      sourceDiskName: `bench-${name}`,
      incremental: false,
      logicalSectorSize: 512,
      image,
    });
  }
  const emulator = await startAzureEmulator(fixture);
  Object.assign(process.env, emulator.env);
  Object.assign(emulator.resourceManager.settings, { durationMs: 0, retryAfterSeconds: undefined });
  const azcopy = await findAzcopy();
  // DiskCopy runs in the provider plugin's process, as `pulumi up` runs it: apart from the emulator.
  const plugin = await startAzureDiskSasPlugin("executable", pluginEnvironment(emulator));
  await plugin.configure(pluginConfiguration(emulator));
  try {
    await emulator.storage.createContainer("bench");
    emulator.storage.front.limiter.limits = limits;
    console.log(
      `\nCopies into page blobs held to ${limits.bytesPerSecond / MiB} MiB/s and ${limits.requestsPerSecond} requests/s each\n`,
    );
    console.log(
      "| source | size, data | tool | wall time | write requests (refused) | bytes written | share of the blob's limit | DiskCopy faster by |",
    );
    console.log("|---|---|---|---|---|---|---|---|");
    for (const { name, image } of sources) {
      const snapshotId = emulator.snapshotId(`bench-${name}`);
      const data = image.extents.reduce((sum, e) => sum + e.bytes.length, 0);
      const ours = await measure(emulator, `${name}-diskcopy.vhd`, async (destination) => {
        await plugin.create(pluginUrn("DiskCopy", name), {
          sourceId: snapshotId,
          destinationBlobUrl: destination,
        });
      });
      await assertHolds(emulator, `${name}-diskcopy.vhd`, image);
      const theirs =
        typeof azcopy === "string"
          ? undefined
          : await measure(emulator, `${name}-azcopy.vhd`, async (destination) => {
              const { outs } = await snapshotProvider.create({
                snapshotId,
                access: "Read",
                durationInSeconds: 3600,
              });
              await azcopy.copy(String(outs?.["accessSAS"]), destination, emulator);
            });
      if (theirs) {
        await assertHolds(emulator, `${name}-azcopy.vhd`, image);
      }
      const row = (tool: string, m: Measured, ratio: string) =>
        `| ${name} | ${size(image.size)}, ${size(data)} in ${image.extents.length} ranges | ${tool} | ${m.seconds.toFixed(1)} s | ${m.writes} (${m.refused}) | ${size(m.bytesWritten)} | ${percent(Math.max(m.byteShare, m.requestShare))} (bytes ${percent(m.byteShare)}, requests ${percent(m.requestShare)}) | ${ratio} |`;
      console.log(
        row("DiskCopy", ours, theirs ? `${(theirs.seconds / ours.seconds).toFixed(2)}x` : ""),
      );
      if (theirs) {
        console.log(row("azcopy 10.32", theirs, ""));
      }
    }
    if (typeof azcopy === "string") {
      console.log(`\nazcopy could not run here: ${azcopy}`);
    }
  } finally {
    if (typeof azcopy !== "string") {
      azcopy.cleanUp();
    }
    await plugin.stop();
    await emulator.stop();
  }
}

/** Runs one copy into `blob` of the `bench` container and measures it at the Blob endpoint. */
async function measure(
  emulator: AzureEmulator,
  blob: string,
  copy: (destination: string) => Promise<void>,
): Promise<Measured> {
  const front = emulator.storage.front;
  const path = `/devstoreaccount1/bench/${blob}`;
  const since = front.requests.length;
  const started = Date.now();
  await copy(`${emulator.storage.blobEndpoint}/bench/${blob}`);
  const seconds = (Date.now() - started) / 1000;
  const writes = front.requests
    .slice(since)
    .filter((r: BlobRequestRecord) => r.path === path && r.operation === "PutPageFromUrl");
  const written = writes.filter((r) => r.status === 201);
  const usage = front.limiter.usageOf(path);
  const active = (usage.lastAt - usage.firstAt) / 1000 + 1;
  return {
    seconds,
    writes: writes.length,
    refused: writes.filter((r) => r.status === 503).length,
    bytesWritten: written.reduce((sum, r) => sum + r.bytes, 0),
    byteShare: usage.admittedBytes / active / limits.bytesPerSecond,
    requestShare: usage.admittedRequests / active / limits.requestsPerSecond,
  };
}

/** Fails the bench unless the blob holds every extent of the image, byte for byte. */
async function assertHolds(emulator: AzureEmulator, blob: string, image: SparseImage) {
  for (const { offset, bytes } of image.extents) {
    const held = await emulator.storage.readBlobRange("bench", blob, offset, bytes.length);
    if (!held.equals(bytes)) {
      throw new Error(`${blob} does not hold the source's bytes at ${offset}.`);
    }
  }
}

/**
 * azcopy 10.32 from npm (`@azure-tools/azcopy-linux`), installed into a temporary folder, or why it
 * cannot run here (it needs Debian's libsecret-1-0), with its own words.
 */
async function findAzcopy(): Promise<
  | string
  | {
      copy(source: string, destination: string, emulator: AzureEmulator): Promise<void>;
      cleanUp(): void;
    }
> {
  const dir = mkdtempSync(join(tmpdir(), "bench-azcopy-"));
  try {
    await run("npm", [
      "install",
      "--no-save",
      "--no-audit",
      "--no-fund",
      "--prefix",
      dir,
      "@azure-tools/azcopy-linux@10.32.2",
    ]);
    const binary = join(dir, "node_modules/@azure-tools/azcopy-linux/dist/bin/azcopy_linux_amd64");
    await run("chmod", ["+x", binary]);
    await run(binary, ["--version"]);
    const env = {
      ...process.env,
      SSL_CERT_FILE: join(process.env["AZURE_EMULATOR_TLS_DIR"]!, "cert.pem"),
      AZCOPY_LOG_LOCATION: join(dir, "logs"),
      AZCOPY_JOB_PLAN_LOCATION: join(dir, "plans"),
    };
    return {
      async copy(source, destination, emulator) {
        const { name, key } = emulator.storage.account;
        const sas = generateBlobSASQueryParameters(
          {
            containerName: "bench",
            permissions: ContainerSASPermissions.parse("racw"),
            expiresOn: new Date(Date.now() + 3600_000),
          },
          new StorageSharedKeyCredential(name, key),
        ).toString();
        await run(
          binary,
          [
            "copy",
            source,
            `${destination}?${sas}`,
            "--from-to",
            "BlobBlob",
            "--blob-type",
            "PageBlob",
            "--log-level",
            "ERROR",
          ],
          { env, maxBuffer: 64 * MiB },
        );
      },
      cleanUp: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const output = error as { stderr?: string; message?: string };
    return (output.stderr || output.message || String(error)).trim();
  }
}

function size(bytes: number): string {
  return bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : `${(bytes / MiB).toFixed(1)} MiB`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
