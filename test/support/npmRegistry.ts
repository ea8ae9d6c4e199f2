import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** An npm registry that has published one package tarball, and serves npmjs's for the rest. */
export interface NpmRegistry {
  url: string;
  /** The paths npm asked for, in order. */
  requests: string[];
  stop(): Promise<void>;
}

/**
 * Starts a registry that serves `tarball` as `npm publish` would have published it (its
 * package.json as the version's manifest, with its integrity), and answers every other package's
 * metadata with registry.npmjs.org's. npm rewrites npmjs tarball URLs to the configured registry
 * (`replace-registry-host`): those are redirected to npmjs.
 */
export async function startNpmRegistry(tarball: string, port = 48_731): Promise<NpmRegistry> {
  const bytes = readFileSync(tarball);
  const manifest = JSON.parse(
    execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }),
  ) as { name: string; version: string };
  const { name, version } = manifest;
  const tarballPath = `/${name}/-/${name}-${version}.tgz`;
  const requests: string[] = [];
  // npm asks each installation's metadata afresh: asked once upstream, for every installation.
  const upstream = new Map<string, Promise<{ status: number; type: string; body: Buffer }>>();
  const server = createServer((request, response) => {
    const path = request.url ?? "/";
    requests.push(path);
    if (path === `/${name}`) {
      const dist = {
        tarball: `${url}${tarballPath}`,
        integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
        shasum: createHash("sha1").update(bytes).digest("hex"),
      };
      response.setHeader("content-type", "application/json");
      // Never from npm's cache: the release is the one packed for this run.
      response.setHeader("cache-control", "no-store");
      response.end(
        JSON.stringify({
          name,
          "dist-tags": { latest: version },
          versions: { [version]: { ...manifest, _id: `${name}@${version}`, dist } },
        }),
      );
    } else if (path === tarballPath) {
      response.setHeader("content-type", "application/octet-stream");
      response.end(bytes);
    } else if (path.endsWith(".tgz")) {
      response.writeHead(302, { location: `https://registry.npmjs.org${path}` });
      response.end();
    } else {
      const accept = request.headers.accept ?? "application/json";
      const key = `${accept} ${path}`;
      let answer = upstream.get(key);
      if (!answer) {
        answer = fetchUpstream(path, accept);
        upstream.set(key, answer);
      }
      answer.then(
        ({ status, type, body }) => {
          response.writeHead(status, { "content-type": type });
          response.end(body);
        },
        (error: Error) => {
          upstream.delete(key);
          response.writeHead(502, { "content-type": "text/plain" });
          response.end(error.message);
        },
      );
    }
  });
  // A fixed port when free, so that npm's cache (keyed by URL) serves the next run's metadata.
  await new Promise<void>((resolve) => {
    server.once("error", () => server.listen(0, "127.0.0.1", resolve));
    server.listen(port, "127.0.0.1", resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A metadata document of registry.npmjs.org, as npm asked for it. */
async function fetchUpstream(path: string, accept: string) {
  const answer = await fetch(`https://registry.npmjs.org${path}`, { headers: { accept } });
  return {
    status: answer.status,
    type: answer.headers.get("content-type") ?? "application/json",
    body: Buffer.from(await answer.arrayBuffer()),
  };
}
