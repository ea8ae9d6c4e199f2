import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as storage from "@pulumi/azure-native/storage";
import { DiskCopy } from "pulumi-azure-disk-sas";

const config = new pulumi.Config();
const resourceGroupName = config.require("resourceGroupName");

// The backup's home, kept when the stack is destroyed.
const account = new storage.StorageAccount(
  "snapshots",
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
  "snapshots",
  { resourceGroupName, accountName: account.name, publicAccess: storage.PublicAccess.None },
  { retainOnDelete: true },
);
const me = authorization.getClientConfigOutput();
const writer = new authorization.RoleAssignment("copy-writes-snapshots", {
  scope: account.id,
  principalId: me.objectId,
  principalType: authorization.PrincipalType.ServicePrincipal,
  // Storage Blob Data Contributor: to write the copy, and with verify to read it back.
  roleDefinitionId: pulumi.interpolate`/subscriptions/${me.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`,
});

// A snapshot copied while the disk it was taken of stays in use, and verified: both ends are read
// and hashed after the copy, and the SHA-256 of the VHD is an output to keep with the backup.
const copy = new DiskCopy(
  "snapshot-copy",
  {
    sourceId: config.require("snapshotId"),
    destinationBlobUrl: pulumi.interpolate`${account.primaryEndpoints.blob}${container.name}/snapshot.vhd`,
    verify: true,
  },
  { dependsOn: [writer], retainOnDelete: true },
);

export const blobUrl = copy.destinationUrl;
export const bytes = copy.sizeBytes;
export const sha256 = copy.sha256;
