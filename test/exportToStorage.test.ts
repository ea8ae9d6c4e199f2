import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Engine, type ProviderStandIns } from "./harness/engine";
import { postedActions, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();

/**
 * azure-native cannot run here: its storage account, container and key listing are answered by the
 * emulator's Azurite account, as Azure would answer them.
 */
function azureNativeOnAzurite(): ProviderStandIns {
  const storage = emulator().storage;
  return {
    resources: {
      "azure-native:storage:StorageAccount": (_name, inputs) => ({
        ...inputs,
        name: storage.account.name,
        primaryEndpoints: { blob: `${storage.blobEndpoint}/` },
      }),
      "azure-native:storage:BlobContainer": async (name, inputs) => {
        await storage.createContainer(name);
        return { ...inputs, name };
      },
    },
    calls: {
      "azure-native:storage:listStorageAccountKeys": () => ({
        keys: [{ keyName: "key1", value: storage.account.key, permissions: "FULL" }],
      }),
    },
  };
}

describe("examples/export-to-storage through the real plugin", () => {
  it("copies the disk server-side into the storage account, and destroy revokes the SAS but keeps the copy", async () => {
    const engine = new Engine(
      join(__dirname, "..", "examples", "export-to-storage"),
      "export-to-storage",
      { diskRestorePointId: emulator().diskRestorePointId(0), resourceGroupName: "rg-backup" },
      "dev",
      azureNativeOnAzurite(),
    );
    const exports = await engine.up();

    const disk = emulator().fixture.disks[0]!;
    assert.equal(exports["bytes"], disk.bytes.length);
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
      disk.bytes.length,
    );
  });
});
