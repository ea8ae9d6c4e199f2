import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Engine } from "./harness/engine";
import { postedActions, readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
const quickstart = join(__dirname, "..", "examples", "quickstart");
const wholeVm = join(__dirname, "..", "examples", "whole-vm");

describe("a grant that runs out, through the real plugin", () => {
  it("an up within renewBeforeSeconds of expiry replaces it: revoke, then a fresh SAS", async () => {
    const engine = new Engine(quickstart, "quickstart", {
      diskRestorePointId: emulator().diskRestorePointId(0),
      durationInSeconds: "6",
      renewBeforeSeconds: "3",
    });
    const first = String((await engine.up())["accessSAS"]);
    await sleepUntil(Date.parse(String(engine.resources[0]!.outputs["expiresAt"])) - 3000);
    const before = emulator().requests.length;
    const second = String((await engine.up())["accessSAS"]);

    assert.deepEqual(engine.steps.slice(-2), [
      "delete os-disk (replace: expiresAt)",
      "create os-disk (replace)",
    ]);
    assert.deepEqual(postedActions(emulator(), before), ["endGetAccess", "beginGetAccess"]);
    assert.equal((await readRange(first, 0, 0)).status, 403);
    assert.equal((await readRange(second, 0, 0)).status, 206);
    await engine.destroy();
  });

  it("an up once the grant has expired replaces it without a refresh: revoke, then a fresh SAS", async () => {
    const engine = new Engine(quickstart, "quickstart", {
      diskRestorePointId: emulator().diskRestorePointId(0),
      durationInSeconds: "3",
    });
    const first = String((await engine.up())["accessSAS"]);
    await sleepUntil(Date.parse(String(engine.resources[0]!.outputs["expiresAt"])));
    const before = emulator().requests.length;
    const second = String((await engine.up())["accessSAS"]);

    assert.deepEqual(engine.steps.slice(-2), [
      "delete os-disk (replace: expiresAt)",
      "create os-disk (replace)",
    ]);
    assert.deepEqual(postedActions(emulator(), before), ["endGetAccess", "beginGetAccess"]);
    assert.notEqual(second, first);
    assert.equal((await readRange(second, 0, 0)).status, 206);
    await engine.destroy();
  });

  it("VmRestorePointAccess follows the same rule: an up once its grants expired grants every disk anew", async () => {
    const engine = new Engine(wholeVm, "whole-vm", {
      vmRestorePointId: emulator()
        .diskRestorePointId(0)
        .replace(/\/diskRestorePoints\/.*$/, ""),
      durationInSeconds: "3",
    });
    await engine.up();
    await sleepUntil(Date.parse(String(engine.resources[0]!.outputs["expiresAt"])));
    const before = emulator().requests.length;
    const disks = (await engine.up())["disks"] as Record<string, { accessSAS: string }>;

    assert.deepEqual(engine.steps.slice(-2), [
      "delete vm (replace: expiresAt)",
      "create vm (replace)",
    ]);
    assert.deepEqual(postedActions(emulator(), before).sort(), [
      "beginGetAccess",
      "beginGetAccess",
      "endGetAccess",
      "endGetAccess",
    ]);
    for (const disk of Object.values(disks)) {
      assert.equal((await readRange(disk.accessSAS, 0, 0)).status, 206);
    }
    await engine.destroy();
  });

  it("refresh reports an expired grant gone, and the next up grants anew", async () => {
    const engine = new Engine(quickstart, "quickstart", {
      diskRestorePointId: emulator().diskRestorePointId(0),
      durationInSeconds: "1",
    });
    await engine.up();
    await sleepUntil(Date.parse(String(engine.resources[0]!.outputs["expiresAt"])));

    const before = emulator().requests.length;
    await engine.refresh();
    assert.deepEqual(engine.steps.slice(-1), ["refresh os-disk: gone"]);
    assert.deepEqual(engine.resources, []);
    assert.deepEqual(postedActions(emulator(), before), []);

    engine.config = { ...engine.config, durationInSeconds: "600" };
    const exports = await engine.up();
    assert.deepEqual(engine.steps.slice(-1), ["create os-disk"]);
    assert.equal((await readRange(String(exports["accessSAS"]), 0, 0)).status, 206);
    await engine.destroy();
  });
});

async function sleepUntil(time: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now()) + 50));
}
