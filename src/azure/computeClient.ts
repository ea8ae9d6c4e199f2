import type {
  ComputeManagementClient,
  ComputeManagementClientOptionalParams,
} from "@azure/arm-compute";
import type { ComputeManagementContext } from "@azure/arm-compute/api";
import { throttlingRetryPolicy, type Pipeline } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pinApiVersionPolicy } from "./apiVersionPolicy";
import { resolveCloud } from "./cloud";
import { createCredential } from "./credential";
import { pipelineOptions } from "./pipelineOptions";
import { pollObserverPolicy, type PollObservation } from "./pollObserver";
import type { AzureSettings } from "./settings";

/** The disk restore point operations the provider calls, bound to one client. */
export type DiskRestorePointOperations = Pick<
  ComputeManagementClient["diskRestorePoint"],
  "grantAccess" | "revokeAccess" | "get" | "listByRestorePoint"
>;

/** A Compute client for one provider operation: its operations, pipeline and what polls saw. */
export interface ComputeClient {
  diskRestorePoint: DiskRestorePointOperations;
  pipeline: Pipeline;
  polls: PollObservation;
}

type Connect = (
  credential: TokenCredential,
  subscriptionId: string,
  options: ComputeManagementClientOptionalParams,
) => Pick<ComputeClient, "diskRestorePoint" | "pipeline">;

/** The same operations as arm-compute's modular functions, which take the client context first. */
type ModularOperations = {
  [Name in keyof DiskRestorePointOperations]: (
    context: ComputeManagementContext,
    ...args: Parameters<DiskRestorePointOperations[Name]>
  ) => ReturnType<DiskRestorePointOperations[Name]>;
};

/**
 * Where `@azure/arm-compute` 24 and 25 keep the disk restore point operations on their own. The
 * package does not export this path, but loading it and `./api` takes a third of the time that the
 * whole client takes (about 60 ms against 145 ms), which a provider pays on its first call.
 */
const modularOperationsPath = "dist/commonjs/api/diskRestorePoint/index.js";

let loaded: Connect | undefined;

/**
 * Loads the disk restore point operations of `@azure/arm-compute`: its modular functions where the
 * package has them at `operationsFile`, else its whole `ComputeManagementClient`.
 */
export function loadCompute(
  operationsFile = join(
    dirname(require.resolve("@azure/arm-compute/package.json")),
    modularOperationsPath,
  ),
): Connect {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */
  if (!existsSync(operationsFile)) {
    const { ComputeManagementClient } =
      require("@azure/arm-compute") as typeof import("@azure/arm-compute");
    return (credential, subscriptionId, options) =>
      new ComputeManagementClient(credential, subscriptionId, options);
  }
  const { createComputeManagement } =
    require("@azure/arm-compute/api") as typeof import("@azure/arm-compute/api");
  const operations = require(operationsFile) as ModularOperations;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return (credential, subscriptionId, options) => {
    const context = createComputeManagement(credential, subscriptionId, options);
    return {
      pipeline: context.pipeline,
      diskRestorePoint: {
        grantAccess: (...args) => operations.grantAccess(context, ...args),
        revokeAccess: (...args) => operations.revokeAccess(context, ...args),
        get: (...args) => operations.get(context, ...args),
        listByRestorePoint: (...args) => operations.listByRestorePoint(context, ...args),
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
  return { ...client, polls };
}
