import * as pulumi from "@pulumi/pulumi";
import { DiskRestorePointAccess } from "pulumi-azure-disk-sas";

const config = new pulumi.Config();

// Read access to one disk restore point for an hour. Deleting the resource (or `pulumi destroy`)
// revokes it; with revokeOnDelete false the SAS runs out on its own instead. An `up` once the SAS
// has expired grants a fresh one; with renewBeforeSeconds, already once it has less time left.
const renewBeforeSeconds = config.getNumber("renewBeforeSeconds");
const osDisk = new DiskRestorePointAccess("os-disk", {
  diskRestorePointId: config.require("diskRestorePointId"),
  access: "Read",
  durationInSeconds: config.getNumber("durationInSeconds") ?? 3600,
  revokeOnDelete: config.getBoolean("revokeOnDelete") ?? true,
  ...(renewBeforeSeconds !== undefined ? { renewBeforeSeconds } : {}),
});

export const diskRestorePointId = osDisk.diskRestorePointId;
export const expiresAt = osDisk.expiresAt;
/** Secret: `pulumi stack output accessSAS --show-secrets` shows it. */
export const accessSAS = osDisk.accessSAS;
