import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import type { RoleAssignments } from "./authorization";
import { BlobLimiter } from "./blobLimits";
import type { SnapshotDifference } from "./changeJournal";
import { storageAudience, type TokenIssuer } from "./identity";
import {
  formatPageList,
  maxRangesPerAnswer,
  mergeTouching,
  pageOf,
  pagingApiVersion,
  parsePageList,
  type ListedRange,
  type PageRange,
} from "./pageList";
import { send, storageError, type StorageAnswer } from "./storageError";

/** A request the Blob endpoint received, as tests count them. */
export interface BlobRequestRecord {
  method: string;
  /** `/{account}/{container}/{blob}`, decoded. */
  path: string;
  /** What was asked: `PutPageFromUrl`, `PutPage`, `GetPageRanges`, `GetBlob`, `PutBlob`, ... */
  operation: string;
  /** The pages a Put Page or Put Page From URL wrote, first and last byte. */
  range?: PageRange;
  /** The bytes it wrote or read. */
  bytes: number;
  auth: "sas" | "sharedKey" | "bearer" | "none";
  /** The status answered; 0 for a connection dropped. */
  status: number;
  errorCode?: string;
  at: number;
}

/** A fault the endpoint injects into the requests that match, instead of serving them. */
export interface BlobFault {
  /** `serverBusy`: 503 ServerBusy; `operationTimedOut`: 500 OperationTimedOut; `reset`: the
   * request is served, then its connection drops before the answer. */
  kind: "serverBusy" | "operationTimedOut" | "reset";
  /** How many matching requests meet it; then it is dropped. */
  times: number;
  /** Which requests: every Put Page From URL unless given. */
  match?: (request: BlobRequestRecord) => boolean;
  /** A `Retry-After` to send with a 503 or 500. */
  retryAfterSeconds?: number;
}

/** The largest range one Put Page From URL copies. */
const maxCopyRange = 4 * 1024 * 1024;

/**
 * Azure Blob Storage's endpoint for the emulator's account, in front of Azurite, over HTTPS and
 * path-style (`https://127.0.0.1:{port}/{account}/{container}/{blob}`), as emulators and Azure
 * Stack serve it. Azurite serves every verb it has, and checks every SAS itself; the front adds
 * what Azurite lacks and what a copy meets on Azure:
 *
 * - Entra ID sign-in: a bearer token for Azure Storage, with the principal's data actions
 *   (`AuthorizationPermissionMismatch` without them), forwarded to Azurite under an account SAS;
 * - Put Page From URL: the source read with a ranged GET (its SAS checked where it lives), the
 *   bytes written with Put Page; a source that refuses is `CannotVerifyCopySource` with its status;
 * - Get Page Ranges as Azure answers: contiguous pages in one range, at most 10,000 ranges an
 *   answer, paged by `marker` (from api-version 2020-10-02); with `x-ms-previous-snapshot-url`
 *   (the SAS of an older incremental snapshot of the same disk), the pages changed and cleared
 *   since, as {@link BlobFront.snapshotDifference} tells them;
 * - per-blob limits like Azure's ({@link BlobLimiter}: `503 ServerBusy` beyond them) and
 *   injected faults.
 */
export class BlobFront {
  readonly requests: BlobRequestRecord[] = [];
  readonly faults: BlobFault[] = [];
  readonly limiter = new BlobLimiter();
  /** The most page ranges one Get Page Ranges answer holds: Azure's 10,000 unless a test says less. */
  maxRangesPerAnswer = maxRangesPerAnswer;
  /**
   * What changed between two snapshots of a disk, named by the containers their SAS URLs open, or
   * the refusal of the Blob service: the disks' change tracking.
   */
  snapshotDifference:
    | ((
        target: string,
        previous: string,
      ) => Promise<SnapshotDifference | StorageAnswer> | StorageAnswer)
    | undefined;
  /** Called after every request is answered, as a test's hook into a running copy. */
  onRequest: ((request: BlobRequestRecord) => void) | undefined;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  private readonly server: https.Server;
  /** `https://127.0.0.1:{port}`, once started. */
  origin = "";

