import {
  ClientSecretCredential,
  DefaultAzureCredential,
  type TokenCredential,
} from "@azure/identity";
import type { AzureCloud } from "./cloud";
import type { AzureSettings } from "./settings";

/**
 * Builds a new credential for one provider operation, so that every operation gets a token of its
 * own: a revoke may run hours after the grant whose token has long expired.
 *
 * A client id, secret and tenant from the settings give a client-secret credential; otherwise
 * `DefaultAzureCredential` tries the environment, workload and managed identity and the developer
 * tools. A custom cloud's login endpoint is used unless `AZURE_AUTHORITY_HOST` is set.
 */
export function createCredential(
  settings: AzureSettings,
  cloud: AzureCloud,
  env = process.env,
): TokenCredential {
  const options = {
    ...(cloud.loginEndpoint && !env["AZURE_AUTHORITY_HOST"]
      ? { authorityHost: cloud.loginEndpoint }
      : {}),
    ...(cloud.custom ? { disableInstanceDiscovery: true } : {}),
  };
  if (settings.clientId && settings.clientSecret && settings.tenantId) {
    return new ClientSecretCredential(
      settings.tenantId,
      settings.clientId,
      settings.clientSecret,
      options,
    );
  }
  return new DefaultAzureCredential({
    ...options,
    ...(settings.tenantId ? { tenantId: settings.tenantId } : {}),
  });
}
