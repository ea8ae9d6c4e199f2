import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { reveal } from "../src/plugin/wireSecrets";
import { copyFixture } from "./emulator/fixture";
import { startEngineLog, type EngineLogServer } from "./harness/engineLog";
import { isWireSecret } from "./harness/stateSecrets";
import { pluginUrn, startAzureDiskSasPlugin, type ProviderPlugin } from "./harness/providerPlugin";
import { pluginConfiguration, pluginEnvironment } from "./support/pluginSettings";
import { until } from "./support/until";
import { emulatorSecrets, postedActions, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator(copyFixture());
const snapshotName = "web01-datadisk2-20261201";
const MiB = 1024 * 1024;
const urn = pluginUrn("DiskCopy", "backup");

/** The plugin as the engine starts it, configured for the emulator, its status lines recorded. */
async function startPlugin(engine: EngineLogServer): Promise<ProviderPlugin> {
  const plugin = await startAzureDiskSasPlugin(
    "executable",
    pluginEnvironment(emulator()),
    engine.address,
  );
  await plugin.configure(pluginConfiguration(emulator()));
  return plugin;
}

/** A copy of the sparse snapshot into a blob of the `backups` container. */
function copyInputs(blob: string) {
  return {
    sourceId: emulator().snapshotId(snapshotName),
    destinationBlobUrl: `${emulator().storage.blobEndpoint}/backups/${blob}`,
  };
}

/** The Put Page From URL requests that wrote into `blob`, by the first byte each wrote. */
function writes(blob: string): number[] {
  return emulator()
    .storage.front.requests.filter(
      (r) => r.operation === "PutPageFromUrl" && r.status === 201 && r.path.endsWith(`/${blob}`),
    )
    .map((r) => r.range!.start);
}

describe("DiskCopy through the provider plugin", () => {
  let engine: EngineLogServer;
  before(async () => {
    engine = await startEngineLog();
  });
  after(async () => {
    await engine.stop();
  });
  beforeEach(async () => {
    await emulator().storage.createContainer("backups");
    const front = emulator().storage.front;
    front.faults.length = 0;
    front.onRequest = undefined;
    // A blob that takes 2 MiB/s: the copy of 13.8 MiB lasts about six seconds.
    front.limiter.limits = { bytesPerSecond: 2 * MiB, requestsPerSecond: 100 };
  });

  it("copies, showing its progress on the resource's status line, and records no SAS", async () => {
    const plugin = await startPlugin(engine);
    try {
      const news = copyInputs("progress.vhd");
      assert.deepEqual(await plugin.check(urn, {}, news), { inputs: news, failures: [] });
      const since = emulator().requests.length;
      const started = Date.now();
      const created = await plugin.create(urn, news);
      const elapsed = Date.now() - started;

      const entries = engine.entries.filter((e) => e.urn === urn);
      assert.ok(entries.every((l) => l.ephemeral && l.severity === "info"));
      const lines = entries.filter((e) => e.message.startsWith("Copying "));
      assert.ok(lines.length >= 3, `${lines.length} status lines`);
      assert.match(
        lines[0]!.message,
        /^Copying snapshot \/subscriptions\/.*\/snapshots\/web01-datadisk2-20261201 to https:\/\/.*\/backups\/progress\.vhd: 0 B of 13\.8 MiB \(0 %\)$/,
      );
      assert.match(
        lines.at(-1)!.message,
        /: \d+\.\d MiB of 13\.8 MiB \(\d+ %\), \d+\.\d [KM]iB\/s$/,
      );
      assert.ok(
        lines.length <= Math.ceil(elapsed / 2000) + 1,
        `a line every two seconds at most: ${lines.length} in ${elapsed} ms`,
      );
      assert.match(
        entries.at(-1)!.message,
        /^Copied snapshot .*: 13\.8 MiB in \d+\.\d s, \d+\.\d MiB\/s$/,
      );

      assert.deepEqual(postedActions(emulator(), since), ["beginGetAccess", "endGetAccess"]);
      assert.equal(created.id, news.destinationBlobUrl);
      assert.equal(reveal(created.properties["sizeBytes"]), 1024 * MiB + 512);
      const visible = JSON.stringify([created, engine.entries, plugin.log]);
      for (const secret of emulatorSecrets(emulator())) {
        assert.ok(!visible.includes(secret), "no SAS, token or secret in outputs or logs");
      }

      const read = await plugin.read(urn, created.id, created.properties, news);
      assert.equal(read.id, created.id, "a refresh finds the copy in its blob");
      assert.equal((await plugin.diff(urn, created.id, created.properties, news)).changes, "none");
      await plugin.delete(urn, created.id, created.properties);
      assert.equal(await emulator().storage.blobProperties("backups", "progress.vhd"), undefined);
    } finally {
      await plugin.stop();
    }
  });

  it("records a SAS handed in as a secret, however the program gives it", async () => {
    const plugin = await startPlugin(engine);
    try {
      const news = {
        sourceSasUrl: "https://md-x.z8.blob.storage.azure.net/abcd/abcd?sv=2018-03-28&sig=c2ln",
        destinationBlobUrl: `${emulator().storage.blobEndpoint}/backups/handed.vhd`,
      };
      const checked = await plugin.check(urn, {}, news);
      assert.deepEqual(checked.failures, []);
      assert.ok(isWireSecret(checked.inputs["sourceSasUrl"]), "the checked input is secret");
      assert.equal(reveal(checked.inputs["sourceSasUrl"]), news.sourceSasUrl);
      assert.equal(
        checked.inputs["destinationBlobUrl"],
        news.destinationBlobUrl,
        "the rest as given",
      );
    } finally {
      await plugin.stop();
    }
  });

  it("killed mid-copy, goes on at the next create from what the blob holds: no range written twice", async () => {
    const news = copyInputs("resumed.vhd");
    const first = await startPlugin(engine);
    emulator().storage.front.onRequest = (request) => {
      if (request.operation === "PutPageFromUrl" && writes("resumed.vhd").length === 3) {
        process.kill(first.pid, "SIGKILL");
      }
    };
    await assert.rejects(first.create(urn, news));
    await first.stop();
    emulator().storage.front.onRequest = undefined;
    const before = writes("resumed.vhd");
    assert.ok(
      before.length >= 3 && before.length < 7,
      `${before.length} pieces written before the kill`,
    );
    const held = await emulator().storage.blobProperties("backups", "resumed.vhd");
    assert.equal(held?.metadata?.["diskcopystate"], "copying");
    assert.ok(
      emulator().resourceManager.activeGrants(snapshotName) > 0,
      "the killed plugin left its grant",
    );

    const second = await startPlugin(engine);
    try {
      const created = await second.create(urn, news);
      assert.equal(reveal(created.properties["sizeBytes"]), 1024 * MiB + 512);
      const all = writes("resumed.vhd");
      assert.equal(all.length, 7, "each piece of the plan once");
      assert.deepEqual([...new Set(all)].sort(), [...all].sort(), "no range written twice");
      const resumed = engine.entries.filter(
        (e) => e.urn === urn && /from an earlier try/.test(e.message),
      );
      assert.ok(resumed.length > 0, "the status line says what was there");
      assert.equal(emulator().resourceManager.activeGrants(snapshotName), 0, "every grant revoked");
      const properties = await emulator().storage.blobProperties("backups", "resumed.vhd");
      assert.equal(properties?.metadata?.["diskcopystate"], "complete");
    } finally {
      await second.stop();
    }
  });

  it("cancelled (Ctrl-C), stops the copy, revokes the source and fails saying how far it got", async () => {
    const plugin = await startPlugin(engine);
    try {
      emulator().storage.front.onRequest = (request) => {
        if (request.operation === "PutPageFromUrl" && writes("cancelled.vhd").length === 2) {
          void plugin.cancel();
        }
      };
      const error = await plugin.create(urn, copyInputs("cancelled.vhd")).then(
        () => assert.fail("the copy went on"),
        (e: Error) => e,
      );
      assert.match(
        error.message,
        /^Could not copy snapshot \/subscriptions\/.*\/snapshots\/web01-datadisk2-20261201 to https:\/\/.*\/backups\/cancelled\.vhd: the copy was cancelled\. Copied .* of 13\.8 MiB \(\d+ %\) before the copy stopped\. The blob keeps what was copied: the next `pulumi up` goes on from there \(delete the blob to start over\)\. Access to snapshot .* was revoked\.$/,
      );
      await until(() => emulator().resourceManager.activeGrants(snapshotName) === 0);
      assert.ok(writes("cancelled.vhd").length < 7, "the copy stopped");
    } finally {
      await plugin.stop();
    }
  });

  it("another snapshot of the same disk: the plan and the update say in the update's output that only what changed is copied", async () => {
    const plugin = await startPlugin(engine);
    const disks = emulator().resourceManager.managedDisks;
    const disk = "web01-datadisk2";
    const nightly = pluginUrn("DiskCopy", "nightly");
    const into = (snapshot: string) => ({
      sourceId: emulator().snapshotId(snapshot),
      destinationBlobUrl: `${emulator().storage.blobEndpoint}/backups/nightly.vhd`,
    });
    try {
      await disks.takeSnapshot("web01-d2-plugin-1", disk);
      const first = await plugin.create(nightly, into("web01-d2-plugin-1"));
      await disks.writeDisk(disk, 4096, Buffer.alloc(512, 3));
      await disks.takeSnapshot("web01-d2-plugin-2", disk);
      const news = into("web01-d2-plugin-2");
      const diff = await plugin.diff(nightly, first.id, first.properties, news);
      assert.deepEqual([diff.changes, diff.replaces], ["some", []]);
      const updated = await plugin.update(nightly, first.id, first.properties, news);

      assert.equal(reveal(updated.properties["copiedBytes"]), 512);
      assert.equal(
        reveal(updated.properties["incrementalFrom"]),
        emulator().snapshotId("web01-d2-plugin-1"),
      );
      const kept = reveal(updated.properties["blobSnapshots"]) as { source: string }[];
      assert.deepEqual(
        kept.map((snapshot) => snapshot.source),
        [emulator().snapshotId("web01-d2-plugin-1")],
      );
      const lasting = engine.entries.filter((e) => e.urn === nightly && !e.ephemeral);
      assert.match(lasting[0]!.message, /copies only what changed in .*web01-d2-plugin-2 since/);
      assert.match(lasting[1]!.message, /^Copying only what changed in snapshot .*plugin-2 since/);
      assert.equal(lasting.length, 2, "the plan, then the update: kept in its output");
    } finally {
      await plugin.stop();
    }
  });
});
