import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { vmRestorePoint } from "../src/kinds/vmRestorePoint";
import { diffInputs } from "../src/lifecycle/diff";
import type { AccessInputs } from "../src/lifecycle/properties";
import { validateInputs } from "../src/lifecycle/validateInputs";
import * as vmProvider from "../src/providers/vmRestorePoint";

const validateVmInputs = (inputs: Record<string, unknown>) =>
  validateInputs(vmRestorePoint, inputs);
import { cloudError } from "./emulator/http";
import { Engine } from "./harness/engine";
import { postedActions, readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
const wholeVm = join(__dirname, "..", "examples", "whole-vm");
const vmRestorePointId = () =>
  emulator()
    .diskRestorePointId(0)
    .replace(/\/diskRestorePoints\/.*$/, "");

interface DiskSas {
  diskRestorePointId: string;
  accessSAS: string;
  securityDataAccessSAS?: string;
  securityMetadataAccessSAS?: string;
}

describe("VmRestorePointAccess: every disk of a VM restore point, through the real plugin", () => {
  it("up grants every disk at once (VHDX where the sectors need it), destroy revokes them all", async () => {
    const engine = new Engine(wholeVm, "whole-vm", { vmRestorePointId: vmRestorePointId() });
    const before = emulator().requests.length;
    const { resourceManager } = emulator();
    resourceManager.settings.durationMs = 600;
    const operationsBefore = resourceManager.operations.list().length;
    const disks = (await engine.up().finally(() => (resourceManager.settings.durationMs = 0)))[
      "disks"
    ] as Record<string, DiskSas>;
    // At once: each disk's grant operation starts before the other's ends.
    const grants = resourceManager.operations.list().slice(operationsBefore);
    assert.equal(grants.length, 2);
    for (const grant of grants) {
      for (const other of grants.filter((g) => g !== grant)) {
        assert.ok(grant.startTime < other.endTime!, "the disks' grants ran at the same time");
      }
    }

    const [os, data] = emulator().fixture.disks;
    assert.deepEqual(Object.keys(disks).sort(), [os!.name, data!.name].sort());
    const read = async (url: string | undefined, bytes: number) =>
      (await readRange(url!, 0, bytes - 1)).bytes.toString("utf8");
    assert.equal(await read(disks[os!.name]!.accessSAS, 13), "web01 OS disk");
    assert.equal(await read(disks[os!.name]!.securityDataAccessSAS, 4), "VMGS");
    assert.equal(await read(disks[os!.name]!.securityMetadataAccessSAS, 4), "VMMD");
    assert.equal(await read(disks[data!.name]!.accessSAS, 15), "web01 data disk");
    const bodies = emulator()
      .requests.slice(before)
      .filter((r) => r.path.endsWith("/beginGetAccess"))
      .map((r) => JSON.parse(r.body) as Record<string, unknown>)
      .sort((a) => (a["fileFormat"] ? 1 : -1));
    assert.deepEqual(bodies, [
      { access: "Read", durationInSeconds: 14400, getSecureVMGuestStateSAS: true },
      { access: "Read", durationInSeconds: 14400, fileFormat: "VHDX" },
    ]);

    const [resource] = engine.resources;
    assert.match(JSON.stringify(resource!.outputs["disks"]), /"ciphertext":"v1:/);
    // The provider in state is a require of the installed package's vm-provider, capturing nothing.
    assert.match(
      String(resource!.outputs["__provider"]),
      /^exports\.handler = __f0;\nconst provider = require\("pulumi-azure-disk-sas\/vm-provider"\);\n/,
    );

    const beforeDestroy = emulator().requests.length;
    await engine.destroy();
    assert.deepEqual(postedActions(emulator(), beforeDestroy), ["endGetAccess", "endGetAccess"]);
    for (const disk of Object.values(disks)) {
      assert.equal((await readRange(disk.accessSAS, 0, 0)).status, 403);
    }
  });

  it("a disk that cannot be granted fails the up naming it, and the disks granted are revoked again", async () => {
    const engine = new Engine(wholeVm, "whole-vm", { vmRestorePointId: vmRestorePointId() });
    const data = emulator().fixture.disks[1]!;
    emulator().intercepts.push({
      method: "POST",
      path: new RegExp(`/diskRestorePoints/${data.name}/beginGetAccess$`),
      times: 1,
      respond: () => cloudError(409, "OperationNotAllowed", "The disk is being copied."),
    });

    await assert.rejects(
      engine.up(),
      new RegExp(
        `Could not grant access to disk restore point \\S+/diskRestorePoints/${data.name}: HTTP 409 OperationNotAllowed: The disk is being copied\\. \\(x-ms-request-id: .*\\)\\. Access to the 1 disk granted was revoked again\\.`,
      ),
    );
    assert.deepEqual(engine.resources, []);
    for (const disk of emulator().fixture.disks) {
      assert.equal(emulator().resourceManager.activeGrants(disk.name), 0, disk.name);
    }
  });

  it("check refuses a disk restore point's id, naming the field, the shape and the resource that takes it", () => {
    assert.deepEqual(
      validateVmInputs({
        vmRestorePointId: emulator().diskRestorePointId(0),
        access: "Read",
        durationInSeconds: 60,
      }),
      [
        {
          property: "vmRestorePointId",
          reason: `[vmRestorePointId] names a disk restore point, and VmRestorePointAccess grants access to a VM restore point: give the id of a disk restore point to DiskRestorePointAccess (its [diskRestorePointId]), or here the id of a VM restore point, /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/restorePointCollections/{restorePointCollectionName}/restorePoints/{vmRestorePointName}; got "${emulator().diskRestorePointId(0)}".`,
        },
      ],
    );
    assert.deepEqual(
      validateVmInputs({
        vmRestorePointId: vmRestorePointId(),
        access: "read",
        durationInSeconds: 0,
        disks: 2,
      }).map((f) => f.property),
      ["disks", "access", "durationInSeconds"],
    );
  });

  it("takes the names form, and renewBeforeSeconds, as every resource does", async () => {
    const f = emulator().fixture;
    const inputs = {
      resourceGroupName: f.resourceGroupName,
      restorePointCollectionName: f.restorePointCollectionName,
      vmRestorePointName: f.vmRestorePointName,
      access: "Read",
      durationInSeconds: 600,
      renewBeforeSeconds: 60,
    };
    assert.deepEqual(validateVmInputs(inputs), []);
    const { id, outs } = await vmProvider.create(inputs);
    assert.equal(id, vmRestorePointId());
    assert.equal(outs?.["vmRestorePointId"], vmRestorePointId());
    assert.deepEqual(
      Object.keys(outs?.["disks"] as object).sort(),
      f.disks.map((d) => d.name).sort(),
    );
    // Renewal: within 60 s of expiry, an update replaces the grant.
    const due = Date.parse(String(outs.expiresAt)) - 30_000;
    assert.deepEqual(
      diffInputs(vmRestorePoint, outs, inputs as unknown as AccessInputs, undefined, due).replaces,
      ["expiresAt"],
    );
    await vmProvider.delete(id, outs);
    for (const disk of f.disks) {
      assert.equal(emulator().resourceManager.activeGrants(disk.name), 0, disk.name);
    }
  });

  it("check refuses both forms of the target at once, naming what was given", () => {
    assert.deepEqual(
      validateVmInputs({
        vmRestorePointId: vmRestorePointId(),
        vmRestorePointName: "vmrp-1",
        access: "Read",
        durationInSeconds: 60,
      }),
      [
        {
          property: "vmRestorePointId",
          reason:
            "Give the target either as [vmRestorePointId] or as [resourceGroupName], [restorePointCollectionName] and [vmRestorePointName], not both; also given: [vmRestorePointName].",
        },
      ],
    );
  });

  describe("faults, as for every kind", () => {
    const inputs = () => ({
      vmRestorePointId: vmRestorePointId(),
      access: "Read",
      durationInSeconds: 600,
    });
    const noGrantLeft = () => {
      for (const disk of emulator().fixture.disks) {
        assert.equal(emulator().resourceManager.activeGrants(disk.name), 0, disk.name);
      }
    };

    it("a disk's operation that grants, then ends Failed: GrantFailed in Azure's words, every disk granted revoked", async () => {
      emulator().resourceManager.settings.failNextOperation = {
        code: "InternalDiskManagementError",
        message: "An internal error occurred.",
      };
      await assert.rejects(vmProvider.create(inputs()), {
        name: "DiskAccessError",
        code: "GrantFailed",
        message:
          /: InternalDiskManagementError: the long-running operation ended Failed: An internal error occurred\. .*Access to the 2 disks granted was revoked again\.$/,
      });
      noGrantLeft();
    });

    it("500 on every POST: GrantFailed after the SDK's retries, nothing granted", async () => {
      emulator().intercepts.push({
        method: "POST",
        path: /\/beginGetAccess$/,
        times: 100,
        respond: () => cloudError(500, "InternalServerError", "Disk service down."),
      });
      try {
        await assert.rejects(vmProvider.create(inputs()), {
          code: "GrantFailed",
          message:
            /HTTP 500 InternalServerError: Disk service down\. \(x-ms-request-id: [-0-9a-f]+, x-ms-correlation-request-id: [-0-9a-f]+\)\. 1 more failed too\.$/,
        });
      } finally {
        emulator().intercepts.length = 0;
      }
      noGrantLeft();
    });

    it("a refused revoke fails the delete with Azure's words, and a second delete revokes every disk", async () => {
      const { id, outs } = await vmProvider.create(inputs());
      emulator().intercepts.push({
        method: "POST",
        path: /\/endGetAccess$/,
        times: 1,
        respond: () => cloudError(409, "Conflict", "Another operation is in progress on the disk."),
      });
      await assert.rejects(vmProvider.delete(id, outs!), {
        code: "RevokeFailed",
        message: /HTTP 409 Conflict: Another operation is in progress on the disk\./,
      });
      await vmProvider.delete(id, outs!);
      noGrantLeft();
    });
  });
});
