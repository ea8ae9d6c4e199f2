/** Looks up one stack configuration value by its full key, such as `azure-native:clientId`. */
export type ConfigLookup = (key: string) => string | undefined;

/** Where the provider finds Azure: read at run time, inside the provider, never stored in state. */
export interface AzureSettings {
  subscriptionId?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** host[:port] serving `/metadata/endpoints` for a custom cloud. */
  metadataHost?: string;
}

/**
 * Reads the settings pulumi azure-native users already have: the stack configuration keys of
 * `azure-native`, then the `ARM_*` environment variables, then their `AZURE_*` twins.
 */
export function readAzureSettings(
  config: ConfigLookup,
  env: NodeJS.ProcessEnv = process.env,
): AzureSettings {
  const pick = (configKey: string, ...envNames: string[]) =>
    nonEmpty(config(`azure-native:${configKey}`)) ??
    envNames.map((name) => nonEmpty(env[name])).find(Boolean);
  const settings: AzureSettings = {
    subscriptionId: pick("subscriptionId", "ARM_SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID"),
    tenantId: pick("tenantId", "ARM_TENANT_ID", "AZURE_TENANT_ID"),
    clientId: pick("clientId", "ARM_CLIENT_ID", "AZURE_CLIENT_ID"),
    clientSecret: pick("clientSecret", "ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET"),
    metadataHost: pick("metadataHost", "ARM_METADATA_HOSTNAME"),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
