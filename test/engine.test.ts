import assert from "node:assert/strict";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { Engine } from "./harness/engine";
import { postedActions, readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
const quickstart = join(__dirname, "..", "examples", "quickstart");
let engine: Engine;

/** Every SAS URL (and its signature) that the emulator minted so far, as the secrets to look for. */
function mintedSecrets(sas: string[]): string[] {
  return sas.flatMap((url) => [
    url,
    decodeURIComponent(/sig=([^&]+)/.exec(url)![1]!),
    emulator().principal.clientSecret,
  ]);
}

describe("the quickstart through the real dynamic-provider plugin, as pulumi up runs it", () => {
  const granted: string[] = [];

  before(() => {
    engine = new Engine(quickstart, "quickstart", {
      diskRestorePointId: emulator().diskRestorePointId(0),
      durationInSeconds: "900",
    });
  });

  it("up grants access, and the exported SAS reads the disk", async () => {
    const exports = await engine.up();
    granted.push(String(exports["accessSAS"]));

    assert.deepEqual(engine.steps, ["create os-disk"]);
    assert.equal((await readRange(granted[0]!, 0, 4)).bytes.toString(), "web01");
    assert.equal(exports["diskRestorePointId"], emulator().diskRestorePointId(0));
  });

  it("records the SAS in state only as a secret, and the provider as a require of the installed package", () => {
    const state = engine.stateText();
    for (const secret of mintedSecrets(granted)) {
      assert.ok(!state.includes(secret), "a secret is in the recorded state");
    }
    const [resource] = engine.resources;
    assert.deepEqual(resource!.secretOutputs.sort(), [
      "accessSAS",
      "securityDataAccessSAS",
      "securityMetadataAccessSAS",
    ]);
    assert.match(
      JSON.stringify(resource!.outputs["accessSAS"]),
      /^\{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext":"v1:/,
    );
    assert.match(JSON.stringify(engine.stackOutputs["accessSAS"]), /"ciphertext":"v1:/);
    assert.match(
      String(resource!.outputs["__provider"]),
      /^exports\.handler = __f0;\nconst provider = require\("pulumi-azure-disk-sas\/provider"\);/,
    );
    assert.ok(String(resource!.outputs["__provider"]).length <= 512);
  });

  it("a second up with no change calls Azure for nothing", async () => {
    const before = emulator().requests.length;
    await engine.up();
    assert.deepEqual(engine.steps.slice(-1), ["same os-disk"]);
    assert.deepEqual(emulator().requests.slice(before), [], "no request at all: no sign-in either");
  });

  it("an up with a changed argument replaces, revoking the old grant before the new one", async () => {
    engine.config = { ...engine.config, durationInSeconds: "1800" };
    const before = emulator().requests.length;
    const exports = await engine.up();
    granted.push(String(exports["accessSAS"]));

    assert.deepEqual(engine.steps.slice(-2), [
      "delete os-disk (replace: durationInSeconds)",
      "create os-disk (replace)",
    ]);
    assert.deepEqual(postedActions(emulator(), before), ["endGetAccess", "beginGetAccess"]);
    assert.equal((await readRange(granted[0]!, 0, 0)).status, 403);
    assert.equal((await readRange(granted[1]!, 0, 0)).status, 206);
  });

  it("an up changing revokeOnDelete alone updates in place, calling Azure for nothing", async () => {
    engine.config = { ...engine.config, revokeOnDelete: "false" };
    const before = emulator().requests.length;
    await engine.up();
    assert.deepEqual(engine.steps.slice(-1), ["update os-disk"]);
    assert.deepEqual(emulator().requests.slice(before), []);
    assert.equal(engine.resources[0]!.outputs["revokeOnDelete"], false);
    engine.config = { ...engine.config, revokeOnDelete: "true" };
    await engine.up();
    assert.deepEqual(engine.steps.slice(-1), ["update os-disk"]);
  });

  it("refresh keeps a grant whose disk restore point exists", async () => {
    await engine.refresh();
    assert.deepEqual(engine.steps.slice(-1), ["refresh os-disk"]);
    assert.equal(engine.resources.length, 1);
  });

  it("destroy revokes: the SAS that worked gets 403, and the state is empty", async () => {
    const before = emulator().requests.length;
    await engine.destroy();
    assert.deepEqual(postedActions(emulator(), before), ["endGetAccess"]);
    assert.equal((await readRange(granted[1]!, 0, 0)).status, 403);
    assert.deepEqual(engine.resources, []);
  });

  it("refresh drops a grant whose disk restore point is gone", async () => {
    await engine.up();
    emulator().resourceManager.removeDiskRestorePoint(emulator().fixture.disks[0]!.name);
    await engine.refresh();
    assert.deepEqual(engine.steps.slice(-1), ["refresh os-disk: gone"]);
    assert.deepEqual(engine.resources, []);
  });

  it("the plugin printed no secret", () => {
    const log = engine.pluginLog.join("");
    for (const secret of mintedSecrets(granted)) {
      assert.ok(!log.includes(secret));
    }
  });
});
