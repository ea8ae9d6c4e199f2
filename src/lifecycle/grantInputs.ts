/** The access a SAS grants: to export the data, or to upload into a disk created for upload. */
export type AccessLevel = "Read" | "Write";

/** The file format of the disk image the SAS opens. */
export type FileFormat = "VHD" | "VHDX";

/** The grant's settings and the options every resource takes, as the provider receives them. */
export interface GrantInputs {
  access: AccessLevel;
  durationInSeconds: number;
  fileFormat?: FileFormat;
  getSecureVMGuestStateSAS?: boolean;
  revokeOnDelete?: boolean;
  /** Renew once the grant expires within this many seconds; see the resources' arguments. */
  renewBeforeSeconds?: number;
}

/** The settings of the grant itself, in the order they are documented: a change to any replaces. */
export const grantSettingNames = [
  "access",
  "durationInSeconds",
  "fileFormat",
  "getSecureVMGuestStateSAS",
] as const satisfies readonly (keyof GrantInputs)[];

/** The options that change nothing in Azure: a change to either is applied in place. */
export const optionNames = [
  "revokeOnDelete",
  "renewBeforeSeconds",
] as const satisfies readonly (keyof GrantInputs)[];

/** When access was granted and when its SAS expires, as every resource records them (ISO 8601). */
export interface GrantTimes {
  grantedAt: string;
  /** `grantedAt` plus `durationInSeconds`. */
  expiresAt: string;
}

/** The value Pulumi passes for an input that is not known yet (during `pulumi preview`). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
