import { randomBytes, randomUUID } from "node:crypto";
import { DiskOperations, type DiskOperation, type OperationOutcome } from "./diskOperations";
import type { DiskRestorePointFixture, AzureFixture } from "./fixture";
import { readGrantRequest, isRefusal } from "./grantRequest";
import { cloudError, type EmulatorRequest, type EmulatorResponse } from "./http";
import { ManagedDisks, type DiskType, type OperationHost } from "./managedDisks";
import type { DiskStorage } from "./storage";

/** The api-versions the emulator serves: the REST reference's, and those that arm-compute 24 and 25 send. */
export const supportedApiVersions = ["2024-03-02", "2025-01-02", "2026-03-02"];

/** How the emulator's long-running operations behave; tests change these freely. */
export interface OperationSettings {
  /** How long a grant or revoke takes server-side. */
  durationMs: number;
  /** The `Retry-After` (seconds) sent while an operation runs; none when undefined. */
  retryAfterSeconds: number | undefined;
  /** Whether operations announce `Azure-AsyncOperation` as well as `Location`. */
  asyncOperationHeader: boolean;
  /**
   * When set, the next operation started does its work (a grant mints its SAS, as Azure may) and
   * then ends `Failed` with this error; then it is cleared.
   */
  failNextOperation?: { code: string; message: string };
}

const collectionPath =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/restorePointCollections(?:\/([^/]+)(?:\/restorePoints\/([^/]+)(?:\/diskRestorePoints(?:\/([^/]+)(?:\/(beginGetAccess|endGetAccess))?)?)?)?)?$/i;
const diskPath =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/(disks|snapshots)\/([^/]+)(?:\/(beginGetAccess|endGetAccess))?$/i;
const operationPath =
  /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Compute\/locations\/([^/]+)\/DiskOperations\/([^/]+)$/i;

/** A disk restore point as the emulator keeps it: the fixture and where its bytes are stored. */
interface StoredDisk extends DiskRestorePointFixture {
  container: string;
}

/**
 * Azure Resource Manager's Compute endpoints for restore points, as far as the provider uses them:
 * reads, lists, and the grant and revoke long-running operations with Azure's own refusals.
 */
export class ResourceManager implements OperationHost {
  readonly operations = new DiskOperations();
  /** The subscription's managed disks and snapshots. */
  readonly managedDisks: ManagedDisks;
  readonly settings: OperationSettings = {
    durationMs: 0,
    retryAfterSeconds: 1,
    asyncOperationHeader: true,
  };
  private readonly disks: StoredDisk[];

  constructor(
    readonly fixture: AzureFixture,
    private readonly storage: DiskStorage,
  ) {
    this.disks = fixture.disks.map((disk) => ({
      ...disk,
      container: `md-${randomBytes(6).toString("hex")}`,
    }));
    this.managedDisks = new ManagedDisks(fixture, storage, this);
  }

  /** How many grants are in force on a disk restore point, disk or snapshot (by name) that exists. */
  activeGrants(name: string): number {
    const disk = this.disks.find((d) => same(d.name, name));
    return disk ? this.storage.grantsOn(disk.container) : this.managedDisks.activeGrants(name);
  }

  /** Puts every disk's bytes (and guest state) into storage. */
  async seed(): Promise<void> {
    await this.managedDisks.seed();
    for (const disk of this.disks) {
      await this.storage.putDisk({ container: disk.container, blob: "abcd" }, disk);
      if (disk.guestStateBytes) {
        await this.storage.putPageBlob(
          { container: disk.container, blob: "vmgs" },
          disk.guestStateBytes,
        );
      }
      if (disk.vmMetadataBytes) {
        await this.storage.putPageBlob(
          { container: disk.container, blob: "vmmd" },
          disk.vmMetadataBytes,
        );
      }
    }
  }

