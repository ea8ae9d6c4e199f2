import { randomBytes } from "node:crypto";
import type { EmulatorRequest, EmulatorResponse } from "./http";

/** The service principal the emulator accepts. */
export interface EmulatorPrincipal {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/**
 * An Entra ID stand-in: OpenID configuration and a client-credentials token endpoint, enough for
 * `@azure/identity` to really obtain a token, and the check ARM makes of the bearer token.
 */
export class TokenIssuer {
  private readonly tokens = new Map<string, number>();
  /** Lifetime of the tokens issued from now on, in seconds. */
  tokenLifetimeSeconds = 3600;
  /** Every access token issued, in order. */
  readonly issued: string[] = [];

  constructor(
    private readonly principal: EmulatorPrincipal,
    private readonly audience: string,
  ) {}

  /** Answers the identity routes; `undefined` for any other path. */
  handle(request: EmulatorRequest, baseUrl: string): EmulatorResponse | undefined {
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

  /** Checks an `Authorization` header: a bearer token this issuer gave out that has not expired. */
  validate(authorization: string | undefined): "valid" | "missing" | "invalid" | "expired" {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? "")?.[1];
    if (!token) {
      return "missing";
    }
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) {
      return "invalid";
    }
    return Date.now() < expiresAt ? "valid" : "expired";
  }

  /** Makes every token issued so far expire now. */
  expireAll(): void {
    for (const token of this.tokens.keys()) {
      this.tokens.set(token, 0);
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
    if (form.get("client_secret") !== this.principal.clientSecret) {
      return oauthError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
    }
    const scope = form.get("scope") ?? "";
    if (!scope.split(" ").includes(`${this.audience}/.default`)) {
      return oauthError(
        400,
        "invalid_resource",
        `AADSTS500011: The resource principal named ${scope} was not found in the tenant.`,
      );
    }
    const token = randomBytes(32).toString("base64url");
    this.tokens.set(token, Date.now() + this.tokenLifetimeSeconds * 1000);
    this.issued.push(token);
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
