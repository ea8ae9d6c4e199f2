import * as pulumi from "@pulumi/pulumi";
import type { AccessLevel, FileFormat } from "./provider/inputs";
import { assertTypeScriptCompatible } from "./typescriptCompatibility";
import * as provider from "./vmProvider";
import type { DiskSas } from "./vmProvider/inputs";

export type { DiskSas } from "./vmProvider/inputs";

/** The arguments of a {@link VmRestorePointAccess}. */
export interface VmRestorePointAccessArgs {
  /**
   * The full ARM id of the VM restore point:
   * `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/restorePointCollections/{rpc}/restorePoints/{vmrp}`.
   */
  vmRestorePointId: pulumi.Input<string>;
  /** `"Read"` to export the disks, `"Write"` to upload into them. */
  access: pulumi.Input<AccessLevel>;
  /** How long the SAS URLs stay valid, in whole seconds. */
  durationInSeconds: pulumi.Input<number>;
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
  /**
   * Revoke access to every disk when the resource is deleted or replaced.
   * @default true
   */
  revokeOnDelete?: pulumi.Input<boolean>;
}

/**
 * SAS access to every disk of one VM restore point (OS and data disks, discovered from Azure),
 * granted at once and revoked together. If any disk cannot be granted, the others are revoked again
 * and the create fails naming that disk. An update once the grants have expired grants anew.
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
export class VmRestorePointAccess extends pulumi.dynamic.Resource {
  /** The SAS URLs of each disk, by disk restore point name. Secret. */
  declare readonly disks: pulumi.Output<Record<string, DiskSas>>;
  /** When access was granted (ISO 8601). */
  declare readonly grantedAt: pulumi.Output<string>;
  /** When the SAS URLs expire (ISO 8601): `grantedAt` plus `durationInSeconds`. */
  declare readonly expiresAt: pulumi.Output<string>;

  constructor(name: string, args: VmRestorePointAccessArgs, opts?: pulumi.CustomResourceOptions) {
    assertTypeScriptCompatible();
    super(
      provider,
      name,
      { ...args, disks: undefined, grantedAt: undefined, expiresAt: undefined },
      pulumi.mergeOptions({ deleteBeforeReplace: true, additionalSecretOutputs: ["disks"] }, opts),
      "azure-disk-sas",
      "VmRestorePointAccess",
    );
    Object.defineProperty(this, "disks", { value: pulumi.secret(this.disks), enumerable: true });
  }
}
