import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as compute from "@pulumi/azure-native/compute";
import * as storage from "@pulumi/azure-native/storage";
import { DiskCopy } from "pulumi-azure-disk-sas";

const config = new pulumi.Config();
const diskId = config.require("diskId");
const resourceGroupName = config.require("resourceGroupName");
const diskName = diskId.split("/").at(-1)!;
const night = config.get("night") || new Date().toISOString().slice(0, 10).replaceAll("-", "");

// The backups' home, kept when the stack is destroyed.
const account = new storage.StorageAccount(
  "nightly",
  {
    resourceGroupName,
    kind: storage.Kind.StorageV2,
    sku: { name: storage.SkuName.Standard_LRS },
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
  },
  { retainOnDelete: true },
);
const container = new storage.BlobContainer(
  "nightly",
  { resourceGroupName, accountName: account.name, publicAccess: storage.PublicAccess.None },
  { retainOnDelete: true },
);
const me = authorization.getClientConfigOutput();
const writer = new authorization.RoleAssignment("copy-writes-backups", {
  scope: account.id,
  principalId: me.objectId,
  principalType: authorization.PrincipalType.ServicePrincipal,
  // Storage Blob Data Contributor: to write the copy and keep its snapshots.
  roleDefinitionId: pulumi.interpolate`/subscriptions/${me.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`,
});

// Tonight's incremental snapshot. Its name changes every night, which replaces it: the new one is
// created first, the copy is updated from it, and last night's is deleted once the copy is done.
const snapshot = new compute.Snapshot("nightly", {
  resourceGroupName,
  location: config.require("location"),
  snapshotName: `${diskName}-${night}`,
  incremental: true,
  creationData: { createOption: compute.DiskCreateOption.Copy, sourceResourceId: diskId },
});

// The first night copies the disk's data; each later night only what changed since the night
// before, after keeping the blob as it was as a blob snapshot: a restorable point per night.
const backup = new DiskCopy(
  "nightly",
  {
    sourceId: snapshot.id,
    destinationBlobUrl: pulumi.interpolate`${account.primaryEndpoints.blob}${container.name}/${diskName}.vhd`,
  },
  { dependsOn: [writer], retainOnDelete: true },
);

export const blobUrl = backup.destinationUrl;
export const copiedBytes = backup.copiedBytes;
export const incrementalFrom = backup.incrementalFrom;
export const restorePoints = backup.blobSnapshots;
