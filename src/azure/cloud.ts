import * as https from "node:https";

/** The endpoints of one Azure cloud that the provider needs. */
export interface AzureCloud {
  /** Base URL of Azure Resource Manager. */
  resourceManager: string;
  /** The Entra ID authority host; `undefined` means `@azure/identity`'s default. */
  loginEndpoint?: string;
  /** The token audience for Resource Manager. */
  audience: string;
  /** Whether the cloud was described by a metadata host rather than known in advance. */
  custom: boolean;
}

/** Azure's public cloud. */
export const publicCloud: AzureCloud = {
  resourceManager: "https://management.azure.com",
  audience: "https://management.azure.com",
  custom: false,
};

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
  const body = await getJson(url).catch((e: unknown) => {
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

function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      url,
      { headers: { accept: "application/json" }, timeout: 30_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (response.statusCode !== 200) {
            reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new Error("the answer is not JSON"));
          }
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error("timed out after 30 s")));
    request.on("error", reject);
  });
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
