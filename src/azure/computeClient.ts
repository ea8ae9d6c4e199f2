import { ComputeManagementClient } from "@azure/arm-compute";
import { discoverCloud, publicCloud } from "./cloud";
import { createCredential } from "./credential";
import { observePolls } from "./pollUntilDone";
import type { AzureSettings } from "./settings";

/**
 * Creates a Compute client for one provider operation, with a credential of its own, pointed at
 * the public cloud or at the custom cloud that `settings.metadataHost` describes.
 */
export async function createComputeClient(
  settings: AzureSettings,
  subscriptionId: string,
): Promise<ComputeManagementClient> {
  const cloud = settings.metadataHost ? await discoverCloud(settings.metadataHost) : publicCloud;
  const client = new ComputeManagementClient(createCredential(settings, cloud), subscriptionId, {
    endpoint: cloud.resourceManager,
    credentials: { scopes: [`${cloud.audience}/.default`] },
    // Pipelines fan out: a throttled request (429) waits its Retry-After and tries again, up to ten times.
    retryOptions: { maxRetries: 10 },
  });
  observePolls(client);
  return client;
}
