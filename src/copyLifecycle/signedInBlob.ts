import type { PageBlob } from "../azure/pageBlob";
import type { AzureSettings } from "../azure/settings";
import { loadAzure, loadPageBlob } from "../lifecycle/loadAzure";

/** A page blob written or read with the provider's own credential (Entra ID), in its cloud. */
export async function signedInBlob(url: string, settings: AzureSettings): Promise<PageBlob> {
  const { createCredential, resolveCloud } = loadAzure();
  const { PageBlob } = loadPageBlob();
  return new PageBlob(url, createCredential(settings, await resolveCloud(settings)));
}
