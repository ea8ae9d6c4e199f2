import type * as pulumi from "@pulumi/pulumi";
import { readAzureSettings, type AzureSettings } from "../azure/settings";

let stackConfig: pulumi.dynamic.Config | undefined;

/**
 * Keeps the stack configuration that the engine hands the provider. The provider is loaded as a
 * module (not copied code), so what is kept here is seen by every later call in the process.
 */
export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackConfig = request.config;
}

/** The Azure settings in force now: stack configuration first, then the environment. */
export function currentAzureSettings(): AzureSettings {
  return readAzureSettings((key) => stackConfig?.get(key));
}
