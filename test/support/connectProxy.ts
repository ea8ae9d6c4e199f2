import * as http from "node:http";
import * as net from "node:net";
import type { AddressInfo } from "node:net";

/** One tunnel the proxy opened: what was asked for, and the port its own connection came from. */
export interface Tunnel {
  target: string;
  /** The local port of the proxy's connection to the target: the emulator sees it as the client's. */
  upstreamPort: number;
}

/**
 * An HTTP proxy that serves only `CONNECT` tunnels, as corporate proxies do for HTTPS: it sees the
 * host and port asked for, never what passes inside. Host names in `hosts` resolve only here, so a
 * request to one of them can only have come through the proxy.
 */
export class ConnectProxy {
  /** Every request head the proxy received, as text: all that a proxy's own log could hold. */
  readonly log: string[] = [];
  readonly tunnels: Tunnel[] = [];
  /** When set, tunnels (to `host` only, when it is given) are refused with this answer. */
  refuse: { status: number; reason: string; host?: string } | undefined;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  /** Starts the proxy on a free loopback port; `hosts` maps names only it resolves to addresses. */
  static async start(hosts: Record<string, string>): Promise<ConnectProxy> {
    const server = http.createServer((request, response) => {
      // A request sent in clear through the proxy: logged whole, as a proxy would log it.
      proxy.log.push(requestHead(request));
      response.writeHead(405, { "content-type": "text/plain" }).end("Only CONNECT is served.\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const proxy = new ConnectProxy(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    );
    server.on("connect", (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      proxy.log.push(requestHead(request));
      const [host = "", port = "443"] = (request.url ?? "").split(":");
      if (proxy.refuse && (proxy.refuse.host ?? host) === host) {
        const { status, reason } = proxy.refuse;
        const body = `${reason}: tunnels are not allowed by policy.\n`;
        client.end(
          `HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
        );
        return;
      }
      const upstream = net.connect(Number(port), hosts[host] ?? host, () => {
        proxy.tunnels.push({ target: request.url ?? "", upstreamPort: upstream.localPort ?? 0 });
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      const close = () => {
        upstream.destroy();
        client.destroy();
      };
      upstream.on("error", close);
      client.on("error", close);
    });
    return proxy;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A request's head as text: its request line and headers. */
function requestHead(request: http.IncomingMessage): string {
  return [
    `${request.method} ${request.url} HTTP/${request.httpVersion}`,
    ...pairs(request.rawHeaders),
  ].join("\n");
}

function pairs(raw: string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    lines.push(`${raw[i]}: ${raw[i + 1]}`);
  }
  return lines;
}
