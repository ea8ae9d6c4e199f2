import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Engine } from "./harness/engine";
import { postedActions, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
const program = join(__dirname, "fixtures", "upgrade");
/** The key the recorded state's secrets are encrypted with. */
const recordedKey = Buffer.from("pulumi-azure-disk-sas 0.1.0 test");

/** The stack configuration the state was recorded with. */
function recordedConfig(): Record<string, string> {
  const f = emulator().fixture;
  return {
    target: JSON.stringify({
      osDiskId: emulator().diskRestorePointId(0),
      resourceGroupName: f.resourceGroupName,
      restorePointCollectionName: f.restorePointCollectionName,
      vmRestorePointName: f.vmRestorePointName,
      dataDiskName: f.disks[1]!.name,
      vmRestorePointId: emulator()
        .diskRestorePointId(0)
        .replace(/\/diskRestorePoints\/.*$/, ""),
    }),
    durationInSeconds: "2000000000",
  };
}

describe("a stack whose state release 0.1.0 wrote, taken over by this package through the plugin", () => {
  it("refreshes, updates with no change, replaces and destroys", async () => {
    const engine = new Engine(program, "upgrade", recordedConfig());
    engine.restore(readFileSync(join(program, "recorded-0.1.0.json"), "utf8"), recordedKey);
    const names = engine.resources.map((r) => r.name);
    assert.deepEqual([...names].sort(), ["data-disk", "os-disk", "vm"]);
    for (const resource of engine.resources) {
      assert.match(
        String(resource.outputs["__provider"]),
        /require\("pulumi-azure-disk-sas\/(provider|vm-provider)"\)/,
      );
    }

    // Refresh: every grant of 0.1.0 is still there.
    await engine.refresh();
    assert.deepEqual(
      engine.steps.slice(-3),
      names.map((name) => `refresh ${name}`),
    );

    // An up with no change: nothing to do, and no request to Azure at all.
    let before = emulator().requests.length;
    await engine.up();
    assert.deepEqual(engine.steps.slice(-3).sort(), names.map((name) => `same ${name}`).sort());
    assert.deepEqual(emulator().requests.slice(before), []);

    // A replacing up: each old grant revoked (but data-disk's, which asked not to be) before its
    // replacement is granted by this package.
    engine.config["durationInSeconds"] = "7200";
    before = emulator().requests.length;
    await engine.up();
    for (const name of names) {
      const deleted = engine.steps.indexOf(`delete ${name} (replace: durationInSeconds)`);
      assert.ok(deleted >= 0 && deleted < engine.steps.indexOf(`create ${name} (replace)`), name);
    }
    assert.deepEqual(postedActions(emulator(), before).sort(), [
      ...Array<string>(4).fill("beginGetAccess"),
      ...Array<string>(3).fill("endGetAccess"),
    ]);
    const vm = engine.resources.find((r) => r.name === "vm")!;
    assert.equal(
      Date.parse(String(vm.outputs["expiresAt"])) - Date.parse(String(vm.outputs["grantedAt"])),
      7_200_000,
    );

    // Destroy: every grant ends.
    await engine.destroy();
    assert.deepEqual(engine.resources, []);
    for (const disk of emulator().fixture.disks) {
      assert.equal(emulator().resourceManager.activeGrants(disk.name), 0, disk.name);
    }
  });
});