  private constructor(
    tls: { cert: Buffer; key: Buffer },
    private readonly azurite: string,
    private readonly accountSas: string,
    private readonly identity: TokenIssuer,
    private readonly roles: RoleAssignments,
  ) {
    this.server = https.createServer(tls, (request, response) => {
      this.serve(request, response).catch((error: unknown) => {
        send(response, storageError(500, "InternalError", `The emulator failed: ${String(error)}`));
      });
    });
    this.server.keepAliveTimeout = 30_000;
  }

  /**
   * Starts the endpoint on a free loopback port.
   *
   * @param azurite Azurite's origin, `http://127.0.0.1:{port}`.
   * @param accountSas an account SAS query of every permission, to forward signed-in requests.
   */
  static async start(options: {
    tls: { cert: Buffer; key: Buffer };
    azurite: string;
    accountSas: string;
    identity: TokenIssuer;
    roles: RoleAssignments;
  }): Promise<BlobFront> {
    const front = new BlobFront(
      options.tls,
      options.azurite,
      options.accountSas,
      options.identity,
      options.roles,
    );
    await new Promise<void>((resolve) => front.server.listen(0, "127.0.0.1", resolve));
    front.origin = `https://127.0.0.1:${(front.server.address() as AddressInfo).port}`;
    return front;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.agent.destroy();
  }

  private async serve(request: http.IncomingMessage, response: http.ServerResponse) {
    const body = await readBody(request);
    const url = new URL(request.url ?? "/", this.origin);
    const record = describeRequest(request, url, body.length);
    this.requests.push(record);
    const answer = await this.answer(request, url, body, record);
    record.status = answer === "reset" ? 0 : answer.status;
    if (answer === "reset") {
      request.socket.destroy();
    } else {
      record.errorCode = answer.headers?.["x-ms-error-code"];
      send(response, answer);
    }
    try {
      this.onRequest?.(record);
    } catch (error) {
      console.error(`A test's hook into the Blob endpoint failed: ${String(error)}`);
    }
  }

  private async answer(
    request: http.IncomingMessage,
    url: URL,
    body: Buffer,
    record: BlobRequestRecord,
  ): Promise<StorageAnswer | "reset"> {
    const auth = this.authenticate(request, url, record);
    if ("status" in auth) {
      return auth;
    }
    const onBlob = url.pathname.split("/").length >= 4;
    const fault = this.faults.find(
      (f) => f.match?.(record) ?? record.operation === "PutPageFromUrl",
    );
    if (fault && --fault.times <= 0) {
      this.faults.splice(this.faults.indexOf(fault), 1);
    }
    if (fault && fault.kind !== "reset") {
      const retryAfter: Record<string, string> = fault.retryAfterSeconds
        ? { "retry-after": String(fault.retryAfterSeconds) }
        : {};
      return fault.kind === "serverBusy"
        ? storageError(503, "ServerBusy", "The server is busy.", retryAfter)
        : storageError(
            500,
            "OperationTimedOut",
            "Operation could not be completed within the specified time.",
            retryAfter,
          );
    }
    if (onBlob && !this.limiter.admit(record.path, record.range ? rangeLength(record.range) : 0)) {
      return storageError(503, "ServerBusy", "The server is busy.");
    }
    const answer = await this.perform(request, url, body, auth, record);
    return fault?.kind === "reset" ? "reset" : answer;
  }

  /**
   * Judges how a request signs in: a SAS or the account key (Azurite checks either), or a bearer
   * token for Azure Storage with the data action the request needs. Returns the query and the
   * `Authorization` to forward to Azurite, or a refusal.
   */
  private authenticate(
    request: http.IncomingMessage,
    url: URL,
    record: BlobRequestRecord,
  ): { query: string; authorization?: string } | StorageAnswer {
    const authorization = request.headers.authorization;
    if (url.searchParams.has("sig") || authorization?.startsWith("SharedKey ")) {
      record.auth = authorization ? "sharedKey" : "sas";
      return { query: url.search.slice(1), authorization };
    }
    const challenge = {
      "www-authenticate": `Bearer authorization_uri=https://login.microsoftonline.com/${this.identity.tenantId}/oauth2/authorize resource_id=${storageAudience}`,
    };
    if (!authorization) {
      return storageError(
        401,
        "NoAuthenticationInformation",
        "Server failed to authenticate the request. Please refer to the information in the www-authenticate header.",
        challenge,
      );
    }
    record.auth = "bearer";
    const token = this.identity.validate(authorization, storageAudience);
    if (token !== "valid") {
      return storageError(
        401,
        "InvalidAuthenticationInfo",
        `Server failed to authenticate the request. Please refer to the information in the www-authenticate header.\nAuthenticationErrorDetail:${token === "expired" ? "Lifetime validation failed. The token is expired." : "Issuer validation failed."}`,
        challenge,
      );
    }
    if (!this.roles.allowsData(request.method ?? "GET")) {
      return storageError(
        403,
        "AuthorizationPermissionMismatch",
        "This request is not authorized to perform this operation using this permission.",
      );
    }
    const query = url.search.slice(1);
    return { query: query ? `${query}&${this.accountSas}` : this.accountSas };
  }

