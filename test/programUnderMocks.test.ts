import * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { destroy, up, type RecordedResource } from "./harness/inProcessEngine";
import { readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
const program = join(__dirname, "fixtures", "program");
let run: Awaited<ReturnType<typeof up>>;

describe("a program under pulumi.runtime.setMocks, its provider run from the stored __provider", () => {
  before(async () => {
    const f = emulator().fixture;
    run = await up(program, {
      target: JSON.stringify({
        osDiskId: emulator().diskRestorePointId(0),
        resourceGroupName: f.resourceGroupName,
        restorePointCollectionName: f.restorePointCollectionName,
        vmRestorePointName: f.vmRestorePointName,
        dataDiskName: f.disks[1]!.name,
      }),
    });
  });

  it("registers each resource under its own type token", () => {
    assert.deepEqual(
      run.resources.map((r) => `${r.name} ${r.type}`).sort(),
      ["data-disk pulumi-nodejs:dynamic/azure-disk-sas:DiskRestorePointAccess", "os-disk pulumi-nodejs:dynamic/azure-disk-sas:DiskRestorePointAccess"],
    );
  });

  it("keeps both SAS outputs secret in the program", async () => {
    for (const name of ["osDiskSAS", "guestStateSAS", "dataDiskSAS"]) {
      assert.equal(await pulumi.isSecret(run.outputs[name] as pulumi.Output<string>), true, name);
    }
    assert.equal(await pulumi.isSecret(run.outputs["dataDiskId"] as pulumi.Output<string>), false);
  });

  it("stores the provider as a small require of the installed package, capturing no value", () => {
    for (const resource of run.resources) {
      const text = resource.inputs["__provider"] as string;
      assert.equal(text, providerText);
      assert.ok(text.length <= 512, `${text.length} bytes`);
    }
  });

  it("stores no SAS, token or secret from the environment in the provider text", () => {
    const secrets = [
      emulator().principal.clientSecret,
      ...emulator().identity.issued,
      ...run.resources.flatMap((r) => [r.outputs["accessSAS"], r.outputs["securityDataAccessSAS"]]).filter((v): v is string => typeof v === "string"),
    ];
    assert.ok(secrets.length >= 5);
    for (const resource of run.resources) {
      const text = resource.inputs["__provider"] as string;
      for (const secret of secrets) {
        assert.ok(!text.includes(secret), "a secret is in __provider");
        const signature = /sig=([^&]+)/.exec(secret)?.[1];
        assert.ok(signature === undefined || !text.includes(decodeURIComponent(signature)));
      }
    }
  });

  it("grants what each resource asked: the guest state by id, the data disk by name in VHDX", async () => {
    const os = resource("os-disk");
    const data = resource("data-disk");
    assert.equal((await readRange(os.outputs["securityDataAccessSAS"] as string, 0, 3)).bytes.toString(), "VMGS");
    assert.equal(data.id, emulator().diskRestorePointId(1));
    assert.equal(run.exports["dataDiskId"], emulator().diskRestorePointId(1));
    assert.equal(Date.parse(String(run.exports["dataDiskExpiresAt"])) - Date.parse(String(data.outputs["grantedAt"])), 600_000);
  });

  it("destroy revokes the grant that asked for it and lets the other expire", async () => {
    await destroy(program, run.resources);
    assert.equal((await readRange(resource("os-disk").outputs["accessSAS"] as string, 0, 0)).status, 403);
    assert.equal((await readRange(resource("data-disk").outputs["accessSAS"] as string, 0, 0)).status, 206);
  });
});

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

function resource(name: string): RecordedResource {
  return run.resources.find((r) => r.name === name)!;
}
