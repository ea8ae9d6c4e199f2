import type * as pulumi from "@pulumi/pulumi";
import { AccessResource } from "./accessResource";
import type { GrantArgs } from "./grantArgs";
import type { DiskSas } from "./kinds/vmRestorePoint";
import type { FileFormat } from "./lifecycle/grantInputs";
import { vmRestorePoint } from "./kinds/vmRestorePoint";
import * as provider from "./providers/vmRestorePoint";

export type { DiskSas } from "./kinds/vmRestorePoint";

/**
 * The arguments of a {@link VmRestorePointAccess}. Name the VM restore point either with
 * {@link VmRestorePointAccessArgs.vmRestorePointId} or with the three names, never both.
 */
export interface VmRestorePointAccessArgs extends GrantArgs {
  /**
   * The full ARM id of the VM restore point:
   * `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/restorePointCollections/{rpc}/restorePoints/{vmrp}`.
   */
  vmRestorePointId?: pulumi.Input<string>;
  /**
   * The subscription, with the names form.
   * @default the stack configuration `azure-native:subscriptionId`, else `ARM_SUBSCRIPTION_ID`, else `AZURE_SUBSCRIPTION_ID`
   */
  subscriptionId?: pulumi.Input<string>;
  /** The resource group of the restore point collection, with the names form. */
  resourceGroupName?: pulumi.Input<string>;
  /** The restore point collection, with the names form. */
  restorePointCollectionName?: pulumi.Input<string>;
  /** The VM restore point, with the names form. */
  vmRestorePointName?: pulumi.Input<string>;
  /**
   * The file format of every exported image.
   * @default "VHDX" for disks with 4096-byte logical sectors, else "VHD"
   */
  fileFormat?: pulumi.Input<FileFormat>;
  /**
   * Also grant the VM guest state (and, for a confidential VM, its metadata) of the disks that
   * have a security profile.
   * @default false
   */
  getSecureVMGuestStateSAS?: pulumi.Input<boolean>;
}

/**
 * SAS access to every disk of one VM restore point (OS and data disks, discovered from Azure),
 * granted at once and revoked together. If any disk cannot be granted, the others are revoked again
 * and the create fails naming that disk. An update once the grants have expired (or are within
 * `renewBeforeSeconds` of it) grants anew.
 *
 * @example
 * ```ts
 * const vm = new VmRestorePointAccess("web01", {
 *   vmRestorePointId: "/subscriptions/.../restorePointCollections/rpc-web01/restorePoints/vmrp-1",
 *   access: "Read",
 *   durationInSeconds: 3600,
 * });
 * export const osDiskSas = vm.disks.apply((d) => Object.values(d)[0]?.accessSAS); // secret
 * ```
 */
export class VmRestorePointAccess extends AccessResource {
  /** The SAS URLs of each disk, by disk restore point name. Secret. */
  declare readonly disks: pulumi.Output<Record<string, DiskSas>>;
  /** The full ARM id of the VM restore point, whichever form named it. */
  declare readonly vmRestorePointId: pulumi.Output<string>;
  /** When access was granted (ISO 8601). */
  declare readonly grantedAt: pulumi.Output<string>;
  /** When the SAS URLs expire (ISO 8601): `grantedAt` plus `durationInSeconds`. */
  declare readonly expiresAt: pulumi.Output<string>;

  constructor(name: string, args: VmRestorePointAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, vmRestorePoint, name, args, opts);
  }
}