  private async perform(
    request: http.IncomingMessage,
    url: URL,
    body: Buffer,
    { query, authorization }: { query: string; authorization?: string },
    record: BlobRequestRecord,
  ): Promise<StorageAnswer> {
    const headers: Record<string, string> = {
      ...forwardedHeaders(request.headers),
      ...(authorization ? { authorization } : {}),
    };
    if (record.operation === "PutPageFromUrl") {
      return this.putPageFromUrl(url, headers, query, record);
    }
    if (record.operation === "GetPageRanges") {
      return headers["x-ms-previous-snapshot-url"]
        ? this.getPageRangesDifference(url, headers, query)
        : this.getPageRanges(url, headers, query);
    }
    const answer = await this.toAzurite(
      request.method ?? "GET",
      url.pathname,
      query,
      headers,
      body,
    );
    if (record.operation === "GetBlob") {
      record.bytes = answer.bytes.length;
    }
    return { status: answer.status, headers: answer.headers, body: answer.bytes };
  }

  /**
   * Put Page From URL: reads `x-ms-source-range` of `x-ms-copy-source` with a ranged GET, as the
   * service reads a copy's source, and writes it to `x-ms-range` with Put Page.
   */
  private async putPageFromUrl(
    url: URL,
    headers: Record<string, string>,
    query: string,
    record: BlobRequestRecord,
  ): Promise<StorageAnswer> {
    const source = headers["x-ms-copy-source"]!;
    const sourceRange = parseRange(headers["x-ms-source-range"]);
    const range = record.range;
    if (!range || !sourceRange || rangeLength(range) !== rangeLength(sourceRange)) {
      return storageError(
        400,
        "InvalidHeaderValue",
        "The value for one of the HTTP headers is not in the correct format: x-ms-range and x-ms-source-range must name ranges of the same length.",
      );
    }
    const aligned = (r: PageRange) => r.start % 512 === 0 && (r.end + 1) % 512 === 0;
    if (!aligned(range) || !aligned(sourceRange)) {
      return storageError(
        416,
        "InvalidPageRange",
        "The page range specified is invalid: it must start and end on 512-byte page boundaries.",
      );
    }
    if (rangeLength(range) > maxCopyRange) {
      return storageError(
        413,
        "RequestBodyTooLarge",
        "The request body is too large and exceeds the maximum permissible limit: a Put Page From URL copies at most 4 MiB.",
      );
    }
    const read = await this.fetchSource(source, sourceRange, headers["x-ms-version"]);
    if (read.status !== 200 && read.status !== 206) {
      const sourceCode = read.headers["x-ms-error-code"] ?? "";
      return storageError(
        read.status,
        "CannotVerifyCopySource",
        read.status === 403
          ? "This request is not authorized to perform this operation."
          : "The copy source could not be read.",
        {
          "x-ms-copy-source-status-code": String(read.status),
          ...(sourceCode ? { "x-ms-copy-source-error-code": sourceCode } : {}),
        },
      );
    }
    const written: Record<string, string> = {
      ...headers,
      "x-ms-page-write": "update",
      "x-ms-range": `bytes=${range.start}-${range.end}`,
    };
    for (const name of [
      "x-ms-copy-source",
      "x-ms-source-range",
      "x-ms-copy-source-authorization",
    ]) {
      delete written[name];
    }
    const answer = await this.toAzurite("PUT", url.pathname, query, written, read.bytes);
    return { status: answer.status, headers: answer.headers, body: answer.bytes };
  }

