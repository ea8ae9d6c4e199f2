import type { GrantAccessData } from "@azure/arm-compute";
import { DiskAccessError, isDiskAccessError } from "../azure/accessError";
import { accessTargetNouns, type AccessTarget } from "../azure/accessTarget";
import type { AzureSettings } from "../azure/settings";
import { loadAzure } from "../lifecycle/loadAzure";

/** The share of a grant's life after which it is granted again. */
export const renewAfterShare = 0.75;

/**
 * Access to a disk, snapshot or restore point held for as long as a copy needs it: granted at the
 * start, granted again when three quarters of its life have passed (or at once when the copy meets
 * a refused SAS), and revoked at the end. Its SAS never leaves the provider.
 */
export class GrantLease {
  private sas = "";
  private grantedAt = 0;
  private renewal: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;
  /** Why the last grant again failed, if it did. */
  lastFailure: unknown;

  private constructor(
    readonly target: AccessTarget,
    private readonly request: GrantAccessData,
    private readonly settings: AzureSettings,
  ) {}

  /** Grants access and keeps it granted until {@link GrantLease.end}. */
  static async start(
    target: AccessTarget,
    request: GrantAccessData,
    settings: AzureSettings,
  ): Promise<GrantLease> {
    const lease = new GrantLease(target, request, settings);
    try {
      await lease.grant();
    } catch (error) {
      if (isDiskAccessError(error) && error.details.accepted) {
        // Azure may have granted access before the operation failed: nothing may stay granted.
        await lease.end().catch(() => undefined);
      }
      throw error;
    }
    return lease;
  }

  /** The SAS URL in force. */
  get url(): string {
    return this.sas;
  }

  /** When the SAS in force runs out. */
  get expiresAt(): Date {
    return new Date(this.grantedAt + this.request.durationInSeconds * 1000);
  }

  /** What the lease is of, for messages: `snapshot /subscriptions/...`. */
  get description(): string {
    return `${accessTargetNouns[this.target.type]} ${this.target.id}`;
  }

  /** Grants again now; concurrent calls share one grant. Resolves whether it succeeded. */
  renew(): Promise<boolean> {
    this.renewal ??= this.grant().then(
      () => true,
      (error: unknown) => {
        this.lastFailure = error;
        return false;
      },
    );
    const renewal = this.renewal;
    void renewal.finally(() => {
      if (this.renewal === renewal) {
        this.renewal = undefined;
      }
    });
    return renewal;
  }

  /** Stops renewing and revokes access (a target that is gone counts as revoked). */
  async end(): Promise<void> {
    this.ended = true;
    clearTimeout(this.timer);
    await this.renewal;
    const { createComputeClient, revokeAccess } = loadAzure();
    await revokeAccess(
      await createComputeClient(this.settings, this.target.subscriptionId),
      this.target,
    );
  }

  /** Stops renewing, leaving access granted until it runs out. */
  abandon(): void {
    this.ended = true;
    clearTimeout(this.timer);
  }

  private async grant(): Promise<void> {
    const { createComputeClient, grantAccess } = loadAzure();
    const requestedAt = Date.now();
    const granted = await grantAccess(
      await createComputeClient(this.settings, this.target.subscriptionId),
      this.target,
      this.request,
    );
    if (!granted.accessSAS) {
      throw new DiskAccessError({
        code: "GrantIncomplete",
        operation: "grant",
        target: accessTargetNouns[this.target.type],
        targetId: this.target.id,
        armMessage: "Azure reported the operation done but returned no accessSAS",
        accepted: true,
      });
    }
    this.sas = granted.accessSAS;
    this.grantedAt = requestedAt;
    clearTimeout(this.timer);
    if (!this.ended) {
      const renewAt = requestedAt + this.request.durationInSeconds * 1000 * renewAfterShare;
      this.timer = setTimeout(() => void this.renew(), renewAt - Date.now()).unref();
    }
  }
}
