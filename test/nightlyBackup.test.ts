import assert from "node:assert/strict";
import { join } from "node:path";
import { beforeEach, describe, it } from "node:test";
import { nightlyFixture } from "./emulator/fixture";
import { Engine } from "./harness/engine";
import { azureNativeStandIns } from "./support/azureNativeStandIns";
import { emulatorSecrets, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator(nightlyFixture());
// Operations answer at once, with no Retry-After: these tests are about copies, not polling.
beforeEach(() => {
  emulator().resourceManager.settings.retryAfterSeconds = undefined;
});
const MiB = 1024 * 1024;
const disk = "web02-datadisk1";

describe("examples/nightly-backup through the real plugin", () => {
  it("night after night: the snapshot replaced, the copy updated in place with only what changed, the plan and the update saying so", async () => {
    const engine = new Engine(
      join(__dirname, "..", "examples", "nightly-backup"),
      "nightly-backup",
      {
        diskId: emulator().diskId(disk),
        resourceGroupName: emulator().fixture.resourceGroupName,
        location: "westeurope",
        night: "20261201",
      },
      "dev",
      azureNativeStandIns(emulator()),
    );
    const first = await engine.up();
    assert.equal(first["incrementalFrom"], undefined);
    assert.equal(first["copiedBytes"], 7 * MiB + 512, "the disk's data and its footer");

    await emulator().resourceManager.managedDisks.writeDisk(disk, 300 * MiB, Buffer.alloc(MiB, 1));
    engine.config = { ...engine.config, night: "20261202" };
    const logged = engine.pluginLog.length;
    const second = await engine.up();
    assert.ok(engine.steps.includes("update nightly"), engine.steps.join(", "));
    assert.equal(second["copiedBytes"], MiB, "only the megabyte written that day");
    assert.equal(second["incrementalFrom"], emulator().snapshotId(`${disk}-20261201`));
    const restorePoints = second["restorePoints"] as { source: string; url: string }[];
    assert.deepEqual(
      restorePoints.map((point) => point.source),
      [emulator().snapshotId(`${disk}-20261201`)],
    );
    assert.match(restorePoints[0]!.url, /\/nightly\/web02-datadisk1\.vhd\?snapshot=/);
    const said = engine.pluginLog.slice(logged).join("");
    assert.match(said, /copies only what changed in .*-20261202 since .*-20261201/, "the plan");
    assert.match(said, /Copying only what changed in snapshot .*-20261202 since/, "the update");
    const seen = [engine.stateText(), ...engine.pluginLog, ...engine.programLog].join("\n");
    for (const secret of emulatorSecrets(emulator())) {
      assert.ok(!seen.includes(secret), "no SAS, token or secret in state or logs");
    }
  });
});