  /** Reads a copy source's range: from Azurite when the source is this endpoint, else over the wire. */
  private async fetchSource(
    source: string,
    range: PageRange,
    version: string | undefined,
  ): Promise<{ status: number; headers: Record<string, string>; bytes: Buffer }> {
    const headers = {
      range: `bytes=${range.start}-${range.end}`,
      ...(version ? { "x-ms-version": version } : {}),
    };
    const local = new URL(source);
    if (local.origin === this.origin) {
      return this.toAzurite("GET", local.pathname, local.search.slice(1), headers);
    }
    return request(source, "GET", headers);
  }

  /**
   * Get Page Ranges: Azurite's ranges, merged where they touch, and from api-version 2020-10-02 on
   * paged by `marker` and `maxresults` (10,000 at most).
   */
  private async getPageRanges(
    url: URL,
    headers: Record<string, string>,
    query: string,
  ): Promise<StorageAnswer> {
    const params = new URLSearchParams(query);
    const marker = params.get("marker") ?? undefined;
    const maxResults = params.has("maxresults") ? Number(params.get("maxresults")) : undefined;
    params.delete("marker");
    params.delete("maxresults");
    const answer = await this.toAzurite("GET", url.pathname, params.toString(), headers);
    if (answer.status !== 200) {
      return { status: answer.status, headers: answer.headers, body: answer.bytes };
    }
    const ranges = mergeTouching(parsePageList(answer.bytes.toString("utf8")));
    const paged = (headers["x-ms-version"] ?? "") >= pagingApiVersion;
    const page = paged
      ? pageOf(ranges, marker, Math.min(maxResults ?? Infinity, this.maxRangesPerAnswer))
      : { ranges };
    const { "content-length": _length, ...rest } = answer.headers;
    return { status: 200, headers: rest, body: formatPageList(page.ranges, page.nextMarker) };
  }

  /**
   * Get Page Ranges with `x-ms-previous-snapshot-url`: both SAS checked where they live, then the
   * pages changed and cleared between the two snapshots, within `x-ms-range`, in order of offset
   * and paged as the plain listing is.
   */
  private async getPageRangesDifference(
    url: URL,
    headers: Record<string, string>,
    query: string,
  ): Promise<StorageAnswer> {
    const params = new URLSearchParams(query);
    const marker = params.get("marker") ?? undefined;
    const maxResults = params.has("maxresults") ? Number(params.get("maxresults")) : undefined;
    for (const name of ["marker", "maxresults", "comp"]) {
      params.delete(name);
    }
    const { "x-ms-previous-snapshot-url": previousUrl, ...rest } = headers;
    const target = await this.toAzurite("HEAD", url.pathname, params.toString(), rest);
    if (target.status !== 200) {
      return { status: target.status, headers: target.headers, body: target.bytes };
    }
    const previous = new URL(previousUrl!);
    const previousRead = await this.toAzurite(
      "HEAD",
      previous.pathname,
      previous.search.slice(1),
      rest["x-ms-version"] ? { "x-ms-version": rest["x-ms-version"] } : {},
    );
    if (previous.origin !== this.origin || previousRead.status === 404) {
      return storageError(409, "PreviousSnapshotNotFound", "The previous snapshot is not found.");
    }
    if (previousRead.status !== 200) {
      return storageError(
        403,
        "AuthorizationFailure",
        "This request is not authorized to perform this operation: the SAS of the previous snapshot was refused.",
      );
    }
    const difference = await this.snapshotDifference?.(
      url.pathname.split("/")[2]!,
      previous.pathname.split("/")[2]!,
    );
    if (!difference || "status" in difference) {
      return (
        difference ??
        storageError(
          409,
          "PreviousSnapshotOperationNotSupported",
          "Differential Get Page Ranges is not supported on the previous snapshot.",
        )
      );
    }
    const window = parseRange(headers["x-ms-range"] ?? headers["range"]) ?? {
      start: 0,
      end: Infinity,
    };
    const listed: ListedRange[] = [
      ...difference.changed,
      ...difference.cleared.map((range) => ({ ...range, cleared: true })),
    ]
      .filter((range) => range.end >= window.start && range.start <= window.end)
      .map((range) => ({
        ...range,
        start: Math.max(range.start, window.start),
        end: Math.min(range.end, window.end),
      }))
      .sort((a, b) => a.start - b.start);
    const page = pageOf(listed, marker, Math.min(maxResults ?? Infinity, this.maxRangesPerAnswer));
    return {
      status: 200,
      headers: {
        "content-type": "application/xml",
        "x-ms-blob-content-length": target.headers["content-length"] ?? "0",
        ...(target.headers["x-ms-version"]
          ? { "x-ms-version": target.headers["x-ms-version"] }
          : {}),
        ...(target.headers["etag"] ? { etag: target.headers["etag"] } : {}),
        ...(target.headers["last-modified"]
          ? { "last-modified": target.headers["last-modified"] }
          : {}),
      },
      body: formatPageList(page.ranges, page.nextMarker),
    };
  }

