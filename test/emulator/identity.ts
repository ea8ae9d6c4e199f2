import { randomBytes } from "node:crypto";
import type { EmulatorRequest, EmulatorResponse } from "./http";

/** The service principal the emulator accepts. */
export interface EmulatorPrincipal {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** The audience Entra ID requires of a federated token. */
const federatedAudience = "api://AzureADTokenExchange";

/** Azure Storage's audience, the same in every cloud: blob requests signed in with Entra ID. */
export const storageAudience = "https://storage.azure.com";

/**
 * An Entra ID stand-in: OpenID configuration and a client-credentials token endpoint (with a client
 * secret, or a federated token as client assertion), enough for `@azure/identity` to really obtain a
 * token, and the check ARM makes of the bearer token. Beside it, the issuers of federated tokens
 * that pipelines use (GitHub Actions' and Azure Pipelines' OIDC token requests) and an App Service
 * managed identity endpoint.
 */
export class TokenIssuer {
  /** The bearer token a GitHub Actions job gets in `ACTIONS_ID_TOKEN_REQUEST_TOKEN`. */
  readonly githubRequestToken = randomBytes(16).toString("hex");
  /** The bearer token an Azure Pipelines job gets in `SYSTEM_ACCESSTOKEN`. */
  readonly adoRequestToken = randomBytes(16).toString("hex");
  /** The Azure Pipelines service connection federated with the principal. */
  readonly adoServiceConnectionId = "0b6d0a9c-3f8e-4a51-9d3c-7e2f1a4b5c6d";
  /** The secret an App Service gives its code in `IDENTITY_HEADER`. */
  readonly identityHeader = randomBytes(16).toString("hex");
  /** Each access token issued: when it expires and the audience it is for. */
  private readonly tokens = new Map<string, { expiresAt: number; audience: string }>();
  private readonly federatedTokens = new Set<string>();
  /** Lifetime of the tokens issued from now on, in seconds. */
  tokenLifetimeSeconds = 3600;
  /** Every access token issued, in order. */
  readonly issued: string[] = [];

  constructor(
    private readonly principal: EmulatorPrincipal,
    private readonly audience: string,
  ) {}

  /** The tenant whose tokens this issuer signs. */
  get tenantId(): string {
    return this.principal.tenantId;
  }

  /**
   * A federated token for the principal, as an OIDC issuer (a pipeline, a Kubernetes cluster) signs
   * it: a JWT whose subject Entra ID trusts.
   */
  mintFederatedToken(subject = "repo:contoso/disk-backups:ref:refs/heads/main"): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = [
      part({ alg: "RS256", typ: "JWT" }),
      part({
        iss: "https://token.actions.githubusercontent.com",
        sub: subject,
        aud: federatedAudience,
        exp: Math.floor(Date.now() / 1000) + 300,
      }),
      randomBytes(32).toString("base64url"),
    ].join(".");
    this.federatedTokens.add(token);
    return token;
  }

  /** Answers the identity routes; `undefined` for any other path. */
  handle(request: EmulatorRequest, baseUrl: string): EmulatorResponse | undefined {
    const path = request.url.pathname;
    if (path === "/_github/oidc/token") {
      return this.githubOidcToken(request);
    }
    if (path === "/_ado/oidctoken") {
      return this.adoOidcToken(request);
    }
    if (path === "/_msi/token") {
      return this.managedIdentityToken(request);
    }
    const match =
      /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/.exec(
        request.url.pathname,
      );
    if (!match) {
      return undefined;
    }
    const [, tenant, route] = match;
    if (tenant !== this.principal.tenantId && tenant !== "organizations" && tenant !== "common") {
      return oauthError(400, "invalid_tenant", `AADSTS90002: Tenant '${tenant}' not found.`);
    }
    if (route!.startsWith("v2.0")) {
      const authority = `${baseUrl}/${tenant}`;
      return {
        status: 200,
        body: {
          issuer: `${baseUrl}/${this.principal.tenantId}/v2.0`,
          authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
          token_endpoint: `${authority}/oauth2/v2.0/token`,
          end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
          jwks_uri: `${authority}/discovery/v2.0/keys`,
          response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
          subject_types_supported: ["pairwise"],
          id_token_signing_alg_values_supported: ["RS256"],
          tenant_region_scope: "EU",
        },
      };
    }
    return this.token(request);
  }

