import * as pulumi from "@pulumi/pulumi";
import * as provider from "./provider";
import { secretOutputNames, type AccessLevel, type FileFormat } from "./provider/inputs";
import { assertTypeScriptCompatible } from "./typescriptCompatibility";

/**
 * The arguments of a {@link DiskRestorePointAccess}. Name the disk restore point either with
 * {@link DiskRestorePointAccessArgs.diskRestorePointId} or with the four names, never both.
 */
export interface DiskRestorePointAccessArgs {
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
  /** `"Read"` to export the disk, `"Write"` to upload into it. */
  access: pulumi.Input<AccessLevel>;
  /** How long the SAS stays valid, in whole seconds. */
  durationInSeconds: pulumi.Input<number>;
  /**
   * The file format of the exported image. Disks with 4096-byte logical sectors need `"VHDX"`.
   * @default "VHD"
   */
  fileFormat?: pulumi.Input<FileFormat>;
  /**
   * Also grant a SAS for the VM guest state (disks with a security profile only).
   * @default false
   */
  getSecureVMGuestStateSAS?: pulumi.Input<boolean>;
  /**
   * Revoke access when the resource is deleted or replaced. `false` lets the SAS expire on its own;
   * until then Azure refuses to delete the restore point (`DiskRestorePointUsedByCustomer`).
   * @default true
   */
  revokeOnDelete?: pulumi.Input<boolean>;
  /**
   * Renew the grant on an update of the stack once it will expire within this many seconds: the
   * update then replaces the resource (revoking and granting anew, `[diff: ~expiresAt]` in the
   * preview), so that a scheduled pipeline always hands on a SAS with at least this much time left.
   * An update once the grant has expired always renews it. Less than `durationInSeconds`. Changing
   * it alone calls no Azure API.
   * @default 0: renewed once expired
   */
  renewBeforeSeconds?: pulumi.Input<number>;
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
export class DiskRestorePointAccess extends pulumi.dynamic.Resource {
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
    assertTypeScriptCompatible();
    super(
      provider,
      name,
      {
        ...args,
        // Every output must be a property from the start, even when its input is not given.
        diskRestorePointId: args.diskRestorePointId,
        accessSAS: undefined,
        securityDataAccessSAS: undefined,
        securityMetadataAccessSAS: undefined,
        grantedAt: undefined,
        expiresAt: undefined,
      },
      pulumi.mergeOptions(
        { deleteBeforeReplace: true, additionalSecretOutputs: [...secretOutputNames] },
        opts,
      ),
      "azure-disk-sas",
      "DiskRestorePointAccess",
    );
    // The engine applies additionalSecretOutputs to the state; marking the outputs here as well keeps
    // them secret in the program wherever the engine does not (for instance under unit-test mocks).
    for (const output of secretOutputNames) {
      Object.defineProperty(this, output, { value: pulumi.secret(this[output]), enumerable: true });
    }
  }
}