  private toAzurite(
    method: string,
    path: string,
    query: string,
    headers: Record<string, string>,
    body?: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; bytes: Buffer }> {
    return request(
      `${this.azurite}${path}${query ? `?${query}` : ""}`,
      method,
      { ...headers, ...(body ? { "content-length": String(body.length) } : {}) },
      body,
      this.agent,
    );
  }
}

/** Headers of one connection, not of the answer. */
const hopByHop = new Set(["connection", "keep-alive", "transfer-encoding"]);

/** Sends one request and reads its whole answer. */
function request(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: Buffer,
  agent?: http.Agent,
): Promise<{ status: number; headers: Record<string, string>; bytes: Buffer }> {
  const client = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    const sent = client.request(url, { method, headers, ...(agent ? { agent } : {}) }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("end", () =>
        resolve({
          status: answer.statusCode ?? 0,
          headers: Object.fromEntries(
            Object.entries(answer.headers).flatMap(([k, v]) =>
              typeof v === "string" && !hopByHop.has(k) ? [[k, v]] : [],
            ),
          ),
          bytes: Buffer.concat(chunks),
        }),
      );
      answer.on("error", reject);
    });
    sent.on("error", reject);
    sent.end(body);
  });
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/**
 * The request's headers to pass on to Azurite: all but those of the connection and sign-in. The
 * `Host` stays this endpoint's: Azurite copies a blob (Copy Blob) only from a source on the host
 * the request names.
 */
function forwardedHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const skipped = new Set(["authorization", "connection", "content-length"]);
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      typeof value === "string" && !skipped.has(name) ? [[name, value]] : [],
    ),
  );
}

/** Names what a request asks of the Blob service, and the pages it writes. */
function describeRequest(
  request: http.IncomingMessage,
  url: URL,
  bodyBytes: number,
): BlobRequestRecord {
  const method = request.method ?? "GET";
  const comp = url.searchParams.get("comp");
  const copySource = typeof request.headers["x-ms-copy-source"] === "string";
  const operation =
    method === "PUT" && comp === "page"
      ? copySource
        ? "PutPageFromUrl"
        : request.headers["x-ms-page-write"] === "clear"
          ? "ClearPage"
          : "PutPage"
      : method === "GET" && comp === "pagelist"
        ? "GetPageRanges"
        : method === "PUT" && !comp && copySource
          ? "CopyBlob"
          : method === "PUT" && !comp && request.headers["x-ms-blob-type"]
            ? "PutBlob"
            : method === "GET" && !comp
              ? "GetBlob"
              : method === "HEAD" && !comp
                ? "GetBlobProperties"
                : method === "DELETE" && !comp
                  ? "DeleteBlob"
                  : `${method} ${comp ?? url.searchParams.get("restype") ?? ""}`.trim();
  const written =
    operation === "PutPageFromUrl" || operation === "PutPage" || operation === "ClearPage"
      ? parseRange((request.headers["x-ms-range"] as string | undefined) ?? request.headers.range)
      : undefined;
  return {
    method,
    path: decodeURIComponent(url.pathname),
    operation,
    ...(written ? { range: written } : {}),
    bytes: operation === "ClearPage" ? 0 : written ? rangeLength(written) : bodyBytes,
    auth: "none",
    status: 0,
    at: Date.now(),
  };
}

/** Reads `bytes=first-last`. */
function parseRange(header: string | undefined): PageRange | undefined {
  const match = /^bytes=(\d+)-(\d+)$/.exec(header ?? "");
  return match ? { start: Number(match[1]), end: Number(match[2]) } : undefined;
}

function rangeLength(range: PageRange): number {
  return range.end - range.start + 1;
}
