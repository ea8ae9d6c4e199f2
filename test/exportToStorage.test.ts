import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, it } from "node:test";
import { copyFixture, type SparseImage } from "./emulator/fixture";
import { Engine } from "./harness/engine";
import { azureNativeStandIns } from "./support/azureNativeStandIns";
import { emulatorSecrets, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator(copyFixture());
const examples = join(__dirname, "..", "examples");
const image = copyFixture().disks[2]!.image!;

/** The SHA-256 of a whole image, zeros included, as `sha256sum` of its VHD gives it. */
function sha256Of({ size, extents }: SparseImage): string {
  const hash = createHash("sha256");
  let at = 0;
  for (const { offset, bytes } of extents) {
    hash.update(Buffer.alloc(offset - at));
    hash.update(bytes);
    at = offset + bytes.length;
  }
  hash.update(Buffer.alloc(size - at));
  return hash.digest("hex");
}

/** Checks that what an `up` recorded and printed holds no SAS, token or secret. */
function assertNothingSecret(engine: Engine): void {
  const seen = [engine.stateText(), ...engine.pluginLog, ...engine.programLog].join("\n");
  for (const secret of emulatorSecrets(emulator())) {
    assert.ok(!seen.includes(secret), "no SAS, token or secret in state or logs");
  }
}

describe("examples/export-to-storage through the real plugin", () => {
  it("copies the disk restore point into a VHD blob with DiskCopy, showing its progress; destroy keeps the backup", async () => {
    const engine = new Engine(
      join(examples, "export-to-storage"),
      "export-to-storage",
      { diskRestorePointId: emulator().diskRestorePointId(2), resourceGroupName: "rg-backup" },
      "dev",
      azureNativeStandIns(emulator()),
    );
    const exports = await engine.up();

    assert.equal(exports["bytes"], image.size);
    const data = image.extents.reduce((sum, e) => sum + e.bytes.length, 0);
    assert.equal(exports["copiedBytes"], data + 1024);
    assert.match(String(exports["blobUrl"]), /\/devstoreaccount1\/disks\/os-disk\.vhd$/);
    for (const { offset, bytes } of image.extents) {
      const held = await emulator().storage.readBlobRange(
        "disks",
        "os-disk.vhd",
        offset,
        bytes.length,
      );
      assert.ok(held.equals(bytes));
    }
    const disk = emulator().fixture.disks[2]!.name;
    assert.equal(emulator().resourceManager.activeGrants(disk), 0, "no SAS outlives the copy");
    const copy = engine.resources.find((r) => r.name === "os-disk-copy")!;
    const stored = String(copy.inputs["__provider"]);
    assert.match(stored, /require\("pulumi-azure-disk-sas\/copy-provider"\)/);
    assert.ok(stored.length <= 512, `the stored provider is a require: ${stored.length} bytes`);
    const lines = engine.pluginLog.join("").split("\n");
    assert.ok(
      lines.some((l) =>
        /^Copying disk restore point .*\/diskRestorePoints\/web01-datadisk2_[^ ]+ to https:\/\/.*\/disks\/os-disk\.vhd: 0 B of 13\.8 MiB \(0 %\)$/.test(
          l,
        ),
      ),
      "the dynamic provider prints the copy's progress",
    );
    assert.ok(lines.some((l) => /^Copied disk restore point .*: 13\.8 MiB in \d+\.\d s/.test(l)));
    assertNothingSecret(engine);

    await engine.destroy();
    assert.ok(engine.steps.includes("retain os-disk-copy"));
    assert.equal(
      (await emulator().storage.blobProperties("disks", "os-disk.vhd"))?.contentLength,
      image.size,
      "the backup stays",
    );
  });
});

describe("examples/export-snapshot through the real plugin", () => {
  it("copies the snapshot while its disk stays in use, verified: sha256 is the VHD's", async () => {
    const snapshotName = "web01-datadisk2-20261201";
    const engine = new Engine(
      join(examples, "export-snapshot"),
      "export-snapshot",
      { snapshotId: emulator().snapshotId(snapshotName), resourceGroupName: "rg-backup" },
      "dev",
      azureNativeStandIns(emulator()),
    );
    const exports = await engine.up();

    assert.equal(exports["bytes"], image.size);
    assert.equal(exports["sha256"], sha256Of(image));
    assert.equal(emulator().resourceManager.activeGrants(snapshotName), 0);
    assertNothingSecret(engine);
    await engine.destroy();
    assert.ok(
      await emulator().storage.blobProperties("snapshots", "snapshot.vhd"),
      "the copy stays",
    );
  });
});

describe("examples/restore-to-region through the real plugin", () => {
  it("copies the disk restore point into a new disk created for upload, which the copy's revoke finishes", async () => {
    const engine = new Engine(
      join(examples, "restore-to-region"),
      "restore-to-region",
      {
        diskRestorePointId: emulator().diskRestorePointId(2),
        resourceGroupName: "rg-backup",
        location: "northeurope",
        uploadSizeBytes: String(image.size),
      },
      "dev",
      azureNativeStandIns(emulator()),
    );
    const exports = await engine.up();

    assert.equal(exports["diskId"], emulator().diskId("restored"));
    const disks = emulator().resourceManager.managedDisks;
    assert.equal(disks.diskState("disks", "restored"), "Unattached", "the upload is finished");
    for (const { offset, bytes } of image.extents) {
      assert.ok((await disks.readRange("disks", "restored", offset, bytes.length)).equals(bytes));
    }
    assertNothingSecret(engine);
    await engine.destroy();
    assert.equal(disks.diskState("disks", "restored"), "Unattached", "the disk stays as it is");
  });
});