  /** Deletes a disk restore point, as deleting its restore point would. */
  removeDiskRestorePoint(name: string): void {
    const index = this.disks.findIndex((d) => same(d.name, name));
    if (index >= 0) {
      this.disks.splice(index, 1);
    }
  }

  /** Answers a request under `/subscriptions/`, already authenticated. */
  async handle(request: EmulatorRequest, baseUrl: string): Promise<EmulatorResponse> {
    const apiVersion = request.url.searchParams.get("api-version");
    if (!apiVersion) {
      return cloudError(
        400,
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.",
      );
    }
    const path = decodeURIComponent(request.url.pathname);
    const operation = operationPath.exec(path);
    if (operation && request.method === "GET") {
      return this.poll(
        operation[3]!,
        request.url.searchParams.get("monitor") === "true",
        request.url.href,
      );
    }
    if (!supportedApiVersions.includes(apiVersion)) {
      return cloudError(
        400,
        "NoRegisteredProviderFound",
        `No registered resource provider found for location '${this.fixture.location}' and API version '${apiVersion}' for type 'restorePointCollections'. The supported api-versions are '${supportedApiVersions.join(", ")}'.`,
      );
    }
    const onDisk = diskPath.exec(path);
    if (onDisk) {
      const [, subscriptionId, resourceGroupName, type, name, action] = onDisk;
      const outside = this.outsideFixture(subscriptionId!, resourceGroupName!);
      if (outside) {
        return outside;
      }
      if (action !== undefined && request.method !== "POST") {
        return methodNotAllowed();
      }
      return this.managedDisks.handle(
        type!.toLowerCase() as DiskType,
        name!,
        action,
        request,
        apiVersion,
        baseUrl,
      );
    }
    const match = collectionPath.exec(path);
    if (!match) {
      return cloudError(
        404,
        "InvalidResourceType",
        `The resource type could not be found in the namespace 'Microsoft.Compute' for api version '${apiVersion}'.`,
      );
    }
    const [, subscriptionId, resourceGroupName, collection, restorePoint, disk, action] = match;
    const f = this.fixture;
    const outside = this.outsideFixture(subscriptionId!, resourceGroupName!);
    if (outside) {
      return outside;
    }
    const notFound = (type: string, name: string) =>
      cloudError(
        404,
        "ResourceNotFound",
        `The Resource 'Microsoft.Compute/${type}/${name}' under resource group '${resourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    if (collection === undefined) {
      return request.method === "GET"
        ? { status: 200, body: { value: [this.collectionResource()] } }
        : methodNotAllowed();
    }
    if (!same(collection, f.restorePointCollectionName)) {
      return notFound("restorePointCollections", collection);
    }
    if (restorePoint === undefined) {
      return request.method === "GET"
        ? { status: 200, body: this.collectionResource() }
        : methodNotAllowed();
    }
    if (!same(restorePoint, f.vmRestorePointName)) {
      return notFound("restorePointCollections/restorePoints", `${collection}/${restorePoint}`);
    }
    if (!path.toLowerCase().includes("/diskrestorepoints")) {
      return request.method === "GET"
        ? { status: 200, body: this.restorePointResource() }
        : methodNotAllowed();
    }
    if (disk === undefined) {
      return request.method === "GET"
        ? { status: 200, body: { value: this.disks.map((d) => this.diskResource(d)) } }
        : methodNotAllowed();
    }
    const stored = this.disks.find((d) => same(d.name, disk));
    if (!stored) {
      return notFound(
        "restorePointCollections/restorePoints/diskRestorePoints",
        `${collection}/${restorePoint}/${disk}`,
      );
    }
    if (action === undefined) {
      return request.method === "GET"
        ? { status: 200, body: this.diskResource(stored) }
        : methodNotAllowed();
    }
    if (request.method !== "POST") {
      return methodNotAllowed();
    }
    return action.toLowerCase() === "begingetaccess"
      ? this.beginGetAccess(stored, request, apiVersion, baseUrl)
      : this.accepted(
          this.startOperation(apiVersion, () => this.revoke(stored)),
          baseUrl,
        );
  }

  /** Refuses a subscription or resource group the fixture does not hold, as Azure does. */
  private outsideFixture(
    subscriptionId: string,
    resourceGroupName: string,
  ): EmulatorResponse | undefined {
    if (!same(subscriptionId, this.fixture.subscriptionId)) {
      return cloudError(
        404,
        "SubscriptionNotFound",
        `The subscription '${subscriptionId}' could not be found.`,
      );
    }
    if (!same(resourceGroupName, this.fixture.resourceGroupName)) {
      return cloudError(
        404,
        "ResourceGroupNotFound",
        `Resource group '${resourceGroupName}' could not be found.`,
      );
    }
    return undefined;
  }

  /** Starts an operation, or one that fails as {@link OperationSettings.failNextOperation} asks. */
  startOperation(apiVersion: string, effect: () => Promise<OperationOutcome>): DiskOperation {
    const failure = this.settings.failNextOperation;
    delete this.settings.failNextOperation;
    return this.operations.start(
      apiVersion,
      this.settings.durationMs,
      failure ? () => effect().then(() => ({ status: "Failed", error: failure })) : effect,
    );
  }

  private beginGetAccess(
    disk: StoredDisk,
    request: EmulatorRequest,
    apiVersion: string,
    baseUrl: string,
  ): EmulatorResponse {
    const grant = readGrantRequest(request, disk);
    if (isRefusal(grant)) {
      return grant;
    }
    const { guestState } = grant;
    const operation = this.startOperation(apiVersion, async () => {
      // The VM metadata blob of a confidential VM comes with the guest state from 2025-01-02 on.
      const metadata =
        guestState && disk.vmMetadataBytes !== undefined && apiVersion >= "2025-01-02";
      const blobs = ["abcd", ...(guestState ? ["vmgs"] : []), ...(metadata ? ["vmmd"] : [])];
      const [accessSAS, securityDataAccessSAS, securityMetadataAccessSAS] =
        await this.storage.grant(disk.container, blobs, grant.write, grant.durationInSeconds);
      return {
        status: "Succeeded",
        output: {
          accessSAS: accessSAS!,
          ...(securityDataAccessSAS ? { securityDataAccessSAS } : {}),
          ...(securityMetadataAccessSAS ? { securityMetadataAccessSAS } : {}),
        },
      };
    });
    return this.accepted(operation, baseUrl);
  }

  private async revoke(disk: StoredDisk): Promise<OperationOutcome> {
    await this.storage.revoke(disk.container);
    return { status: "Succeeded" };
  }

  /** 202 Accepted with the operation's `Location` (and `Azure-AsyncOperation`) URL. */
  accepted(operation: DiskOperation, baseUrl: string): EmulatorResponse {
    const statusUrl = `${baseUrl}/subscriptions/${this.fixture.subscriptionId}/providers/Microsoft.Compute/locations/${this.fixture.location}/DiskOperations/${operation.id}?p=${randomUUID()}&api-version=${operation.apiVersion}`;
    return {
      status: 202,
      headers: {
        location: `${statusUrl}&monitor=true`,
        ...(this.settings.asyncOperationHeader ? { "azure-asyncoperation": statusUrl } : {}),
        ...this.retryAfter(),
      },
    };
  }

  /** Answers a status poll: the operation's status, or (through `Location`) its final result. */
  private async poll(id: string, monitor: boolean, url: string): Promise<EmulatorResponse> {
    const operation = this.operations.get(id);
    if (!operation) {
      return cloudError(404, "ResourceNotFound", `The operation '${id}' was not found.`);
    }
    const outcome = Date.now() >= operation.dueAt ? await operation.outcome : operation.settled;
    const running = this.retryAfter();
    const status = {
      name: operation.id,
      startTime: operation.startTime.toISOString(),
      ...(outcome ? { endTime: (operation.endTime ?? new Date()).toISOString() } : {}),
      status: outcome?.status ?? "InProgress",
      ...(outcome?.status === "Succeeded" && outcome.output
        ? { properties: { output: outcome.output } }
        : {}),
      ...(outcome?.status === "Failed" ? { error: outcome.error } : {}),
    };
    if (!monitor) {
      return { status: 200, headers: outcome ? {} : running, body: status };
    }
    if (!outcome) {
      return { status: 202, headers: { ...running, location: url } };
    }
    return outcome.status === "Succeeded"
      ? { status: 200, ...(outcome.output ? { body: outcome.output } : {}) }
      : { status: 200, body: status };
  }

  private retryAfter(): Record<string, string> {
    const seconds = this.settings.retryAfterSeconds;
    return seconds === undefined ? {} : { "retry-after": String(seconds) };
  }

  private collectionResource() {
    const f = this.fixture;
    return {
      id: `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroupName}/providers/Microsoft.Compute/restorePointCollections/${f.restorePointCollectionName}`,
      name: f.restorePointCollectionName,
      type: "Microsoft.Compute/restorePointCollections",
      location: f.location,
      properties: {
        source: { id: this.vmId(), location: f.location },
        provisioningState: "Succeeded",
        restorePointCollectionId: guidFor(f.restorePointCollectionName),
      },
    };
  }

  private restorePointResource() {
    const f = this.fixture;
    const [osDisk, ...dataDisks] = this.disks;
    const reference = (d: StoredDisk) => ({
      name: d.diskName,
      diskRestorePoint: { id: this.diskId(d) },
    });
    return {
      id: this.restorePointId(),
      name: f.vmRestorePointName,
      type: "Microsoft.Compute/restorePointCollections/restorePoints",
      properties: {
        consistencyMode: "CrashConsistent",
        provisioningState: "Succeeded",
        timeCreated: "2026-11-25T02:00:00.0000000+00:00",
        sourceMetadata: {
          storageProfile: {
            ...(osDisk ? { osDisk: { ...reference(osDisk), osType: osDisk.osType } } : {}),
            dataDisks: dataDisks.map((d, lun) => ({ lun, ...reference(d) })),
          },
        },
      },
    };
  }

  private diskResource(disk: StoredDisk) {
    const f = this.fixture;
    return {
      id: this.diskId(disk),
      name: disk.name,
      type: "Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints",
      properties: {
        timeCreated: "2026-11-25T02:00:00.0000000+00:00",
        sourceResourceId: `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroupName}/providers/Microsoft.Compute/disks/${disk.diskName}`,
        ...(disk.osType ? { osType: disk.osType } : {}),
        hyperVGeneration: "V2",
        familyId: guidFor(disk.diskName),
        sourceUniqueId: guidFor(disk.name),
        networkAccessPolicy: "AllowAll",
        publicNetworkAccess: "Enabled",
        logicalSectorSize: disk.logicalSectorSize,
        ...(disk.securityType ? { securityProfile: { securityType: disk.securityType } } : {}),
      },
    };
  }

  private diskId(disk: StoredDisk): string {
    return `${this.restorePointId()}/diskRestorePoints/${disk.name}`;
  }

  private restorePointId(): string {
    return `${this.collectionResource().id}/restorePoints/${this.fixture.vmRestorePointName}`;
  }

  private vmId(): string {
    const f = this.fixture;
    return `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroupName}/providers/Microsoft.Compute/virtualMachines/${f.vmName}`;
  }
}

function same(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

function methodNotAllowed(): EmulatorResponse {
  return cloudError(
    405,
    "MethodNotAllowed",
    "The requested method is not allowed for this resource.",
  );
}

/** A GUID-shaped id derived from a name, for fixture properties that Azure fills with GUIDs. */
function guidFor(name: string): string {
  const hex = Buffer.from(name.padEnd(16, "#")).toString("hex").slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
