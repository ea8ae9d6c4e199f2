import { readFile } from "node:fs/promises";
import { requestJson } from "./requestJson";
import type { AzureSettings } from "./settings";

/** The audience Entra ID expects of a federated token, as GitHub Actions and Azure Pipelines ask. */
export const federatedTokenAudience = "api://AzureADTokenExchange";

/**
 * Gets the federated token (an OpenID Connect ID token) to sign in with, from the first source the
 * settings name: the token itself, a file holding it, or a request to GitHub Actions or (with a
 * service connection id) Azure Pipelines. Called at every sign-in, so a token that expired during
 * a long `pulumi up` is fetched afresh.
 */
export async function federatedToken(settings: AzureSettings): Promise<string> {
  if (settings.oidcToken) {
    return settings.oidcToken;
  }
  if (settings.oidcTokenFilePath) {
    return (await readFile(settings.oidcTokenFilePath, "utf8")).trim();
  }
  const { oidcRequestUrl, oidcRequestToken, adoServiceConnectionId } = settings;
  if (oidcRequestUrl && oidcRequestToken) {
    const url = new URL(oidcRequestUrl);
    const headers = { authorization: `Bearer ${oidcRequestToken}` };
    if (adoServiceConnectionId) {
      url.searchParams.set("api-version", "7.1");
      url.searchParams.set("serviceConnectionId", adoServiceConnectionId);
      const answer = (await requestJson(url.href, {
        method: "POST",
        // Without it, Azure DevOps answers a refused request with a redirect to its sign-in page.
        headers: { ...headers, "x-tfs-fedauthredirect": "Suppress" },
      })) as {
        oidcToken?: unknown;
      };
      return tokenFrom(answer.oidcToken, "Azure Pipelines");
    }
    url.searchParams.set("audience", federatedTokenAudience);
    const answer = (await requestJson(url.href, { headers })) as { value?: unknown };
    return tokenFrom(answer.value, "GitHub Actions");
  }
  throw new Error(
    "OpenID Connect is on (useOidc / ARM_USE_OIDC) but no federated token was found: set ARM_OIDC_TOKEN or ARM_OIDC_TOKEN_FILE_PATH, or run in GitHub Actions with `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN), or in Azure Pipelines with ARM_OIDC_REQUEST_URL, ARM_OIDC_REQUEST_TOKEN and ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID.",
  );
}

function tokenFrom(value: unknown, issuer: string): string {
  if (typeof value !== "string" || value === "") {
    throw new Error(`${issuer} answered the OpenID Connect token request without a token.`);
  }
  return value;
}
