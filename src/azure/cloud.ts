import { AzureAuthorityHosts } from "@azure/identity";
import { requestJson } from "./requestJson";

/** The endpoints of one Azure cloud that the provider needs. */
export interface AzureCloud {
  /** Base URL of Azure Resource Manager. */
  resourceManager: string;
  /** The Entra ID authority host. */
  loginEndpoint: string;
  /** The token audience for Resource Manager. */
  audience: string;
  /** Whether the cloud was described by a metadata host rather than known in advance. */
  custom: boolean;
}

/** Azure's public cloud. */
export const publicCloud: AzureCloud = {
  resourceManager: "https://management.azure.com",
  loginEndpoint: AzureAuthorityHosts.AzurePublicCloud,
  audience: "https://management.azure.com",
  custom: false,
};

/**
 * The clouds that `environment` names, as pulumi azure-native and Terraform azurerm name them: the
 * Resource Manager endpoints of arm-compute's `AzureClouds` and the authority hosts of
 * `@azure/identity`'s `AzureAuthorityHosts`.
 */
export const knownClouds: Record<string, AzureCloud> = {
  public: publicCloud,
  usgovernment: {
    resourceManager: "https://management.usgovcloudapi.net",
    loginEndpoint: AzureAuthorityHosts.AzureGovernment,
    audience: "https://management.usgovcloudapi.net",
    custom: false,
  },
  china: {
    resourceManager: "https://management.chinacloudapi.cn",
    loginEndpoint: AzureAuthorityHosts.AzureChina,
    audience: "https://management.chinacloudapi.cn",
    custom: false,
  },
};

/**
 * The cloud the settings choose: a custom cloud's metadata host, else the named `environment`,
 * else the public cloud.
 */
export function resolveCloud(settings: {
  metadataHost?: string;
  environment?: string;
}): Promise<AzureCloud> {
  if (settings.metadataHost) {
    return discoverCloud(settings.metadataHost);
  }
  const environment = settings.environment ?? "public";
  const cloud = knownClouds[environment];
  if (!cloud) {
    return Promise.reject(
      new Error(
        `Unknown Azure environment "${environment}" (azure-native:environment, azure-disk-sas:environment for the provider plugin, or ARM_ENVIRONMENT): use ${Object.keys(knownClouds).join(", ")}, or a custom cloud's metadata host (ARM_METADATA_HOSTNAME).`,
      ),
    );
  }
  return Promise.resolve(cloud);
}

/** The metadata api-version that answers one cloud object rather than an array of clouds. */
export const metadataApiVersion = "2022-09-01";

const discovered = new Map<string, Promise<AzureCloud>>();

/**
 * Finds a custom cloud's endpoints the way pulumi azure-native and Terraform azurerm do:
 * `GET https://{metadataHost}/metadata/endpoints?api-version=2022-09-01`. Answers are kept for the
 * life of the process.
 */
export function discoverCloud(metadataHost: string): Promise<AzureCloud> {
  let cloud = discovered.get(metadataHost);
  if (!cloud) {
    cloud = fetchCloud(metadataHost);
    discovered.set(metadataHost, cloud);
    cloud.catch(() => discovered.delete(metadataHost));
  }
  return cloud;
}

async function fetchCloud(metadataHost: string): Promise<AzureCloud> {
  const url = `https://${metadataHost}/metadata/endpoints?api-version=${metadataApiVersion}`;
  const body = await requestJson(url).catch((e: unknown) => {
    throw new Error(
      `Could not read the cloud's endpoints from ${url}: ${e instanceof Error ? e.message : String(e)}`,
    );
  });
  const metadata = body as {
    resourceManager?: unknown;
    authentication?: { loginEndpoint?: unknown; audiences?: unknown };
  };
  const resourceManager = metadata.resourceManager;
  const loginEndpoint = metadata.authentication?.loginEndpoint;
  const audiences = metadata.authentication?.audiences;
  const audience: unknown = Array.isArray(audiences) ? (audiences as unknown[])[0] : undefined;
  if (
    typeof resourceManager !== "string" ||
    typeof loginEndpoint !== "string" ||
    typeof audience !== "string"
  ) {
    throw new Error(
      `The cloud metadata at ${url} lacks resourceManager, authentication.loginEndpoint or authentication.audiences.`,
    );
  }
  return {
    resourceManager: trimSlash(resourceManager),
    loginEndpoint,
    audience: trimSlash(audience),
    custom: true,
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
