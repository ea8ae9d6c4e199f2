import {
  AzurePipelinesCredential,
  ClientAssertionCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from "@azure/identity";
import type { AzureCloud } from "./cloud";
import { federatedToken } from "./federatedToken";
import { pipelineOptions } from "./pipelineOptions";
import type { ProxyRefusals } from "./proxyRefusalPolicy";
import type { AzureSettings } from "./settings";

/**
 * Builds a new credential for one provider operation, so that every operation gets a token of its
 * own: a revoke may run hours after the grant whose token has long expired. The first that the
 * settings configure wins:
 *
 * 1. a client id, secret and tenant: a client-secret credential;
 * 2. `useOidc`: a federated token exchanged as the app `clientId`: Azure Pipelines' own token
 *    request for a service connection (`AzurePipelinesCredential`), else {@link federatedToken};
 * 3. `useMsi`: the managed identity (user-assigned when `clientId` is set);
 * 4. otherwise `DefaultAzureCredential`: the `AZURE_*` variables (workload identity's
 *    `AZURE_FEDERATED_TOKEN_FILE` included), managed identity, Azure CLI, azd.
 *
 * Every sign-in goes to the cloud's login endpoint unless `AZURE_AUTHORITY_HOST` is set, through
 * the SDK's pipeline with this package's user agent ({@link pipelineOptions}).
 */
export function createCredential(
  settings: AzureSettings,
  cloud: AzureCloud,
  env = process.env,
): TokenCredential {
  const refusals: ProxyRefusals = {};
  const options = {
    ...pipelineOptions(refusals),
    ...(env["AZURE_AUTHORITY_HOST"] ? {} : { authorityHost: cloud.loginEndpoint }),
    ...(cloud.custom ? { disableInstanceDiscovery: true } : {}),
  };
  const credential = chooseCredential(settings, options, env);
  return {
    // MSAL reports a request that failed in its own words (`endpoints_resolution_error`): a proxy's
    // refusal is the reason worth telling.
    getToken: (scopes, getTokenOptions) => {
      delete refusals.last;
      return credential.getToken(scopes, getTokenOptions).catch((error: unknown) => {
        throw refusals.last ?? error;
      });
    },
  };
}

function chooseCredential(
  settings: AzureSettings,
  options: ReturnType<typeof pipelineOptions> & { authorityHost?: string },
  env: NodeJS.ProcessEnv,
): TokenCredential {
  const { clientId, clientSecret, tenantId } = settings;
  if (clientId && clientSecret && tenantId) {
    return new ClientSecretCredential(tenantId, clientId, clientSecret, options);
  }
  if (settings.useOidc) {
    if (!clientId || !tenantId) {
      throw new Error(
        "OpenID Connect is on (useOidc / ARM_USE_OIDC) but the app is not named: set clientId and tenantId (the configuration clientId and tenantId of azure-native, or of azure-disk-sas for the provider plugin; ARM_CLIENT_ID and ARM_TENANT_ID).",
      );
    }
    const { adoServiceConnectionId, oidcRequestUrl, oidcRequestToken } = settings;
    if (
      adoServiceConnectionId &&
      oidcRequestToken &&
      !settings.oidcToken &&
      !settings.oidcTokenFilePath &&
      oidcRequestUrl === env["SYSTEM_OIDCREQUESTURI"]
    ) {
      // Azure Pipelines' own token request, which the SDK's credential makes at every sign-in.
      return new AzurePipelinesCredential(
        tenantId,
        clientId,
        adoServiceConnectionId,
        oidcRequestToken,
        options,
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
    const { userAgentOptions } = options;
    return new ManagedIdentityCredential({ userAgentOptions, ...(clientId ? { clientId } : {}) });
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
