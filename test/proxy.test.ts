import assert from "node:assert/strict";
import { lookup } from "node:dns/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Engine } from "./harness/engine";
import { ConnectProxy } from "./support/connectProxy";
import { readRange, useAzureEmulator } from "./support/useAzureEmulator";
import { withEnv } from "./support/withEnv";

const emulator = useAzureEmulator();
const quickstart = join(__dirname, "..", "examples", "quickstart");
/** The emulator's name in this test: no resolver knows it, only the proxy. */
const hiddenHost = "azure-emulator.test";
let proxy: ConnectProxy;

before(async () => {
  proxy = await ConnectProxy.start({ [hiddenHost]: "127.0.0.1" });
});
after(() => proxy.stop());

/** The environment of a pipeline behind the proxy that signs in with GitHub Actions' OpenID Connect. */
function behindProxy(host: string, noProxy?: string): Record<string, string | undefined> {
  const { port } = new URL(emulator().url);
  return {
    HTTPS_PROXY: proxy.url,
    NO_PROXY: noProxy,
    ARM_METADATA_HOSTNAME: `${host}:${port}`,
    ARM_CLIENT_SECRET: undefined,
    ARM_USE_OIDC: "true",
    ACTIONS_ID_TOKEN_REQUEST_URL: `https://${host}:${port}/_github/oidc/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator().identity.githubRequestToken,
  };
}

/** `up` then `destroy` of the quickstart in plugin processes started with `env`; the SAS and requests. */
async function lifecycle(env: Record<string, string | undefined>) {
  const before = emulator().requests.length;
  const tunnelsBefore = proxy.tunnels.length;
  const engine = new Engine(quickstart, "quickstart", {
    diskRestorePointId: emulator().diskRestorePointId(0),
  });
  const sas = await withEnv(env, async () => {
    const exports = await engine.up();
    await engine.destroy();
    return String(exports["accessSAS"]);
  });
  return {
    sas,
    engine,
    requests: emulator().requests.slice(before),
    tunnels: proxy.tunnels.slice(tunnelsBefore),
  };
}

describe("every request goes through the Azure SDK's pipeline, and so through HTTPS_PROXY", () => {
  it("with HTTPS_PROXY set, every request of a whole lifecycle passes through the proxy", async () => {
    await assert.rejects(lookup(hiddenHost), "only the proxy resolves the emulator's name");

    const { sas, requests, tunnels } = await lifecycle(behindProxy(hiddenHost));

    assert.equal((await readRange(sas, 0, 0)).status, 403, "destroy revoked the SAS");
    const { port } = new URL(emulator().url);
    assert.deepEqual([...new Set(tunnels.map((t) => t.target))], [`${hiddenHost}:${port}`]);
    const tunnelPorts = new Set(tunnels.map((t) => t.upstreamPort));
    const direct = requests.filter((r) => !tunnelPorts.has(r.remotePort));
    assert.deepEqual(direct, [], "requests that did not come through the proxy");
    const kinds = (path: string) =>
      path
        .replace(/^\/subscriptions\/.*\/(beginGetAccess|endGetAccess)$/, "$1")
        .replace(/^\/subscriptions\/.*\/DiskOperations\/.*$/, "status poll")
        .replace(
          /^\/[^/]+\/(oauth2\/v2\.0\/token|v2\.0\/\.well-known\/openid-configuration)$/,
          "$1",
        );
    assert.deepEqual([...new Set(requests.map((r) => kinds(r.path)))].sort(), [
      "/_github/oidc/token",
      "/metadata/endpoints",
      "beginGetAccess",
      "endGetAccess",
      "oauth2/v2.0/token",
      "status poll",
      "v2.0/.well-known/openid-configuration",
    ]);
  });

  it("the proxy sees only tunnels, also where HTTP_PROXY would take requests in clear: its log holds no token and no SAS", async () => {
    const logged = proxy.log.length;
    const { sas } = await lifecycle({ ...behindProxy(hiddenHost), HTTP_PROXY: proxy.url });
    const entries = proxy.log.slice(logged);
    assert.deepEqual(
      entries.filter((entry) => !entry.startsWith("CONNECT ")),
      [],
      "requests sent through the proxy in clear",
    );
    const log = entries.join("\n");
    const secrets = [
      emulator().identity.githubRequestToken,
      ...emulator().identity.issued,
      sas,
      new URL(sas).searchParams.get("sig")!,
    ];
    assert.ok(entries.length > 0);
    for (const secret of secrets) {
      assert.ok(!log.includes(secret), "a secret is in the proxy's log");
    }
    assert.match(log, /^CONNECT azure-emulator\.test:\d+ HTTP\/1\.1$/m);
  });

  it("with NO_PROXY naming the host, no request goes through the proxy", async () => {
    const { sas, tunnels, requests } = await lifecycle(behindProxy("127.0.0.1", "127.0.0.1"));
    assert.equal((await readRange(sas, 0, 0)).status, 403);
    assert.ok(requests.some((r) => r.path.endsWith("/beginGetAccess")));
    assert.deepEqual(tunnels, []);
  });

  it("a proxy that refuses the tunnel: the error says so, naming the proxy and the host", async () => {
    proxy.refuse = { status: 403, reason: "Forbidden" };
    try {
      const engine = new Engine(quickstart, "quickstart", {
        diskRestorePointId: emulator().diskRestorePointId(0),
      });
      const { port } = new URL(emulator().url);
      await assert.rejects(
        withEnv(behindProxy(hiddenHost), () => engine.up()),
        new RegExp(
          `The HTTP proxy ${proxy.url} \\(HTTPS_PROXY\\) refused the tunnel to ${hiddenHost}:${port}: HTTP 403 Forbidden\\. Let the proxy through to ${hiddenHost}:${port}, or name the host in NO_PROXY\\.`,
        ),
      );
      assert.deepEqual(engine.resources, []);
    } finally {
      proxy.refuse = undefined;
    }
  });

  it("a proxy that refuses only the tunnel to Entra ID: the sign-in fails saying so", async () => {
    const loginHost = `login.${hiddenHost}`;
    proxy.refuse = { status: 403, reason: "Forbidden", host: loginHost };
    try {
      const { port } = new URL(emulator().url);
      const engine = new Engine(quickstart, "quickstart", {
        diskRestorePointId: emulator().diskRestorePointId(0),
      });
      const env = {
        ...behindProxy(hiddenHost),
        AZURE_AUTHORITY_HOST: `https://${loginHost}:${port}`,
      };
      await assert.rejects(
        withEnv(env, () => engine.up()),
        new RegExp(
          `The HTTP proxy ${proxy.url} \\(HTTPS_PROXY\\) refused the tunnel to ${loginHost}:${port}: HTTP 403 Forbidden\\.`,
        ),
      );
      assert.deepEqual(engine.resources, []);
    } finally {
      proxy.refuse = undefined;
    }
  });
});
