import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Engine } from "./harness/engine";
import { azureNativeStandIns } from "./support/azureNativeStandIns";
import { postedActions, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();

describe("examples/export-to-storage through the real plugin", () => {
  it("copies the disk server-side into the storage account, and destroy revokes the SAS but keeps the copy", async () => {
    const engine = new Engine(
      join(__dirname, "..", "examples", "export-to-storage"),
      "export-to-storage",
      { diskRestorePointId: emulator().diskRestorePointId(0), resourceGroupName: "rg-backup" },
      "dev",
      azureNativeStandIns(emulator()),
    );
    const exports = await engine.up();

    const disk = emulator().fixture.disks[0]!;
    assert.equal(exports["bytes"], disk.bytes!.length);
    const copied = await emulator().storage.blobProperties("disks", "os-disk.vhd");
    assert.equal(copied?.copyStatus, "success");
    assert.equal(
      (await emulator().storage.readBlob("disks", "os-disk.vhd", 13)).toString("utf8"),
      "web01 OS disk",
    );
    const copy = engine.resources.find((r) => r.name === "os-disk-copy")!;
    assert.match(
      JSON.stringify(copy.inputs["sourceUrl"]),
      /"ciphertext":"v1:/,
      "the SAS is secret",
    );
    assert.match(JSON.stringify(copy.inputs["accountKey"]), /"ciphertext":"v1:/, "the key too");

    const before = emulator().requests.length;
    await engine.destroy();
    assert.deepEqual(postedActions(emulator(), before), ["endGetAccess"]);
    assert.equal(emulator().resourceManager.activeGrants(disk.name), 0);
    assert.equal(
      (await emulator().storage.blobProperties("disks", "os-disk.vhd"))?.contentLength,
      disk.bytes!.length,
    );
  });
});

describe("examples/export-snapshot through the real plugin", () => {
  it("copies the snapshot server-side from its SAS, snapshot= and all; destroy revokes and keeps the copy", async () => {
    const snapshotName = "web01-osdisk-20261125";
    const engine = new Engine(
      join(__dirname, "..", "examples", "export-snapshot"),
      "export-snapshot",
      { snapshotId: emulator().snapshotId(snapshotName), resourceGroupName: "rg-backup" },
      "dev",
      azureNativeStandIns(emulator()),
    );
    const exports = await engine.up();

    const snapshot = emulator().fixture.snapshots!.find((s) => s.name === snapshotName)!;
    assert.equal(exports["bytes"], snapshot.bytes!.length);
    assert.equal(
      (await emulator().storage.readBlob("snapshots", "snapshot.vhd", 34)).toString("utf8"),
      "web01 OS disk: snapshot 2026-11-25",
    );
    const before = emulator().requests.length;
    await engine.destroy();
    assert.deepEqual(postedActions(emulator(), before), ["endGetAccess"]);
    assert.equal(emulator().resourceManager.activeGrants(snapshotName), 0);
    assert.ok(
      await emulator().storage.blobProperties("snapshots", "snapshot.vhd"),
      "the copy stays",
    );
  });
});
