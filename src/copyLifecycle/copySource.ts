import type { AzureSettings } from "../azure/settings";
import { grantRequest } from "../kinds/targetKind";
import { blobOfSasUrl, sourceTarget, type DiskCopyInputs } from "./copyInputs";
import { GrantLease } from "./grantLease";

/** Where a copy reads from: a SAS the copy granted and keeps alive, or one it was handed. */
export interface CopySource {
  /** The source as messages name it. */
  description: string;
  /** The SAS URL to read from now. */
  url(): string;
  /**
   * Puts a new SAS in place after the source refused a request sent at `sentAt`; `false` for a
   * SAS handed in.
   */
  renew(sentAt?: number): Promise<boolean>;
  /** Why granting again failed, if it did. */
  renewalFailure(): unknown;
  /** Ends access the copy granted: revoked. A SAS handed in is left as it is. */
  close(): Promise<void>;
  /** When the copy granted access, until when its SAS is valid. */
  expiresAt(): Date | undefined;
}

/**
 * Opens a copy's source: grants `Read` on the managed disk, snapshot or disk restore point of
 * `sourceId` for `grantDurationInSeconds` (renewed as long as the copy runs), or takes the SAS of
 * `sourceSasUrl` as it is.
 */
export async function openSource(
  inputs: DiskCopyInputs,
  settings: AzureSettings,
  durationInSeconds: number,
): Promise<CopySource> {
  if (inputs.sourceSasUrl !== undefined) {
    const sas = inputs.sourceSasUrl;
    return {
      description: `the blob ${blobOfSasUrl(sas)} (sourceSasUrl)`,
      url: () => sas,
      renew: async () => false,
      renewalFailure: () => undefined,
      close: async () => undefined,
      expiresAt: () => undefined,
    };
  }
  const lease = await GrantLease.start(
    sourceTarget(String(inputs.sourceId))!,
    grantRequest({ access: "Read", durationInSeconds, fileFormat: inputs.fileFormat }),
    settings,
  );
  return {
    description: lease.description,
    url: () => lease.url,
    renew: (sentAt) => lease.renew(sentAt),
    renewalFailure: () => lease.lastFailure,
    close: () => lease.end(),
    expiresAt: () => lease.expiresAt,
  };
}
