import type * as pulumi from "@pulumi/pulumi";
import { AccessResource } from "./accessResource";
import { warnWhenEntraOnly } from "./entraOnlyWarning";
import type { GrantArgs } from "./grantArgs";
import { managedDisk } from "./kinds/managedDisk";
import * as provider from "./providers/managedDisk";

/**
 * The arguments of a {@link ManagedDiskAccess}. Name the disk either with
 * {@link ManagedDiskAccessArgs.diskId} or with `resourceGroupName` and `diskName`, never both.
 */
export interface ManagedDiskAccessArgs extends GrantArgs {
  /**
   * The full ARM id of the managed disk:
   * `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/disks/{disk}`.
   */
  diskId?: pulumi.Input<string>;
  /**
   * The subscription, with the names form.
   * @default the stack configuration `azure-native:subscriptionId`, else `ARM_SUBSCRIPTION_ID`, else `AZURE_SUBSCRIPTION_ID`
   */
  subscriptionId?: pulumi.Input<string>;
  /** The disk's resource group, with the names form. */
  resourceGroupName?: pulumi.Input<string>;
  /** The disk's name, with the names form. */
  diskName?: pulumi.Input<string>;
}

/**
 * SAS access to one Azure managed disk, as part of a stack: to export it (`access: "Read"`) or to
 * upload a VHD into a disk created for upload (`access: "Write"`; deleting the resource then
 * finishes the upload).
 *
 * Creating it runs "Disks - Grant Access" and waits for the operation; the SAS URLs are secret
 * outputs. Azure refuses a disk attached to a running VM: deallocate the VM, or snapshot the disk
 * and use {@link SnapshotAccess}. Deleting it revokes access, unless `revokeOnDelete` is false. Any
 * change but `revokeOnDelete` and `renewBeforeSeconds` replaces it, revoking first, and so does an
 * update once the grant has expired or was revoked by someone else (a refresh notices).
 *
 * @example
 * ```ts
 * const data = new ManagedDiskAccess("data", {
 *   diskId: "/subscriptions/.../resourceGroups/rg/providers/Microsoft.Compute/disks/data01",
 *   access: "Read",
 *   durationInSeconds: 3600,
 * });
 * export const sas = data.accessSAS; // secret
 * ```
 */
export class ManagedDiskAccess extends AccessResource {
  /** The SAS URL that opens the disk's data: to read, or with `access: "Write"` to upload. Secret. */
  declare readonly accessSAS: pulumi.Output<string>;
  /** The SAS URL of the VM guest state, when `getSecureVMGuestStateSAS` asked for it. Secret. */
  declare readonly securityDataAccessSAS: pulumi.Output<string | undefined>;
  /** The SAS URL of a confidential VM's metadata blob, with the guest state. Secret. */
  declare readonly securityMetadataAccessSAS: pulumi.Output<string | undefined>;
  /** The full ARM id of the disk, whichever form named it. */
  declare readonly diskId: pulumi.Output<string>;
  /**
   * The disk's `dataAccessAuthMode`, when it has one. `AzureActiveDirectory`: the SAS opens nothing
   * without the reader's own Entra token (the resource warns).
   */
  declare readonly dataAccessAuthMode: pulumi.Output<string | undefined>;
  /** When access was granted (ISO 8601). */
  declare readonly grantedAt: pulumi.Output<string>;
  /** When the SAS expires (ISO 8601): `grantedAt` plus `durationInSeconds`. */
  declare readonly expiresAt: pulumi.Output<string>;

  constructor(name: string, args: ManagedDiskAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, managedDisk, name, args, opts);
    warnWhenEntraOnly(this, this.dataAccessAuthMode, "disk");
  }
}
