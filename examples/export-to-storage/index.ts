import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/azure-native/storage";
import { DiskRestorePointAccess } from "pulumi-azure-disk-sas";
import { BlobCopy } from "./blobCopy";

const config = new pulumi.Config();
const resourceGroupName = config.require("resourceGroupName");

// The backup's home: a storage account and a container that outlive the stack (retainOnDelete), so
// `pulumi destroy` after the copy revokes the SAS and leaves the backup in place.
const account = new storage.StorageAccount(
  "backups",
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
  "disks",
  { resourceGroupName, accountName: account.name, publicAccess: storage.PublicAccess.None },
  { retainOnDelete: true },
);
const key = storage
  .listStorageAccountKeysOutput({ resourceGroupName, accountName: account.name })
  .apply((keys) => pulumi.secret(keys.keys[0]!.value));

// Read access to the disk restore point for two hours: long enough for the service to copy it.
const access = new DiskRestorePointAccess("os-disk", {
  diskRestorePointId: config.require("diskRestorePointId"),
  access: "Read",
  durationInSeconds: 7200,
});

const copy = new BlobCopy("os-disk-copy", {
  sourceUrl: access.accessSAS,
  destinationUrl: pulumi.interpolate`${account.primaryEndpoints.blob}${container.name}/os-disk.vhd`,
  accountName: account.name,
  accountKey: key,
});

export const blobUrl = copy.blobUrl;
export const bytes = copy.bytes;
export const expiresAt = access.expiresAt;
