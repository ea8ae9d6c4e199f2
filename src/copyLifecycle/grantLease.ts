import type { GrantAccessData } from "@azure/arm-compute";
import { isDiskAccessError } from "../azure/accessError";
import { accessTargetNouns, type AccessTarget } from "../azure/accessTarget";
import type { AzureSettings } from "../azure/settings";
import { loadAzure } from "../lifecycle/loadAzure";

/** The share of a grant's life after which it is granted again. */
export const renewAfterShare = 0.75;

/** The bounds of the wait before a grant again: a second, and the longest a timer takes. */
const minimumRenewalDelayMs = 1000;
const maximumRenewalDelayMs = 2 ** 31 - 1;

/**
 * Access to a disk, snapshot or restore point held for as long as a copy needs it: granted at the
 * start, granted again when three quarters of its life have passed (or at once when the copy meets
 * a refused SAS), and revoked at the end. Its SAS never leaves the provider.
 */
export class GrantLease {
  private sas = "";
  private grantedAt = 0;
  /** When the SAS in force was put in place. */
  private installedAt = 0;
  private renewal: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;
  private ending: Promise<void> | undefined;
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

  /**
   * Grants again now, unless a SAS newer than a refused request sent at `sentAt` is in place
   * already; concurrent calls share one grant. Resolves whether a SAS newer than that is in place.
   * A grant again that fails is tried again later, on the lease's own schedule.
   */
  renew(sentAt = Date.now()): Promise<boolean> {
    if (this.installedAt > sentAt) {
      return Promise.resolve(true);
    }
    this.renewal ??= this.grant().then(
      () => true,
      (error: unknown) => {
        this.lastFailure = error;
        this.schedule(Math.min(30_000, (this.request.durationInSeconds * 1000) / 10));
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

  /**
   * Stops renewing and revokes access (a target that is gone counts as revoked). Revoked once,
   * however often it is called: a later call has the first one's outcome.
   */
  end(): Promise<void> {
    this.ending ??= this.revoke();
    return this.ending;
  }

  private async revoke(): Promise<void> {
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
    const { createComputeClient, grantAccess, grantIncomplete } = loadAzure();
    const requestedAt = Date.now();
    const granted = await grantAccess(
      await createComputeClient(this.settings, this.target.subscriptionId),
      this.target,
      this.request,
    );
    if (!granted.accessSAS) {
      throw grantIncomplete(this.target, "accessSAS");
    }
    this.sas = granted.accessSAS;
    this.grantedAt = requestedAt;
    this.installedAt = Date.now();
    const renewAt = requestedAt + this.request.durationInSeconds * 1000 * renewAfterShare;
    this.schedule(renewAt - Date.now());
  }

  /** Grants again in `delayMs` (at least a second, at most a timer's longest), unless ended. */
  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (!this.ended) {
      const delay = Math.min(maximumRenewalDelayMs, Math.max(minimumRenewalDelayMs, delayMs));
      this.timer = setTimeout(() => void this.renew(), delay).unref();
    }
  }
}
