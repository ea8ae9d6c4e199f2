import type { AzureEmulator } from "../emulator";
import type { Properties } from "../harness/providerPlugin";
import { secret } from "../../src/plugin/wireSecrets";
import { packageVersion } from "../../src/packageInfo";

/** The plugin's environment without the emulator's ARM_* settings: only what `overrides` adds. */
export function pluginEnvironment(
  emulator: AzureEmulator,
  overrides: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(emulator.env)) {
    delete env[name];
  }
  return { ...env, ...overrides };
}

/** The provider configuration a stack would hold for the emulator, its client secret secret. */
export function pluginConfiguration(emulator: AzureEmulator): Properties {
  const { principal, fixture, env } = emulator;
  return {
    clientId: principal.clientId,
    clientSecret: secret(principal.clientSecret),
    tenantId: principal.tenantId,
    subscriptionId: fixture.subscriptionId,
    metadataHost: env["ARM_METADATA_HOSTNAME"]!,
    version: packageVersion,
  };
}
