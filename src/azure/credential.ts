import {
  ClientAssertionCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from "@azure/identity";
import type { AzureCloud } from "./cloud";
import { federatedToken } from "./federatedToken";
import type { AzureSettings } from "./settings";

/**
 * Builds a new credential for one provider operation, so that every operation gets a token of its
 * own: a revoke may run hours after the grant whose token has long expired. The first that the
 * settings configure wins:
 *
 * 1. a client id, secret and tenant: a client-secret credential;
 * 2. `useOidc`: a federated token ({@link federatedToken}) exchanged as the app `clientId`;
 * 3. `useMsi`: the managed identity (user-assigned when `clientId` is set);
 * 4. otherwise `DefaultAzureCredential`: the `AZURE_*` variables (workload identity's
 *    `AZURE_FEDERATED_TOKEN_FILE` included), managed identity, Azure CLI, azd.
 *
 * Every sign-in goes to the cloud's login endpoint unless `AZURE_AUTHORITY_HOST` is set.
 */
export function createCredential(
  settings: AzureSettings,
  cloud: AzureCloud,
  env = process.env,
): TokenCredential {
  const options = {
    ...(env["AZURE_AUTHORITY_HOST"] ? {} : { authorityHost: cloud.loginEndpoint }),
    ...(cloud.custom ? { disableInstanceDiscovery: true } : {}),
  };
  const { clientId, clientSecret, tenantId } = settings;
  if (clientId && clientSecret && tenantId) {
    return new ClientSecretCredential(tenantId, clientId, clientSecret, options);
  }
  if (settings.useOidc) {
    if (!clientId || !tenantId) {
      throw new Error(
        "OpenID Connect is on (useOidc / ARM_USE_OIDC) but the app is not named: set clientId and tenantId (azure-native:clientId / ARM_CLIENT_ID and azure-native:tenantId / ARM_TENANT_ID).",
      );
    }
    return new ClientAssertionCredential(
      tenantId,
      clientId,
      () => federatedToken(settings),
      options,
    );
  }
  if (settings.useMsi) {
    return new ManagedIdentityCredential(clientId ? { clientId } : {});
  }
  return explainFailure(
    new DefaultAzureCredential({ ...options, ...(tenantId ? { tenantId } : {}) }),
  );
}

/** Says, when the default chain finds no credential, which settings the provider looked for. */
function explainFailure(chain: TokenCredential): TokenCredential {
  return {
    getToken: (scopes, options) =>
      chain.getToken(scopes, options).catch((error: unknown) => {
        throw new Error(
          "No Azure credential worked. The provider looked, in order, for a client secret (clientId, clientSecret and tenantId), OpenID Connect (useOidc / ARM_USE_OIDC), a managed identity (useMsi / ARM_USE_MSI), then DefaultAzureCredential: " +
            (error instanceof Error ? error.message : String(error)),
        );
      }),
  };
}
