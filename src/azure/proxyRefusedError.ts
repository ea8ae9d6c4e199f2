/** An HTTP proxy (`HTTPS_PROXY`) that answered the tunnel to a host with anything but 200. */
export class ProxyRefusedError extends Error {
  override readonly name = "ProxyRefusedError" as const;

  /**
   * @param proxy the proxy's origin, without any credentials of its URL.
   * @param target the `host:port` the tunnel was asked for.
   */
  constructor(
    readonly proxy: string,
    readonly target: string,
    readonly statusCode: number,
    statusText: string,
  ) {
    super(
      `The HTTP proxy ${proxy} (HTTPS_PROXY) refused the tunnel to ${target}: HTTP ${statusCode} ${statusText}. Let the proxy through to ${target}, or name the host in NO_PROXY.`,
    );
  }
}
