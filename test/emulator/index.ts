import { readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { defaultFixture, type AzureFixture } from "./fixture";
import { cloudError, newRequestId, type EmulatorRequest, type EmulatorResponse } from "./http";
import { TokenIssuer, type EmulatorPrincipal } from "./identity";
import { RoleAssignments } from "./authorization";
import { ResourceManager } from "./resourceManager";
import { DiskStorage } from "./storage";
import { Throttle } from "./throttle";

/** A request the emulator received, without its bearer token or, for a token request, its body. */
export interface RecordedRequest {
  method: string;
  /** The `Host` header: which name of the emulator the client used. */
  host: string;
  /** The `User-Agent` header. */
  userAgent: string;
  /** The port the request's connection came from: whose socket it was. */
  remotePort: number;
  path: string;
  query: Record<string, string>;
  body: string;
  requestId: string;
  /** The `x-ms-correlation-request-id` answered: the client's own, or a new one. */
  correlationId: string;
  /** When it arrived (milliseconds since the epoch). */
  at: number;
  /** The HTTP status answered; 0 for a connection dropped without an answer, or none yet. */
  status: number;
}

/** A canned answer for requests that match, served instead of the emulator's own. */
export interface Intercept {
  method: string;
  /** Matched against the request's path. */
  path: RegExp;
  /** How many requests it answers; then it is dropped. */
  times: number;
  respond: (request: EmulatorRequest) => EmulatorResponse;
}

/** Resource Manager's correlation id: the client's own, or a new one. */
function correlationIdOf(headers: IncomingHttpHeaders): string {
  const given = headers["x-ms-correlation-request-id"];
  return typeof given === "string" ? given : newRequestId();
}

/** The user agent prefix the emulator expects, from the package's own manifest. */
const userAgentPrefix = `pulumi-azure-disk-sas/${
  (
    JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
      version: string;
    }
  ).version
}`;

/**
 * Refuses a request whose user agent does not start with this package's
 * (`pulumi-azure-disk-sas/<version>`) followed by the Azure SDK's own: the provider names itself to
 * Resource Manager and Entra ID on every request, and only its requests reach the emulator.
 */
function userAgentRefusal(request: EmulatorRequest): EmulatorResponse | undefined {
  const userAgent = request.headers["user-agent"] ?? "";
  if (
    userAgent.startsWith(`${userAgentPrefix} `) &&
    userAgent.length > userAgentPrefix.length + 1
  ) {
    return undefined;
  }
  return cloudError(
    400,
    "UserAgentNotRecognized",
    `The emulator expects every request to carry the user agent "${userAgentPrefix}" ahead of the SDK's own; got "${userAgent}".`,
  );
}

/** The token audience of the emulated cloud's Resource Manager. */
export const emulatorAudience = "https://management.azure-emulator.test";

/** A running emulator of the Azure endpoints the provider calls. */
export interface AzureEmulator {
  /** `https://127.0.0.1:{port}`: Resource Manager, login and cloud metadata. */
  url: string;
  /** Environment that points the provider at this emulator, as a custom cloud. */
  env: Record<string, string>;
  principal: EmulatorPrincipal;
  fixture: AzureFixture;
  resourceManager: ResourceManager;
  identity: TokenIssuer;
  storage: DiskStorage;
  /** Resource Manager's throttling; off until `perSecond` is set. */
  throttle: Throttle;
  /** The RBAC actions the principal holds; all until `actions` is set. */
  roles: RoleAssignments;
  requests: RecordedRequest[];
  intercepts: Intercept[];
  /** The full ARM id of a fixture disk restore point, by its position in the fixture. */
  diskRestorePointId(index: number): string;
  /** The full ARM id of a managed disk, by name. */
  diskId(name: string): string;
  /** The full ARM id of a snapshot, by name. */
  snapshotId(name: string): string;
  /**
   * Restarts the server on the same port, keeping all state and running operations: connections
   * drop, and for `downMs` every connection is closed at once, unanswered.
   *
   * @returns how many connections met the outage.
   */
  restart(downMs: number): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts the emulator: an HTTPS server on loopback serving cloud metadata, an Entra ID token
 * endpoint and Resource Manager, with the disks' bytes in Azurite. Its TLS certificate is the one
 * `scripts/with-emulator-certificate.mjs` made and put in `NODE_EXTRA_CA_CERTS`.
 */
export async function startAzureEmulator(
  fixture: AzureFixture = defaultFixture(),
): Promise<AzureEmulator> {
  const tlsDir = process.env["AZURE_EMULATOR_TLS_DIR"];
  if (!tlsDir) {
    throw new Error(
      "AZURE_EMULATOR_TLS_DIR is not set: run through `node scripts/with-emulator-certificate.mjs <command>`.",
    );
  }
  const principal: EmulatorPrincipal = {
    tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    clientId: "4e1a7a7c-2f5b-4d2e-9c0e-6a8b3d1f2e4c",
    clientSecret: `emulator-secret-${newRequestId()}`,
  };
  const identity = new TokenIssuer(principal, emulatorAudience);
  const roles = new RoleAssignments(principal.clientId);
  const tls = {
    cert: readFileSync(join(tlsDir, "cert.pem")),
    key: readFileSync(join(tlsDir, "key.pem")),
  };
  const storage = await DiskStorage.start({ tls, identity, roles });
  const resourceManager = new ResourceManager(fixture, storage);
  await resourceManager.seed();
  const requests: RecordedRequest[] = [];
  const intercepts: Intercept[] = [];
  const throttle = new Throttle();
  let url = "";

  const server = https.createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: EmulatorRequest = {
        method: req.method ?? "GET",
        url: new URL(req.url ?? "/", url),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      const requestId = newRequestId();
      const correlationId = correlationIdOf(req.headers);
      const recorded: RecordedRequest = {
        method: request.method,
        host: req.headers.host ?? "",
        userAgent: req.headers["user-agent"] ?? "",
        remotePort: req.socket.remotePort ?? 0,
        path: request.url.pathname,
        query: Object.fromEntries(request.url.searchParams),
        // A token request's body holds the client secret: it is not kept.
        body: request.url.pathname.endsWith("/oauth2/v2.0/token") ? "" : request.body,
        requestId,
        correlationId,
        at: Date.now(),
        status: 0,
      };
      requests.push(recorded);
      void answer(request)
        .catch((e: unknown) =>
          cloudError(500, "InternalServerError", `The emulator failed: ${String(e)}`),
        )
        .then((response) => {
          recorded.status = response.reset ? 0 : response.status;
          if (response.reset) {
            req.socket.destroy();
            return;
          }
          const body =
            response.body === undefined
              ? ""
              : typeof response.body === "string"
                ? response.body
                : JSON.stringify(response.body);
          res.writeHead(response.status, {
            "x-ms-request-id": requestId,
            "x-ms-correlation-request-id": correlationId,
            ...(body ? { "content-type": "application/json; charset=utf-8" } : {}),
            ...response.headers,
          });
          res.end(body);
        });
    });
  });

  async function answer(request: EmulatorRequest): Promise<EmulatorResponse> {
    const intercept = intercepts.find(
      (i) => i.method === request.method && i.path.test(request.url.pathname),
    );
    if (intercept) {
      if (--intercept.times <= 0) {
        intercepts.splice(intercepts.indexOf(intercept), 1);
      }
      return intercept.respond(request);
    }
    // Every endpoint answers for the host name the client used, as a cloud's endpoints share a name.
    const base = `https://${request.headers.host ?? new URL(url).host}`;
    const refused = userAgentRefusal(request);
    if (refused) {
      return refused;
    }
    const path = request.url.pathname;
    if (path === "/metadata/endpoints") {
      return metadata(base, request.url.searchParams.get("api-version"));
    }
    const identityAnswer = identity.handle(request, base);
    if (identityAnswer) {
      return identityAnswer;
    }
    if (!path.toLowerCase().startsWith("/subscriptions/")) {
      return cloudError(404, "NotFound", `No route for ${request.method} ${path}.`);
    }
    const token = identity.validate(request.headers.authorization);
    if (token !== "valid") {
      const challenge = `Bearer authorization_uri="${base}/${principal.tenantId}", error="invalid_token", error_description="The access token is ${token}"`;
      return token === "missing"
        ? {
            ...cloudError(
              401,
              "AuthenticationFailed",
              "Authentication failed. The 'Authorization' header is missing.",
            ),
            headers: { "www-authenticate": challenge },
          }
        : {
            ...cloudError(
              401,
              token === "expired" ? "ExpiredAuthenticationToken" : "InvalidAuthenticationToken",
              `The access token is ${token}.`,
            ),
            headers: { "www-authenticate": challenge },
          };
    }
    const forbidden = roles.check(request);
    if (forbidden) {
      return forbidden;
    }
    if (!throttle.admit()) {
      return {
        ...cloudError(
          429,
          "TooManyRequests",
          "The request is being throttled as the limit has been reached for this subscription. For more information, see - https://aka.ms/srpthrottlinglimits",
        ),
        headers: { "retry-after": "1" },
      };
    }
    return resourceManager.handle(request, base);
  }

  function metadata(base: string, apiVersion: string | null): EmulatorResponse {
    const cloud = {
      name: "AzureEmulator",
      portal: base,
      resourceManager: `${base}/`,
      authentication: {
        loginEndpoint: `${base}/`,
        audiences: [emulatorAudience, `${emulatorAudience}/`],
        tenant: "common",
        identityProvider: "AAD",
      },
      suffixes: { storage: "core.azure-emulator.test" },
    };
    // From 2022-09-01 Azure answers one cloud object; older versions answer an array of clouds.
    return {
      status: 200,
      body: apiVersion !== null && apiVersion >= "2022-09-01" ? cloud : [cloud],
    };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  url = `https://127.0.0.1:${port}`;
  const closeServer = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const f = fixture;
  return {
    url,
    env: {
      ARM_METADATA_HOSTNAME: url.slice("https://".length),
      ARM_TENANT_ID: principal.tenantId,
      ARM_CLIENT_ID: principal.clientId,
      ARM_CLIENT_SECRET: principal.clientSecret,
      ARM_SUBSCRIPTION_ID: f.subscriptionId,
    },
    principal,
    fixture,
    resourceManager,
    identity,
    storage,
    throttle,
    roles,
    requests,
    intercepts,
    diskId: (name) =>
      `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroupName}/providers/Microsoft.Compute/disks/${name}`,
    snapshotId: (name) =>
      `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroupName}/providers/Microsoft.Compute/snapshots/${name}`,
    diskRestorePointId: (index) =>
      `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroupName}/providers/Microsoft.Compute/restorePointCollections/${f.restorePointCollectionName}/restorePoints/${f.vmRestorePointName}/diskRestorePoints/${f.disks[index]!.name}`,
    async restart(downMs) {
      await closeServer();
      let refused = 0;
      const down = net.createServer((socket) => {
        refused++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => down.listen(port, "127.0.0.1", resolve));
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await new Promise<void>((resolve) => down.close(() => resolve()));
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
      return refused;
    },
    async stop() {
      await closeServer();
      await resourceManager.operations.drain();
      await storage.stop();
    },
  };
}
