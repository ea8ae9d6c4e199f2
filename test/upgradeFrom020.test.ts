import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, it } from "node:test";
import * as copyProvider from "../src/providers/diskCopy";
import * as managedDiskProvider from "../src/providers/managedDisk";
import * as snapshotProvider from "../src/providers/snapshot";
import { copyFixture } from "./emulator/fixture";
import { Engine } from "./harness/engine";
import { postedActions, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator(copyFixture());
// Operations answer at once, with no Retry-After: these tests are about copies, not polling.
beforeEach(() => {
  emulator().resourceManager.settings.retryAfterSeconds = undefined;
});
const program = join(__dirname, "fixtures", "upgrade-0.2.0");
/** The key the recorded state's secrets are encrypted with. */
const recordedKey = Buffer.from("pulumi-azure-disk-sas 0.2.0 test");
const copiedSnapshot = "web01-datadisk2-20261201";

/** The stack configuration the state was recorded with, in this emulator. */
function recordedConfig(): Record<string, string> {
  return {
    diskId: emulator().diskId("web01-datadisk2"),
    snapshotId: emulator().snapshotId("web01-osdisk-20261125"),
    copySourceId: emulator().snapshotId(copiedSnapshot),
    destinationBlobUrl: `${emulator().storage.blobEndpoint}/backups/web01-datadisk2.vhd`,
    durationInSeconds: "2000000000",
  };
}

/** The recorded state, the Blob endpoint of the emulator that recorded it replaced by this one's. */
function recordedState(): string {
  const text = readFileSync(join(program, "recorded-0.2.0.json"), "utf8");
  const { resources } = JSON.parse(text) as { resources: { name: string; id: string }[] };
  const recordedOrigin = new URL(resources.find((r) => r.name === "copy")!.id).origin;
  return text.replaceAll(recordedOrigin, new URL(emulator().storage.blobEndpoint).origin);
}

describe("a stack whose state release 0.2.0 wrote, taken over by this package", () => {
  it("refreshes, updates with no change, copies another snapshot over the copy, and destroys", async () => {
    // What the recorded stack stands for, made again here: the emulator that recorded it is gone.
    const config = recordedConfig();
    const durationInSeconds = 2_000_000_000;
    await emulator().storage.createContainer("backups");
    await managedDiskProvider.create({
      diskId: config["diskId"],
      access: "Read",
      durationInSeconds,
    });
    await snapshotProvider.create({
      snapshotId: config["snapshotId"],
      access: "Read",
      durationInSeconds,
    });
    await copyProvider.create({
      sourceId: config["copySourceId"],
      destinationBlobUrl: config["destinationBlobUrl"],
    });

    const engine = new Engine(program, "upgrade", config);
    engine.restore(recordedState(), recordedKey);
    const names = engine.resources.map((r) => r.name);
    assert.deepEqual([...names].sort(), ["copy", "disk", "snapshot"]);
    for (const resource of engine.resources) {
      assert.match(
        String(resource.outputs["__provider"]),
        /require\("pulumi-azure-disk-sas\/(managed-disk|snapshot|copy)-provider"\)/,
      );
    }

    await engine.refresh();
    assert.deepEqual(
      engine.steps.slice(-3),
      names.map((name) => `refresh ${name}`),
      "every resource of 0.2.0 is found",
    );
    let before = emulator().requests.length;
    await engine.up();
    assert.deepEqual(engine.steps.slice(-3).sort(), names.map((name) => `same ${name}`).sort());
    assert.deepEqual(emulator().requests.slice(before), [], "no request to Resource Manager");

    // Another snapshot into the same blob: the copy of 0.2.0 is kept as a blob snapshot first.
    await emulator().resourceManager.managedDisks.takeSnapshot(
      "web01-datadisk2-20261202",
      "web01-datadisk2",
    );
    engine.config["copySourceId"] = emulator().snapshotId("web01-datadisk2-20261202");
    before = emulator().requests.length;
    await engine.up();
    assert.deepEqual(
      engine.steps.slice(-3).sort(),
      ["same disk", "same snapshot", "update copy"],
      "the copy is updated in place, the grants untouched",
    );
    assert.deepEqual(
      postedActions(emulator(), before),
      ["beginGetAccess", "endGetAccess"],
      "the new snapshot granted and revoked, nothing else",
    );
    const copy = engine.resources.find((r) => r.name === "copy")!.outputs;
    assert.equal(copy["sizeBytes"], 64 * 1024);
    assert.equal(copy["incrementalFrom"], undefined, "another disk's snapshot: in full");
    assert.deepEqual(
      (copy["blobSnapshots"] as { source: string }[]).map((kept) => kept.source),
      [emulator().snapshotId(copiedSnapshot)],
    );
    const held = await emulator().storage.readBlob("backups", "web01-datadisk2.vhd", 64 * 1024);
    const disk = await emulator().resourceManager.managedDisks.read(
      "disks",
      "web01-datadisk2",
      64 * 1024,
    );
    assert.ok(held.equals(disk), "the blob holds the new snapshot");

    before = emulator().requests.length;
    await engine.destroy();
    assert.deepEqual(postedActions(emulator(), before), ["endGetAccess"], "the disk's only");
    assert.equal(
      await emulator().storage.blobProperties("backups", "web01-datadisk2.vhd"),
      undefined,
      "the blob and its snapshot are deleted",
    );
  });
});