  /**
   * Checks an `Authorization` header: a bearer token this issuer gave out for `audience` (Resource
   * Manager's unless named) that has not expired.
   */
  validate(
    authorization: string | undefined,
    audience = this.audience,
  ): "valid" | "missing" | "invalid" | "expired" {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? "")?.[1];
    if (!token) {
      return "missing";
    }
    const issued = this.tokens.get(token);
    if (issued?.audience !== audience) {
      return "invalid";
    }
    return Date.now() < issued.expiresAt ? "valid" : "expired";
  }

  /** Makes every token issued so far expire now. */
  expireAll(): void {
    for (const issued of this.tokens.values()) {
      issued.expiresAt = 0;
    }
  }

  private token(request: EmulatorRequest): EmulatorResponse {
    if (request.method !== "POST") {
      return oauthError(
        405,
        "invalid_request",
        "AADSTS900561: The endpoint only accepts POST requests.",
      );
    }
    const form = new URLSearchParams(request.body);
    if (form.get("grant_type") !== "client_credentials") {
      return oauthError(
        400,
        "unsupported_grant_type",
        "AADSTS70003: The app requested an unsupported grant type.",
      );
    }
    if (form.get("client_id") !== this.principal.clientId) {
      return oauthError(
        400,
        "unauthorized_client",
        `AADSTS700016: Application with identifier '${form.get("client_id")}' was not found in the directory.`,
      );
    }
    const assertion = form.get("client_assertion");
    if (assertion !== null) {
      if (
        form.get("client_assertion_type") !==
          "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" ||
        !this.federatedTokens.has(assertion)
      ) {
        return oauthError(
          400,
          "invalid_client",
          "AADSTS70021: No matching federated identity record found for presented assertion.",
        );
      }
    } else if (form.get("client_secret") !== this.principal.clientSecret) {
      return oauthError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
    }
    const scope = form.get("scope") ?? "";
    const audience = [this.audience, storageAudience].find((known) =>
      scope.split(" ").includes(`${known}/.default`),
    );
    if (!audience) {
      return oauthError(
        400,
        "invalid_resource",
        `AADSTS500011: The resource principal named ${scope} was not found in the tenant.`,
      );
    }
    const token = this.accessToken(audience);
    return {
      status: 200,
      body: {
        token_type: "Bearer",
        expires_in: this.tokenLifetimeSeconds,
        ext_expires_in: this.tokenLifetimeSeconds,
        access_token: token,
      },
    };
  }

  private accessToken(audience = this.audience): string {
    const token = randomBytes(32).toString("base64url");
    this.tokens.set(token, { expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000, audience });
    this.issued.push(token);
    return token;
  }

  /** GitHub Actions' ID token request: `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=...`. */
  private githubOidcToken(request: EmulatorRequest): EmulatorResponse {
    if (request.headers.authorization !== `Bearer ${this.githubRequestToken}`) {
      return { status: 401, body: { message: "Bad credentials" } };
    }
    if (request.url.searchParams.get("audience") !== federatedAudience) {
      return { status: 400, body: { message: "Unexpected audience" } };
    }
    return { status: 200, body: { count: 1, value: this.mintFederatedToken() } };
  }

  /** Azure Pipelines' OIDC token request for a service connection. */
  private adoOidcToken(request: EmulatorRequest): EmulatorResponse {
    if (
      request.method !== "POST" ||
      request.headers.authorization !== `Bearer ${this.adoRequestToken}`
    ) {
      return { status: 401, body: { message: "TF400813: The user is not authorized." } };
    }
    if (request.url.searchParams.get("serviceConnectionId") !== this.adoServiceConnectionId) {
      return { status: 404, body: { message: "The service connection was not found." } };
    }
    return {
      status: 200,
      body: { oidcToken: this.mintFederatedToken("sc://contoso/backups/disk-export") },
    };
  }

  /** App Service's managed identity endpoint (`IDENTITY_ENDPOINT`, api-version 2019-08-01). */
  private managedIdentityToken(request: EmulatorRequest): EmulatorResponse {
    if (request.headers["x-identity-header"] !== this.identityHeader) {
      return { status: 401, body: { statusCode: 401, message: "Unauthorized request" } };
    }
    const resource = request.url.searchParams.get("resource")?.replace(/\/$/, "");
    if (resource !== this.audience && resource !== storageAudience) {
      return {
        status: 400,
        body: { statusCode: 400, message: `No resource ${resource ?? ""} in this cloud.` },
      };
    }
    return {
      status: 200,
      body: {
        access_token: this.accessToken(resource),
        expires_on: String(Math.floor(Date.now() / 1000) + this.tokenLifetimeSeconds),
        resource,
        token_type: "Bearer",
        client_id: this.principal.clientId,
      },
    };
  }
}

function oauthError(status: number, error: string, description: string): EmulatorResponse {
  return {
    status,
    body: {
      error,
      error_description: description,
      error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1])],
    },
  };
}
