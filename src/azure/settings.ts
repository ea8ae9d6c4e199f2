/** Looks up one stack configuration value by its full key, such as `azure-native:clientId`. */
export type ConfigLookup = (key: string) => string | undefined;

/** Where the provider finds Azure: read at run time, inside the provider, never stored in state. */
export interface AzureSettings {
  subscriptionId?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Sign in with a federated token (OpenID Connect) as the app `clientId`. */
  useOidc?: boolean;
  /** The federated token itself. */
  oidcToken?: string;
  /** A file holding the federated token, read at every sign-in. */
  oidcTokenFilePath?: string;
  /** Where to ask GitHub Actions or Azure Pipelines for a federated token. */
  oidcRequestUrl?: string;
  /** The bearer token for {@link AzureSettings.oidcRequestUrl}. */
  oidcRequestToken?: string;
  /** The Azure Pipelines service connection that federates with the app. */
  adoServiceConnectionId?: string;
  /** Sign in as the managed identity of the machine or the App Service the pipeline runs on. */
  useMsi?: boolean;
  /** `public`, `usgovernment` or `china`. */
  environment?: string;
  /** host[:port] serving `/metadata/endpoints` for a custom cloud. */
  metadataHost?: string;
  /** The api-version to send for grant and revoke instead of the SDK's own. */
  apiVersion?: string;
}

/**
 * Reads the settings pulumi azure-native users already have: the stack configuration keys of
 * `azure-native`, then the `ARM_*` environment variables (and the variables GitHub Actions and
 * Azure Pipelines set for OpenID Connect), then the `AZURE_*` twins. The api-version pin is this
 * package's own: `azure-disk-sas:apiVersion` or `AZURE_DISK_SAS_API_VERSION`.
 */
export function readAzureSettings(
  config: ConfigLookup,
  env: NodeJS.ProcessEnv = process.env,
): AzureSettings {
  const pick = (configKey: string, ...envNames: string[]) =>
    nonEmpty(config(configKey.includes(":") ? configKey : `azure-native:${configKey}`)) ??
    envNames.map((name) => nonEmpty(env[name])).find(Boolean);
  const flag = (configKey: string, ...envNames: string[]) => {
    const value = pick(configKey, ...envNames);
    return value === undefined ? undefined : value.toLowerCase() === "true";
  };
  const settings: AzureSettings = {
    subscriptionId: pick("subscriptionId", "ARM_SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID"),
    tenantId: pick("tenantId", "ARM_TENANT_ID", "AZURE_TENANT_ID"),
    clientId: pick("clientId", "ARM_CLIENT_ID", "AZURE_CLIENT_ID"),
    clientSecret: pick("clientSecret", "ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET"),
    useOidc: flag("useOidc", "ARM_USE_OIDC"),
    oidcToken: pick("oidcToken", "ARM_OIDC_TOKEN"),
    oidcTokenFilePath: pick("oidcTokenFilePath", "ARM_OIDC_TOKEN_FILE_PATH"),
    oidcRequestUrl: pick(
      "oidcRequestUrl",
      "ARM_OIDC_REQUEST_URL",
      "ACTIONS_ID_TOKEN_REQUEST_URL",
      "SYSTEM_OIDCREQUESTURI",
    ),
    oidcRequestToken: pick(
      "oidcRequestToken",
      "ARM_OIDC_REQUEST_TOKEN",
      "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
      "SYSTEM_ACCESSTOKEN",
    ),
    adoServiceConnectionId: pick(
      "adoPipelineServiceConnectionId",
      "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID",
      "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID",
    ),
    useMsi: flag("useMsi", "ARM_USE_MSI"),
    environment: pick("environment", "ARM_ENVIRONMENT")?.toLowerCase(),
    metadataHost: pick("metadataHost", "ARM_METADATA_HOSTNAME"),
    apiVersion: pick("azure-disk-sas:apiVersion", "AZURE_DISK_SAS_API_VERSION"),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
