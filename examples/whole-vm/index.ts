import * as pulumi from "@pulumi/pulumi";
import { VmRestorePointAccess } from "pulumi-azure-disk-sas";

const config = new pulumi.Config();

// Read access to every disk of the VM restore point (OS and data disks, with the guest state of a
// confidential or trusted launch VM), for four hours. Destroying the stack revokes them all.
const vm = new VmRestorePointAccess("vm", {
  vmRestorePointId: config.require("vmRestorePointId"),
  access: "Read",
  durationInSeconds: config.getNumber("durationInSeconds") ?? 14_400,
  getSecureVMGuestStateSAS: true,
});

export const expiresAt = vm.expiresAt;
/**
 * Secret: what a forensics job needs, by disk restore point name: each disk's SAS (and its guest
 * state's). `pulumi stack output disks --show-secrets` shows it.
 */
export const disks = vm.disks;
