import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DiskAccessError } from "../src/azure/accessError";
import * as managedDisk from "../src/providers/managedDisk";
import * as snapshot from "../src/providers/snapshot";
import type { DiskType } from "./emulator/managedDisks";
import { postedActions, readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
const disks = () => emulator().resourceManager.managedDisks;

/** A kind of resource whose target is a disk or snapshot, as its provider and the emulator name it. */
interface Kind {
  what: string;
  provider: typeof managedDisk;
  type: DiskType;
  idProperty: "diskId" | "snapshotId";
  nameProperty: "diskName" | "snapshotName";
  id(name: string): string;
}
const managedDiskKind: Kind = {
  what: "ManagedDiskAccess",
  provider: managedDisk,
  type: "disks",
  idProperty: "diskId",
  nameProperty: "diskName",
  id: (name) => emulator().diskId(name),
};
const snapshotKind: Kind = {
  what: "SnapshotAccess",
  provider: snapshot,
  type: "snapshots",
  idProperty: "snapshotId",
  nameProperty: "snapshotName",
  id: (name) => emulator().snapshotId(name),
};

/** Grants through a kind's provider and returns its id and outputs. */
async function grant(kind: Kind, inputs: Record<string, unknown>) {
  const { id, outs } = await kind.provider.create({
    access: "Read",
    durationInSeconds: 600,
    ...inputs,
  });
  assert.ok(outs);
  return { id, outs };
}

/** A create expected to fail with a DiskAccessError. */
async function refusal(kind: Kind, inputs: Record<string, unknown>): Promise<DiskAccessError> {
  const error = await kind.provider.create({ durationInSeconds: 600, ...inputs }).then(
    () => assert.fail("create should have failed"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DiskAccessError, String(error));
  return error;
}

const lifecycle: [Kind, string, string][] = [
  [managedDiskKind, "web01-datadisk2", "web01 data disk 2: detached"],
  [snapshotKind, "web01-osdisk-20261125", "web01 OS disk: snapshot 2026-11-25"],
];
for (const [kind, name, label] of lifecycle) {
  describe(`${kind.what}: the SAS lifecycle of ${name}`, () => {
    it("create grants: the SAS opens the bytes, diskState shows it live, delete revokes and diskState goes back", async () => {
      const { id, outs } = await grant(kind, { [kind.idProperty]: kind.id(name) });
      assert.equal(id, kind.id(name));
      assert.equal(outs[kind.idProperty], kind.id(name));
      const sas = String(outs.accessSAS);
      assert.equal((await readRange(sas, 0, label.length - 1)).bytes.toString(), label);
      assert.equal(disks().diskState(kind.type, name), "ActiveSAS");

      await kind.provider.delete(id, outs);
      assert.equal(disks().diskState(kind.type, name), "Unattached");
      assert.equal((await readRange(sas, 0, 0)).status, 403);
    });

    it("takes the names form, with the subscription from the environment", async () => {
      const { id, outs } = await grant(kind, {
        resourceGroupName: emulator().fixture.resourceGroupName,
        [kind.nameProperty]: name,
      });
      assert.equal(id, kind.id(name));
      await kind.provider.delete(id, outs);
    });

    it("refresh keeps a live grant, and reports it gone once someone else revoked it", async () => {
      const { id, outs } = await grant(kind, { [kind.idProperty]: kind.id(name) });
      assert.deepEqual(await kind.provider.read(id, outs), { id, props: outs });
      await disks().revokeElsewhere(kind.type, name);
      assert.deepEqual(await kind.provider.read(id, outs), {});
    });

    it("refresh reports a grant gone once its target no longer exists, and delete counts it as revoked", async () => {
      const { id, outs } = await grant(kind, { [kind.idProperty]: kind.id(name) });
      const restore = disks().remove(kind.type, name);
      try {
        assert.deepEqual(await kind.provider.read(id, outs), {});
        const before = emulator().requests.length;
        await kind.provider.delete(id, outs);
        assert.deepEqual(postedActions(emulator(), before), ["endGetAccess"]);
      } finally {
        restore();
        await disks().revokeElsewhere(kind.type, name);
      }
    });

    it("refresh reports a grant gone once Azure let it run out", async () => {
      const { id, outs } = await grant(kind, {
        [kind.idProperty]: kind.id(name),
        durationInSeconds: 1,
      });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.equal(disks().diskState(kind.type, name), "Unattached");
      const before = emulator().requests.length;
      assert.deepEqual(await kind.provider.read(id, outs), {});
      assert.equal(emulator().requests.length, before, "an expired grant needs no Azure call");
    });
  });
}

describe("SnapshotAccess keeps the SAS exactly as Azure returns it", () => {
  it("the snapshot= parameter is part of its authorization: without it the SAS opens nothing", async () => {
    const { id, outs } = await grant(snapshotKind, {
      snapshotId: snapshotKind.id("web01-osdisk-20261125"),
    });
    const sas = String(outs.accessSAS);
    assert.match(sas, /\/abcd\?snapshot=[^&]+&sv=[^&]+&si=[^&]+&sr=bs&sig=/);
    assert.equal((await readRange(sas, 0, 0)).status, 206);
    assert.equal((await readRange(sas.replace(/snapshot=[^&]+&/, ""), 0, 0)).status, 403);
    await snapshot.delete(id, outs);
  });
});

describe("ManagedDiskAccess on disks of stopped VMs", () => {
  for (const [name, vm, live, idle] of [
    ["web02-osdisk", "deallocated", "ActiveSAS", "Reserved"],
    ["web03-osdisk", "hibernated", "ActiveSASFrozen", "Frozen"],
  ] as const) {
    it(`grants the disk of a ${vm} VM (${idle}, then ${live}), and refresh counts ${live} as live`, async () => {
      const { id, outs } = await grant(managedDiskKind, { diskId: managedDiskKind.id(name) });
      assert.equal(disks().diskState("disks", name), live);
      assert.deepEqual(await managedDisk.read(id, outs), { id, props: outs });
      await managedDisk.delete(id, outs);
      assert.equal(disks().diskState("disks", name), idle);
    });
  }
});

describe("Azure's refusals, with its words and what to do", () => {
  const ids = (suffix: string) => {
    const r = emulator().requests.findLast((r) => r.path.endsWith(suffix))!;
    return `(x-ms-request-id: ${r.requestId}, x-ms-correlation-request-id: ${r.correlationId})`;
  };
  const cases: [string, Kind, string, Record<string, unknown>, string][] = [
    [
      "a disk attached to a running VM",
      managedDiskKind,
      "web01-osdisk",
      { access: "Read" },
      "HTTP 409 Conflict: Access not permitted because disk web01-osdisk is currently attached to running VM /subscriptions/6f7c2b1e-4a3d-4e8b-9c21-5d0e3f9a7b10/resourceGroups/rg-backup/providers/Microsoft.Compute/virtualMachines/web01. {ids}. Deallocate the VM (stop it from Azure, not only from inside the guest), or take a snapshot of the disk and grant access to the snapshot with SnapshotAccess.",
    ],
    [
      "a disk whose networkAccessPolicy is DenyAll",
      managedDiskKind,
      "sealed-disk",
      { access: "Read" },
      "HTTP 409 OperationNotAllowed: Access is not allowed for disk 'sealed-disk' because its network access policy is 'DenyAll'. {ids}. The disk's networkAccessPolicy is DenyAll, which forbids any export or upload: set it to AllowAll (or AllowPrivate, through a disk access resource) to grant a SAS.",
    ],
    [
      "a snapshot whose networkAccessPolicy is DenyAll",
      snapshotKind,
      "sealed-snapshot",
      { access: "Read" },
      "HTTP 409 OperationNotAllowed: Access is not allowed for snapshot 'sealed-snapshot' because its network access policy is 'DenyAll'. {ids}. The snapshot's networkAccessPolicy is DenyAll, which forbids any export or upload: set it to AllowAll (or AllowPrivate, through a disk access resource) to grant a SAS.",
    ],
    [
      "Read on a disk waiting for an upload",
      managedDiskKind,
      "upload-target",
      { access: "Read" },
      `HTTP 409 OperationNotAllowed: Read access cannot be granted to disk 'upload-target' in state 'ReadyToUpload': it is waiting for an upload. {ids}. The disk waits for an upload: grant access "Write", upload a fixed-size VHD through the SAS, then delete the resource to finish the upload; read it afterwards.`,
    ],
    [
      "Write on a disk not created for upload",
      managedDiskKind,
      "web01-datadisk2",
      { access: "Write" },
      `HTTP 409 OperationNotAllowed: Write access can only be granted to a disk created for upload and waiting for it; disk 'web01-datadisk2' is in state 'Unattached'. {ids}. Only a disk created for upload (creationData.createOption "Upload" with uploadSizeBytes), and waiting for it, takes access "Write"; to export this disk, use access "Read".`,
    ],
    [
      "a disk with 4096-byte sectors without VHDX",
      managedDiskKind,
      "ultra-data01",
      { access: "Read" },
      'HTTP 400 BadRequest: Accessing disk or snapshot with a logical sector size of 4096 requires specifying the file format. Set the fileFormat property to VHDX. {ids}. Set fileFormat: "VHDX": disks with 4096-byte logical sectors can only be exported as VHDX.',
    ],
  ];
  for (const [what, kind, name, inputs, reason] of cases) {
    it(what, async () => {
      const before = emulator().requests.length;
      const error = await refusal(kind, { [kind.idProperty]: kind.id(name), ...inputs });
      const noun = kind === snapshotKind ? "snapshot" : "managed disk";
      assert.equal(
        error.message,
        `Could not grant access to ${noun} ${kind.id(name)}: ${reason.replace("{ids}", ids("/beginGetAccess"))}`,
      );
      assert.deepEqual(postedActions(emulator(), before), ["beginGetAccess"], "nothing to undo");
    });
  }

  it("a disk with 4096-byte sectors is granted in VHDX", async () => {
    const { id, outs } = await grant(managedDiskKind, {
      diskId: managedDiskKind.id("ultra-data01"),
      fileFormat: "VHDX",
    });
    assert.equal((await readRange(String(outs.accessSAS), 0, 9)).bytes.toString(), "ultra data");
    await managedDisk.delete(id, outs);
  });

  it("a disk that asks for Entra ID besides the SAS: granted, with its dataAccessAuthMode recorded", async () => {
    const { id, outs } = await grant(managedDiskKind, { diskId: managedDiskKind.id("entra-disk") });
    assert.equal(outs.dataAccessAuthMode, "AzureActiveDirectory");
    await managedDisk.delete(id, outs);
  });
});
