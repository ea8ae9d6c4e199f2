import type * as pulumi from "@pulumi/pulumi";
import { AccessResource } from "./accessResource";
import type { GrantArgs } from "./grantArgs";
import { diskRestorePoint } from "./kinds/diskRestorePoint";
import * as provider from "./providers/diskRestorePoint";

/**
 * The arguments of a {@link DiskRestorePointAccess}. Name the disk restore point either with
 * {@link DiskRestorePointAccessArgs.diskRestorePointId} or with the four names, never both.
 */
export interface DiskRestorePointAccessArgs extends GrantArgs {
  /**
   * The full ARM id of the disk restore point:
   * `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/restorePointCollections/{rpc}/restorePoints/{vmrp}/diskRestorePoints/{drp}`.
   */
  diskRestorePointId?: pulumi.Input<string>;
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
  /** The disk restore point, with the names form. */
  diskRestorePointName?: pulumi.Input<string>;
}

/**
 * SAS access to one Azure disk restore point, as part of a stack.
 *
 * Creating it runs "Disk Restore Point - Grant Access" and waits for the operation; the SAS URLs are
 * secret outputs. Deleting it revokes access, unless `revokeOnDelete` is false. Any change but
 * `revokeOnDelete` and `renewBeforeSeconds` replaces it, revoking the old grant before granting
 * anew, and so does an update once the grant has expired (or is within `renewBeforeSeconds` of it).
 *
 * @example
 * ```ts
 * const access = new DiskRestorePointAccess("os-disk", {
 *   diskRestorePointId: "/subscriptions/.../diskRestorePoints/osdisk",
 *   access: "Read",
 *   durationInSeconds: 3600,
 * });
 * export const sas = access.accessSAS; // secret
 * ```
 */
export class DiskRestorePointAccess extends AccessResource {
  /** The SAS URL that opens the disk image. Secret. */
  declare readonly accessSAS: pulumi.Output<string>;
  /** The SAS URL of the VM guest state, when `getSecureVMGuestStateSAS` asked for it. Secret. */
  declare readonly securityDataAccessSAS: pulumi.Output<string | undefined>;
  /**
   * The SAS URL of the VM metadata blob, which Azure returns with the guest state for the OS disk of
   * a confidential VM from api-version 2025-01-02 on. Secret.
   */
  declare readonly securityMetadataAccessSAS: pulumi.Output<string | undefined>;
  /** The full ARM id of the disk restore point, whichever form named it. */
  declare readonly diskRestorePointId: pulumi.Output<string>;
  /** When access was granted (ISO 8601). */
  declare readonly grantedAt: pulumi.Output<string>;
  /** When the SAS expires (ISO 8601): `grantedAt` plus `durationInSeconds`. */
  declare readonly expiresAt: pulumi.Output<string>;

  constructor(name: string, args: DiskRestorePointAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, diskRestorePoint, name, args, opts);
  }
}
