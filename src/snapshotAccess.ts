import type * as pulumi from "@pulumi/pulumi";
import { AccessResource } from "./accessResource";
import { warnWhenEntraOnly } from "./entraOnlyWarning";
import type { GrantArgs } from "./grantArgs";
import { snapshot } from "./kinds/snapshot";
import * as provider from "./providers/snapshot";

/**
 * The arguments of a {@link SnapshotAccess}. Name the snapshot either with
 * {@link SnapshotAccessArgs.snapshotId} or with `resourceGroupName` and `snapshotName`, never both.
 */
export interface SnapshotAccessArgs extends GrantArgs {
  /**
   * The full ARM id of the snapshot:
   * `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/snapshots/{snapshot}`.
   */
  snapshotId?: pulumi.Input<string>;
  /**
   * The subscription, with the names form.
   * @default the stack configuration `azure-native:subscriptionId`, else `ARM_SUBSCRIPTION_ID`, else `AZURE_SUBSCRIPTION_ID`
   */
  subscriptionId?: pulumi.Input<string>;
  /** The snapshot's resource group, with the names form. */
  resourceGroupName?: pulumi.Input<string>;
  /** The snapshot's name, with the names form. */
  snapshotName?: pulumi.Input<string>;
}

/**
 * SAS access to one snapshot of a managed disk, as part of a stack: to copy it out (a backup to
 * storage, another region) while the disk it was taken of stays in use.
 *
 * Creating it runs "Snapshots - Grant Access" and waits for the operation; the SAS URL, which
 * carries the `snapshot=` parameter its authorization needs, is a secret output kept exactly as
 * Azure returns it. Deleting it revokes access, unless `revokeOnDelete` is false. Any change but
 * `revokeOnDelete` and `renewBeforeSeconds` replaces it, revoking first, and so does an update once
 * the grant has expired or was revoked by someone else (a refresh notices).
 *
 * @example
 * ```ts
 * const nightly = new SnapshotAccess("nightly", {
 *   resourceGroupName: "rg-backup",
 *   snapshotName: "web01-osdisk-20261125",
 *   access: "Read",
 *   durationInSeconds: 7200,
 * });
 * export const sas = nightly.accessSAS; // secret
 * ```
 */
export class SnapshotAccess extends AccessResource {
  /** The SAS URL that opens the snapshot's data. Secret. */
  declare readonly accessSAS: pulumi.Output<string>;
  /** The SAS URL of the VM guest state, when `getSecureVMGuestStateSAS` asked for it. Secret. */
  declare readonly securityDataAccessSAS: pulumi.Output<string | undefined>;
  /** The SAS URL of a confidential VM's metadata blob, with the guest state. Secret. */
  declare readonly securityMetadataAccessSAS: pulumi.Output<string | undefined>;
  /** The full ARM id of the snapshot, whichever form named it. */
  declare readonly snapshotId: pulumi.Output<string>;
  /**
   * The snapshot's `dataAccessAuthMode`, when it has one. `AzureActiveDirectory`: the SAS opens
   * nothing without the reader's own Entra token (the resource warns).
   */
  declare readonly dataAccessAuthMode: pulumi.Output<string | undefined>;
  /** When access was granted (ISO 8601). */
  declare readonly grantedAt: pulumi.Output<string>;
  /** When the SAS expires (ISO 8601): `grantedAt` plus `durationInSeconds`. */
  declare readonly expiresAt: pulumi.Output<string>;

  constructor(name: string, args: SnapshotAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, snapshot, name, args, opts);
    warnWhenEntraOnly(this, this.dataAccessAuthMode, "snapshot");
  }
}
