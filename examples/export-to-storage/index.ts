import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as storage from "@pulumi/azure-native/storage";
import { DiskCopy } from "pulumi-azure-disk-sas";

const config = new pulumi.Config();
const resourceGroupName = config.require("resourceGroupName");

// The backup's home: a storage account and a container that outlive the stack (retainOnDelete).
const account = new storage.StorageAccount(
  "backups",
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
  "disks",
  { resourceGroupName, accountName: account.name, publicAccess: storage.PublicAccess.None },
  { retainOnDelete: true },
);

// The copy writes with the identity the provider signs in as, which needs Storage Blob Data
// Contributor on the account (Owner and Contributor grant no access to the data). The account
// takes no key at all: nothing here holds one.
const me = authorization.getClientConfigOutput();
const writer = new authorization.RoleAssignment("copy-writes-backups", {
  scope: account.id,
  principalId: me.objectId,
  principalType: authorization.PrincipalType.ServicePrincipal,
  roleDefinitionId: pulumi.interpolate`/subscriptions/${me.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`,
});

// The disk restore point, copied server-side into a VHD blob: the copy grants itself read access,
// copies only the written ranges, and revokes when done. The backup stays when the stack is
// destroyed (retainOnDelete), as a backup should.
const copy = new DiskCopy(
  "os-disk-copy",
  {
    sourceId: config.require("diskRestorePointId"),
    destinationBlobUrl: pulumi.interpolate`${account.primaryEndpoints.blob}${container.name}/os-disk.vhd`,
  },
  { dependsOn: [writer], retainOnDelete: true },
);

export const blobUrl = copy.destinationUrl;
export const bytes = copy.sizeBytes;
export const copiedBytes = copy.copiedBytes;
