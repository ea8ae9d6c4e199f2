import assert from "node:assert/strict";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { Engine, type StateResource } from "./harness/engine";
import { secretSignatureKey } from "./harness/stateSecrets";
import { readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
let engine: Engine;
let exports: Record<string, unknown>;

/** What Pulumi's serializer writes for a provider that is the installed module's exports object. */
const providerText = `exports.handler = __f0;
const provider = require("pulumi-azure-disk-sas/provider");

function __f0() {
  return (function() {
    with({ this: undefined, arguments: undefined }) {

return () => provider;

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
`;

describe("a program using every argument form, under pulumi.runtime.setMocks and the real plugin", () => {
  before(async () => {
    const f = emulator().fixture;
    engine = new Engine(join(__dirname, "fixtures", "program"), "two-disks", {
      target: JSON.stringify({
        osDiskId: emulator().diskRestorePointId(0),
        resourceGroupName: f.resourceGroupName,
        restorePointCollectionName: f.restorePointCollectionName,
        vmRestorePointName: f.vmRestorePointName,
        dataDiskName: f.disks[1]!.name,
      }),
    });
    exports = await engine.up();
  });

  it("registers each resource under its own type token", () => {
    assert.deepEqual(engine.resources.map((r) => `${r.name} ${r.type}`).sort(), [
      "data-disk pulumi-nodejs:dynamic/azure-disk-sas:DiskRestorePointAccess",
      "os-disk pulumi-nodejs:dynamic/azure-disk-sas:DiskRestorePointAccess",
    ]);
  });

  it("keeps every SAS output secret in the program, and nothing else", () => {
    const secretExports = Object.keys(engine.stackOutputs).filter((name) =>
      JSON.stringify(engine.stackOutputs[name]).includes(secretSignatureKey),
    );
    assert.deepEqual(secretExports.sort(), ["dataDiskSAS", "guestStateSAS", "osDiskSAS"]);
  });

  it("keeps an output secret when its input was secret, and sends the plugin plain values", () => {
    const os = resource("os-disk");
    assert.match(JSON.stringify(os.inputs["diskRestorePointId"]), /"ciphertext":"v1:/);
    assert.match(JSON.stringify(os.outputs["diskRestorePointId"]), /"ciphertext":"v1:/);
    assert.equal(os.id, emulator().diskRestorePointId(0));
    assert.deepEqual(os.secretOutputs.sort(), [
      "accessSAS",
      "diskRestorePointId",
      "securityDataAccessSAS",
      "securityMetadataAccessSAS",
    ]);
  });

  it("stores the provider as a small require of the installed package, capturing no value", () => {
    for (const resource of engine.resources) {
      assert.equal(resource.inputs["__provider"], providerText);
      assert.equal(resource.outputs["__provider"], providerText);
    }
  });

  it("stores no SAS, token or secret from the environment in the provider text or the state", () => {
    const secrets = [
      emulator().principal.clientSecret,
      ...emulator().identity.issued,
      ...["osDiskSAS", "guestStateSAS", "dataDiskSAS"].map((name) => String(exports[name])),
    ];
    const signatures = secrets
      .map((s) => /sig=([^&]+)/.exec(s)?.[1])
      .filter((s): s is string => s !== undefined)
      .map(decodeURIComponent);
    assert.equal(signatures.length, 3);
    // The state holds each resource's inputs and outputs, `__provider` among them.
    const state = engine.stateText();
    assert.ok(state.includes("__provider"));
    for (const secret of [...secrets, ...signatures]) {
      assert.ok(!state.includes(secret), "a secret is stored");
    }
  });

  it("grants what each resource asked: the guest state by id, the data disk by name in VHDX", async () => {
    assert.equal(
      (await readRange(String(exports["guestStateSAS"]), 0, 3)).bytes.toString(),
      "VMGS",
    );
    assert.equal(resource("data-disk").id, emulator().diskRestorePointId(1));
    assert.equal(exports["dataDiskId"], emulator().diskRestorePointId(1));
    assert.equal(
      Date.parse(String(exports["dataDiskExpiresAt"])) -
        Date.parse(String(resource("data-disk").outputs["grantedAt"])),
      600_000,
    );
  });

  it("destroy revokes the grant that asked for it and lets the other expire", async () => {
    await engine.destroy();
    assert.deepEqual(engine.steps.slice(-2).sort(), ["delete data-disk", "delete os-disk"]);
    assert.equal((await readRange(String(exports["osDiskSAS"]), 0, 0)).status, 403);
    assert.equal((await readRange(String(exports["dataDiskSAS"]), 0, 0)).status, 206);
  });
});

function resource(name: string): StateResource {
  return engine.resources.find((r) => r.name === name)!;
}
