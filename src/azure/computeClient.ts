import type {
  ComputeManagementClient,
  ComputeManagementClientOptionalParams,
  Disk,
  DiskRestorePoint,
  GrantAccessData,
  Snapshot,
} from "@azure/arm-compute";
import type { ComputeManagementContext } from "@azure/arm-compute/api";
import { throttlingRetryPolicy, type Pipeline } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AccessTargetType } from "./accessTarget";
import { pinApiVersionPolicy } from "./apiVersionPolicy";
import { resolveCloud } from "./cloud";
import { createCredential } from "./credential";
import { pipelineOptions } from "./pipelineOptions";
import { pollObserverPolicy, type PollObservation } from "./pollObserver";
import type { AzureSettings } from "./settings";

type DiskRestorePointOperations = ComputeManagementClient["diskRestorePoint"];

/**
 * The access operations of one type of target, as arm-compute has them: each takes the resource
 * group and the names of the target's path first, then (for a grant) the request.
 */
export interface TargetOperations {
  grantAccess(
    ...args: [...path: string[], request: GrantAccessData]
  ): ReturnType<DiskRestorePointOperations["grantAccess"]>;
  revokeAccess(...path: string[]): ReturnType<DiskRestorePointOperations["revokeAccess"]>;
  get(...path: string[]): Promise<Disk | Snapshot | DiskRestorePoint>;
}

/** A Compute client for one provider operation: its operations, pipeline and what polls saw. */
export interface ComputeClient {
  /** The access operations of targets of one type. */
  operations(type: AccessTargetType): TargetOperations;
  /** The disk restore points of a VM restore point. */
  listDiskRestorePoints(
    ...path: Parameters<DiskRestorePointOperations["listByRestorePoint"]>
  ): ReturnType<DiskRestorePointOperations["listByRestorePoint"]>;
  pipeline: Pipeline;
  polls: PollObservation;
}

/** arm-compute's operation group of each type of target. */
const operationGroups = {
  diskRestorePoint: "diskRestorePoint",
  disk: "disks",
  snapshot: "snapshots",
} as const satisfies Record<AccessTargetType, keyof ComputeManagementClient>;
type OperationGroup = (typeof operationGroups)[AccessTargetType];

/** One operation group's functions, with or without the client context first. */
type GroupFunctions = Record<string, (...args: unknown[]) => unknown>;

type Connect = (
  credential: TokenCredential,
  subscriptionId: string,
  options: ComputeManagementClientOptionalParams,
) => { pipeline: Pipeline; group(name: OperationGroup): GroupFunctions };

let loaded: Connect | undefined;

/** The folder of arm-compute's operation groups, unless modules are bundled (no `require.resolve`). */
function installedOperationGroups(): string | undefined {
  return typeof require.resolve === "function"
    ? join(dirname(require.resolve("@azure/arm-compute/package.json")), "dist/commonjs/api")
    : undefined;
}

/**
 * Loads the operations of `@azure/arm-compute` that the provider calls. arm-compute 24 and 25 keep
 * each operation group's functions on their own under `dist/commonjs/api/<group>/` (`apiDir`), a
 * path the package does not export; loading only those groups, each on its first use, saves most
 * of the time the whole client takes to load, which `npm run bench` measures. Where the path is
 * missing, or there are no package folders at all (the plugin's single executable, where every
 * module is bundled), the whole `ComputeManagementClient` is loaded.
 */
export function loadCompute(apiDir = installedOperationGroups()): Connect {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */
  if (!apiDir || !existsSync(join(apiDir, "diskRestorePoint", "index.js"))) {
    const { ComputeManagementClient } =
      require("@azure/arm-compute") as typeof import("@azure/arm-compute");
    return (credential, subscriptionId, options) => {
      const client = new ComputeManagementClient(credential, subscriptionId, options);
      return {
        pipeline: client.pipeline,
        group: (name) => client[name] as unknown as GroupFunctions,
      };
    };
  }
  const { createComputeManagement } =
    require("@azure/arm-compute/api") as typeof import("@azure/arm-compute/api");
  const groups = new Map<OperationGroup, GroupFunctions>();
  const functionsOf = (name: OperationGroup): GroupFunctions => {
    let functions = groups.get(name);
    if (!functions) {
      functions = require(join(apiDir, name, "index.js")) as GroupFunctions;
      groups.set(name, functions);
    }
    return functions;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return (credential, subscriptionId, options) => {
    const context: ComputeManagementContext = createComputeManagement(
      credential,
      subscriptionId,
      options,
    );
    const bound = new Map<OperationGroup, GroupFunctions>();
    return {
      pipeline: context.pipeline,
      group: (name) => {
        let functions = bound.get(name);
        if (!functions) {
          functions = Object.fromEntries(
            Object.entries(functionsOf(name)).map(([key, fn]) => [
              key,
              (...args: unknown[]) => fn(context, ...args),
            ]),
          );
          bound.set(name, functions);
        }
        return functions;
      },
    };
  };
}

/**
 * Creates a Compute client for one provider operation, with a credential of its own, pointed at
 * the cloud the settings choose (public, a named one, or a custom cloud's metadata host).
 */
export async function createComputeClient(
  settings: AzureSettings,
  subscriptionId: string,
  connect: Connect = (loaded ??= loadCompute()),
): Promise<ComputeClient> {
  const cloud = await resolveCloud(settings);
  const polls: PollObservation = { throttledPolls: 0 };
  const { userAgentOptions, additionalPolicies } = pipelineOptions();
  const client = connect(createCredential(settings, cloud), subscriptionId, {
    endpoint: cloud.resourceManager,
    credentials: { scopes: [`${cloud.audience}/.default`] },
    userAgentOptions,
    // Pipelines fan out: a throttled request (429) waits its Retry-After and tries again, up to ten
    // times, within each of the SDK's own three retries (which also cover 5xx and network faults).
    // The poll observer comes after it, innermost, so that it sees every attempt.
    additionalPolicies: [
      ...additionalPolicies,
      { policy: throttlingRetryPolicy({ maxRetries: 10 }), position: "perRetry" },
      { policy: pollObserverPolicy(polls), position: "perRetry" },
      ...(settings.apiVersion
        ? [{ policy: pinApiVersionPolicy(settings.apiVersion), position: "perCall" as const }]
        : []),
    ],
  });
  return {
    operations: (type) => client.group(operationGroups[type]) as unknown as TargetOperations,
    listDiskRestorePoints: (...path) =>
      (
        client.group("diskRestorePoint") as unknown as Pick<
          DiskRestorePointOperations,
          "listByRestorePoint"
        >
      ).listByRestorePoint(...path),
    pipeline: client.pipeline,
    polls,
  };
}
