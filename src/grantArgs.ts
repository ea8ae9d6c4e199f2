import type * as pulumi from "@pulumi/pulumi";
import type { AccessLevel, FileFormat } from "./lifecycle/grantInputs";

/** The arguments every resource takes besides its target: the grant's settings and two options. */
export interface GrantArgs {
  /** `"Read"` to export the data, `"Write"` to upload into a disk created for upload. */
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
   * Revoke access when the resource is deleted or replaced. `false` lets the SAS expire on its own
   * (until then Azure refuses to delete a restore point with an outstanding SAS).
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
