import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { ManagedDiskAccess } from "pulumi-azure-disk-sas";
import { VhdUpload } from "./vhdUpload";

const config = new pulumi.Config();
const vhdPath = config.require("vhdPath");

// A disk created for upload, of the VHD's exact size (footer included): it waits for the upload
// (ReadyToUpload). It is kept when the stack is destroyed: the upload is what this stack delivers.
const disk = new compute.Disk(
  "uploaded",
  {
    resourceGroupName: config.require("resourceGroupName"),
    location: config.require("location"),
    sku: { name: compute.DiskStorageAccountTypes.StandardSSD_LRS },
    creationData: {
      createOption: compute.DiskCreateOption.Upload,
      uploadSizeBytes: statSync(vhdPath).size,
    },
  },
  { retainOnDelete: true },
);

// Write access for an hour: the disk goes ActiveUpload. Destroying the stack revokes it, and that
// revoke is what finishes the upload (Azure checks the VHD then; the disk becomes Unattached).
const access = new ManagedDiskAccess("upload", {
  diskId: disk.id,
  access: "Write",
  durationInSeconds: 3600,
});

// The VHD's pages, uploaded through the SAS; a changed file is uploaded again.
new VhdUpload("vhd", {
  sasUrl: access.accessSAS,
  vhdPath,
  sha256: createHash("sha256").update(readFileSync(vhdPath)).digest("hex"),
});

export const diskId = disk.id;
export const expiresAt = access.expiresAt;
