import type * as pulumi from "@pulumi/pulumi";
import { readAzureSettings, type AzureSettings, type ConfigLookup } from "../azure/settings";

let configuration: ConfigLookup = () => undefined;

/**
 * Keeps the stack configuration that the engine hands the dynamic provider. The provider is loaded
 * as a module (not copied code), so what is kept here is seen by every later call in the process.
 */
export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  useConfiguration((key) => request.config.get(key));
}

/** Makes `lookup` the configuration of every later call: the provider plugin's own configuration. */
export function useConfiguration(lookup: ConfigLookup): void {
  configuration = lookup;
}

/** The Azure settings in force now: the configuration first, then the environment. */
export function currentAzureSettings(): AzureSettings {
  return readAzureSettings(configuration);
}
