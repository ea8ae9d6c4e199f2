import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Engine } from "./harness/engine";
import { until } from "./support/until";
import { postedActions, readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
const quickstart = join(__dirname, "..", "examples", "quickstart");

describe("a provider plugin killed while Azure grants access", () => {
  it("records nothing; the next up grants anew, and destroy revokes the lost grant too", async () => {
    // GIVEN an up whose plugin dies once Azure has accepted the grant
    const engine = new Engine(quickstart, "quickstart", {
      diskRestorePointId: emulator().diskRestorePointId(0),
      durationInSeconds: "900",
    });
    const disk = emulator().fixture.disks[0]!.name;
    emulator().resourceManager.settings.durationMs = 500;
    const kill = until(() =>
      emulator().requests.some((r) => r.path.endsWith("/beginGetAccess")),
    ).then(() => process.kill(engine.pluginPid!, "SIGKILL"));

    // WHEN it runs
    await assert.rejects(engine.up());
    await kill;

    // THEN nothing is recorded, though Azure finishes the grant it accepted
    assert.deepEqual(engine.resources, []);
    await until(() => emulator().resourceManager.activeGrants(disk) === 1);
    const before = emulator().requests.length;
    await engine.destroy();
    assert.deepEqual(
      postedActions(emulator(), before),
      [],
      "destroy of an empty stack calls nothing",
    );

    // WHEN the pipeline runs up again
    emulator().resourceManager.settings.durationMs = 0;
    const exports = await engine.up();

    // THEN Azure grants a second time, and the new SAS reads the disk
    assert.equal(engine.resources.length, 1);
    assert.equal(emulator().resourceManager.activeGrants(disk), 2);
    assert.equal((await readRange(String(exports["accessSAS"]), 0, 4)).status, 206);

    // WHEN the stack is destroyed THEN the revoke ends both grants, the lost one included
    await engine.destroy();
    assert.equal(emulator().resourceManager.activeGrants(disk), 0);
    assert.equal((await readRange(String(exports["accessSAS"]), 0, 4)).status, 403);
  });
});
