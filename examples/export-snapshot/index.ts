import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import { SnapshotAccess } from "pulumi-azure-disk-sas";
// The server-side copy of examples/export-to-storage, shared rather than written twice.
import { BlobCopy } from "../export-to-storage/blobCopy";

const config = new pulumi.Config();
const resourceGroupName = config.require("resourceGroupName");

// The backup's home, kept when the stack is destroyed, so `pulumi destroy` after the copy revokes
// the SAS and leaves the backup in place.
const account = new storage.StorageAccount(
  "snapshots",
  {
    resourceGroupName,
    kind: storage.Kind.StorageV2,
    sku: { name: storage.SkuName.Standard_LRS },
    allowBlobPublicAccess: false,
    minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
  },
  { retainOnDelete: true },
);
const container = new storage.BlobContainer(
  "snapshots",
  { resourceGroupName, accountName: account.name, publicAccess: storage.PublicAccess.None },
  { retainOnDelete: true },
);
const key = storage
  .listStorageAccountKeysOutput({ resourceGroupName, accountName: account.name })
  .apply((keys) => pulumi.secret(keys.keys[0]!.value));

// Read access to the snapshot for two hours. Its SAS carries the `snapshot=` parameter its
// authorization needs, kept exactly as Azure returns it. The disk it was taken of stays in use.
const access = new SnapshotAccess("snapshot", {
  snapshotId: config.require("snapshotId"),
  access: "Read",
  durationInSeconds: 7200,
});

const copy = new BlobCopy("snapshot-copy", {
  sourceUrl: access.accessSAS,
  destinationUrl: pulumi.interpolate`${account.primaryEndpoints.blob}${container.name}/snapshot.vhd`,
  accountName: account.name,
  accountKey: key,
});

export const blobUrl = copy.blobUrl;
export const bytes = copy.bytes;
export const expiresAt = access.expiresAt;
