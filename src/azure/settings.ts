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

/** One setting: its configuration key, the environment variables it falls back to, and what it is. */
export interface SettingDefinition {
  /** The setting in {@link AzureSettings}. */
  setting: keyof AzureSettings;
  /** Its configuration key, `azure-native:` unless it names its namespace. */
  key: string;
  /** The environment variables read when the configuration has no value, in order. */
  env: readonly string[];
  type: "string" | "boolean";
  /** The only values allowed, if the setting has a fixed set. */
  allowed?: readonly string[];
  /** A credential: kept secret. */
  secret?: true;
  description: string;
}

/**
 * Every setting the provider reads, as pulumi azure-native users already have them: the stack
 * configuration keys of `azure-native`, then the `ARM_*` environment variables (and those GitHub
 * Actions and Azure Pipelines set for OpenID Connect), then the `AZURE_*` twins. The api-version pin
 * is this package's own.
 */
export const settingDefinitions: readonly SettingDefinition[] = [
  {
    setting: "subscriptionId",
    key: "subscriptionId",
    env: ["ARM_SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID"],
    type: "string",
    description: "The subscription of targets given by names.",
  },
  {
    setting: "tenantId",
    key: "tenantId",
    env: ["ARM_TENANT_ID", "AZURE_TENANT_ID"],
    type: "string",
    description: "The Entra ID tenant to sign in to.",
  },
  {
    setting: "clientId",
    key: "clientId",
    env: ["ARM_CLIENT_ID", "AZURE_CLIENT_ID"],
    type: "string",
    description: "The app (client) id to sign in as; with a managed identity, a user-assigned one.",
  },
  {
    setting: "clientSecret",
    key: "clientSecret",
    env: ["ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET"],
    type: "string",
    secret: true,
    description: "The app's client secret.",
  },
  {
    setting: "useOidc",
    key: "useOidc",
    env: ["ARM_USE_OIDC"],
    type: "boolean",
    description:
      "Sign in with a federated token (OpenID Connect), as GitHub Actions and Azure Pipelines do.",
  },
  {
    setting: "oidcToken",
    key: "oidcToken",
    env: ["ARM_OIDC_TOKEN"],
    type: "string",
    secret: true,
    description: "The federated token itself.",
  },
  {
    setting: "oidcTokenFilePath",
    key: "oidcTokenFilePath",
    env: ["ARM_OIDC_TOKEN_FILE_PATH"],
    type: "string",
    description: "A file holding the federated token, read at every sign-in.",
  },
  {
    setting: "oidcRequestUrl",
    key: "oidcRequestUrl",
    env: ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL", "SYSTEM_OIDCREQUESTURI"],
    type: "string",
    description: "Where to ask GitHub Actions or Azure Pipelines for a federated token.",
  },
  {
    setting: "oidcRequestToken",
    key: "oidcRequestToken",
    env: ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "SYSTEM_ACCESSTOKEN"],
    type: "string",
    secret: true,
    description: "The bearer token of that request.",
  },
  {
    setting: "adoServiceConnectionId",
    key: "adoPipelineServiceConnectionId",
    env: ["ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"],
    type: "string",
    description: "The Azure Pipelines service connection that federates with the app.",
  },
  {
    setting: "useMsi",
    key: "useMsi",
    env: ["ARM_USE_MSI"],
    type: "boolean",
    description:
      "Sign in as the managed identity of the machine or App Service the pipeline runs on.",
  },
  {
    setting: "environment",
    key: "environment",
    env: ["ARM_ENVIRONMENT"],
    type: "string",
    allowed: ["public", "usgovernment", "china"],
    description: "The Azure cloud: public, usgovernment or china.",
  },
  {
    setting: "metadataHost",
    key: "metadataHost",
    env: ["ARM_METADATA_HOSTNAME"],
    type: "string",
    description: "host[:port] serving /metadata/endpoints for a custom cloud.",
  },
  {
    setting: "apiVersion",
    key: "azure-disk-sas:apiVersion",
    env: ["AZURE_DISK_SAS_API_VERSION"],
    type: "string",
    description:
      "The api-version to send for grant, revoke and read instead of the SDK's own, such as 2024-03-02.",
  },
];

/**
 * Reads every {@link settingDefinitions setting}: the configuration first, then the environment.
 */
export function readAzureSettings(
  config: ConfigLookup,
  env: NodeJS.ProcessEnv = process.env,
): AzureSettings {
  const settings: Record<string, string | boolean> = {};
  for (const { setting, key, env: names, type } of settingDefinitions) {
    const value =
      nonEmpty(config(key.includes(":") ? key : `azure-native:${key}`)) ??
      names.map((name) => nonEmpty(env[name])).find(Boolean);
    if (value !== undefined) {
      settings[setting] = type === "boolean" ? value.toLowerCase() === "true" : value;
    }
  }
  if (typeof settings["environment"] === "string") {
    settings["environment"] = settings["environment"].toLowerCase();
  }
  return settings;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
