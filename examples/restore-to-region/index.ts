import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import { DiskCopy } from "pulumi-azure-disk-sas";

const config = new pulumi.Config();

// A new disk in another region, created for upload of the restore point's exact size: it waits
// for the upload (ReadyToUpload). It outlives the stack: the restored disk is what this delivers.
const disk = new compute.Disk(
  "restored",
  {
    resourceGroupName: config.require("resourceGroupName"),
    location: config.require("location"),
    sku: { name: compute.DiskStorageAccountTypes.Premium_LRS },
    creationData: {
      createOption: compute.DiskCreateOption.Upload,
      uploadSizeBytes: config.requireNumber("uploadSizeBytes"),
    },
  },
  { retainOnDelete: true },
);

// The copy grants itself read access to the restore point and write access to the disk, copies
// the written ranges server-side, and revokes both, which finishes the upload: the disk is then
// Unattached, ready to attach to a VM. Destroying the stack leaves the disk as it is.
const restore = new DiskCopy("restore", {
  sourceId: config.require("diskRestorePointId"),
  destinationDiskId: disk.id,
});

export const diskId = restore.destinationUrl;
export const copiedBytes = restore.copiedBytes;
