import type { AzureEmulator } from "../emulator";
import type { ProviderStandIns } from "../harness/engine";

/**
 * azure-native cannot run here: the resources and functions the examples use are answered by the
 * emulator as Azure would answer them. A storage account is the emulator's Azurite account, its
 * key listing that account's key; a managed disk created for upload becomes one of the emulator's
 * disks, waiting for its upload; a snapshot is taken of the emulator's disk as it is.
 */
export function azureNativeStandIns(emulator: AzureEmulator): ProviderStandIns {
  const storage = emulator.storage;
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
      "azure-native:compute:Disk": async (name, inputs) => {
        const creationData = inputs["creationData"] as { uploadSizeBytes?: number };
        await emulator.resourceManager.managedDisks.createUploadDisk(
          name,
          Number(creationData.uploadSizeBytes),
        );
        return { ...inputs, id: emulator.diskId(name), name };
      },
      "azure-native:compute:Snapshot": async (name, inputs) => {
        const snapshotName = (inputs["snapshotName"] as string | undefined) ?? name;
        const creationData = inputs["creationData"] as { sourceResourceId: string };
        await emulator.resourceManager.managedDisks.takeSnapshot(
          snapshotName,
          creationData.sourceResourceId.split("/").at(-1)!,
          inputs["incremental"] === true,
        );
        return { ...inputs, id: emulator.snapshotId(snapshotName), name: snapshotName };
      },
    },
    calls: {
      "azure-native:authorization:getClientConfig": () => ({
        clientId: emulator.principal.clientId,
        objectId: emulator.principal.clientId,
        subscriptionId: emulator.fixture.subscriptionId,
        tenantId: emulator.principal.tenantId,
      }),
      "azure-native:storage:listStorageAccountKeys": () => ({
        keys: [{ keyName: "key1", value: storage.account.key, permissions: "FULL" }],
      }),
    },
  };
}
