import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { knownClouds, resolveCloud } from "../src/azure/cloud";
import * as diskRestorePoint from "../src/providers/diskRestorePoint";
import * as provider from "../src/providers/diskRestorePoint";
import * as managedDisk from "../src/providers/managedDisk";
import * as snapshot from "../src/providers/snapshot";
import { Engine } from "./harness/engine";
import { grant } from "./support/grant";
import { withEnv } from "./support/withEnv";
import { readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();

/** Environment without the client secret the emulator's own settings sign in with. */
const noSecret = { ARM_CLIENT_SECRET: undefined };

/** Grants and revokes through the provider; returns the paths the emulator saw meanwhile. */
async function lifecycle(): Promise<string[]> {
  const before = emulator().requests.length;
  const { id, outs } = await grant({
    diskRestorePointId: emulator().diskRestorePointId(0),
    access: "Read",
    durationInSeconds: 300,
  });
  assert.equal((await readRange(outs.accessSAS, 0, 4)).status, 206);
  await provider.delete(id, outs);
  assert.equal((await readRange(outs.accessSAS, 0, 4)).status, 403);
  return emulator()
    .requests.slice(before)
    .map((r) => r.path);
}

describe("sign-in failures say what to do", () => {
  it("no credential at all: pulumi up says what the provider looked for and what each source said", async () => {
    // In a plugin process of its own, as pulumi up runs it: MSAL remembers for the life of a
    // process which managed identity endpoint it found, so this must not share one with the flows.
    const engine = new Engine(join(__dirname, "..", "examples", "quickstart"), "quickstart", {
      diskRestorePointId: emulator().diskRestorePointId(0),
    });
    const env = {
      ARM_CLIENT_ID: undefined,
      ARM_CLIENT_SECRET: undefined,
      ARM_TENANT_ID: undefined,
      // No Azure CLI, azd or PowerShell profile here, and no instance metadata service.
      PATH: "/nonexistent",
      AZURE_CONFIG_DIR: mkdtempSync(join(tmpdir(), "no-cli-")),
    };
    await assert.rejects(
      withEnv(env, () => engine.up()),
      /No Azure credential worked\. The provider looked, in order, for a client secret \(clientId, clientSecret and tenantId\), OpenID Connect \(useOidc \/ ARM_USE_OIDC\), a managed identity \(useMsi \/ ARM_USE_MSI\), then DefaultAzureCredential: .*EnvironmentCredential/s,
    );
    assert.deepEqual(engine.resources, []);
  });

  it("OpenID Connect without any federated token names every source it looked for", async () => {
    const error = await withEnv({ ...noSecret, ARM_USE_OIDC: "true" }, () =>
      provider.create({
        diskRestorePointId: emulator().diskRestorePointId(0),
        access: "Read",
        durationInSeconds: 300,
      }),
    ).then(
      () => assert.fail("create should have failed"),
      (e: unknown) => e as Error,
    );
    assert.match(
      error.message,
      /OpenID Connect is on \(useOidc \/ ARM_USE_OIDC\) but no federated token was found: set ARM_OIDC_TOKEN or ARM_OIDC_TOKEN_FILE_PATH, or run in GitHub Actions/,
    );
  });

  it("a federated token Entra ID does not trust is refused with Entra's reason", async () => {
    const error = await withEnv(
      { ...noSecret, ARM_USE_OIDC: "true", ARM_OIDC_TOKEN: "e30.e30.forged" },
      () =>
        provider.create({
          diskRestorePointId: emulator().diskRestorePointId(0),
          access: "Read",
          durationInSeconds: 300,
        }),
    ).then(
      () => assert.fail("create should have failed"),
      (e: unknown) => e as Error,
    );
    assert.match(error.message, /AADSTS70021: No matching federated identity record found/);
    assert.doesNotMatch(error.message, /forged/);
  });
});

describe("each way pipelines sign in runs the whole lifecycle", () => {
  it("a client secret", async () => {
    const paths = await lifecycle();
    assert.ok(paths.some((p) => p.endsWith("/oauth2/v2.0/token")));
  });

  it("OpenID Connect with the federated token in ARM_OIDC_TOKEN", async () => {
    const env = {
      ...noSecret,
      ARM_USE_OIDC: "true",
      ARM_OIDC_TOKEN: emulator().identity.mintFederatedToken(),
    };
    await withEnv(env, lifecycle);
  });

  it("OpenID Connect with the federated token in a file (ARM_OIDC_TOKEN_FILE_PATH)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "oidc-")), "token");
    writeFileSync(file, emulator().identity.mintFederatedToken());
    await withEnv({ ...noSecret, ARM_USE_OIDC: "true", ARM_OIDC_TOKEN_FILE_PATH: file }, lifecycle);
  });

  it("OpenID Connect in GitHub Actions: the job's ID token request", async () => {
    const env = {
      ...noSecret,
      ARM_USE_OIDC: "true",
      ACTIONS_ID_TOKEN_REQUEST_URL: `${emulator().url}/_github/oidc/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator().identity.githubRequestToken,
    };
    const paths = await withEnv(env, lifecycle);
    // Fetched afresh at every sign-in (MSAL asks for the assertion more than once per sign-in).
    assert.ok(paths.filter((p) => p === "/_github/oidc/token").length >= 2);
  });

  for (const requestUrl of ["SYSTEM_OIDCREQUESTURI", "ARM_OIDC_REQUEST_URL"]) {
    it(`OpenID Connect in Azure Pipelines: the service connection's token request at ${requestUrl}`, async () => {
      const env = {
        ...noSecret,
        ARM_USE_OIDC: "true",
        [requestUrl]: `${emulator().url}/_ado/oidctoken`,
        SYSTEM_ACCESSTOKEN: emulator().identity.adoRequestToken,
        ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID: emulator().identity.adoServiceConnectionId,
      };
      const before = emulator().requests.length;
      await withEnv(env, lifecycle);
      const tokenRequests = emulator()
        .requests.slice(before)
        .filter((r) => r.path === "/_ado/oidctoken");
      // Fetched afresh at every sign-in: the grant's and the revoke's.
      assert.ok(tokenRequests.length >= 2, `${tokenRequests.length} token requests`);
      // Azure Pipelines' own variable is served by @azure/identity's AzurePipelinesCredential;
      // another URL by the provider's own request. Both go through the SDK's pipeline.
      const byIdentity = requestUrl === "SYSTEM_OIDCREQUESTURI";
      for (const request of tokenRequests) {
        assert.equal(
          request.userAgent.includes(" azsdk-js-identity/"),
          byIdentity,
          request.userAgent,
        );
      }
    });
  }

  it("workload identity (AZURE_FEDERATED_TOKEN_FILE) through DefaultAzureCredential", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "workload-")), "token");
    writeFileSync(
      file,
      emulator().identity.mintFederatedToken("system:serviceaccount:ci:exporter"),
    );
    const { clientId, tenantId } = emulator().principal;
    const env = {
      ...noSecret,
      ARM_CLIENT_ID: undefined,
      ARM_TENANT_ID: undefined,
      AZURE_CLIENT_ID: clientId,
      AZURE_TENANT_ID: tenantId,
      AZURE_FEDERATED_TOKEN_FILE: file,
    };
    await withEnv(env, lifecycle);
  });

  it("an App Service user-assigned managed identity (ARM_USE_MSI, ARM_CLIENT_ID, IDENTITY_ENDPOINT and IDENTITY_HEADER)", async () => {
    // User-assigned (ARM_CLIENT_ID): MSAL keeps its token for the process under that client id, out
    // of the way of the system-assigned identity the default chain would try.
    const env = {
      ...noSecret,
      ARM_USE_MSI: "true",
      IDENTITY_ENDPOINT: `${emulator().url}/_msi/token`,
      IDENTITY_HEADER: emulator().identity.identityHeader,
    };
    const paths = await withEnv(env, lifecycle);
    // MSAL keeps a managed identity's token for the process: the revoke reuses the grant's.
    assert.equal(paths.filter((p) => p === "/_msi/token").length, 1);
    assert.ok(!paths.some((p) => p.endsWith("/oauth2/v2.0/token")), "no client credentials flow");
  });
});

describe("the least-privilege role of examples/pipelines", () => {
  const role = JSON.parse(
    readFileSync(
      join(__dirname, "..", "examples", "pipelines", "disk-sas-access.role.json"),
      "utf8",
    ),
  ) as { Actions: string[] };
  /** Every kind of target, with its provider and inputs. */
  const kinds = () => [
    {
      provider: diskRestorePoint,
      inputs: { diskRestorePointId: emulator().diskRestorePointId(0) },
    },
    { provider: managedDisk, inputs: { diskId: emulator().diskId("web01-datadisk2") } },
    {
      provider: snapshot,
      inputs: { snapshotId: emulator().snapshotId("web01-osdisk-20261125") },
    },
  ];
  const settings = { access: "Read", durationInSeconds: 300 };

  it("is enough for create, refresh and delete of every kind", async () => {
    emulator().roles.actions = role.Actions;
    for (const { provider, inputs } of kinds()) {
      const { id, outs } = await provider.create({ ...inputs, ...settings });
      assert.deepEqual(await provider.read(id, outs!), { id, props: outs });
      await provider.delete(id, outs!);
      assert.equal((await readRange(String(outs!.accessSAS), 0, 4)).status, 403);
    }
  });

  it("holds nothing to spare: without any one action, a step that needs it is refused", async () => {
    const refusals: string[] = [];
    for (const missing of role.Actions) {
      refused: for (const { provider, inputs } of kinds()) {
        emulator().roles.actions = undefined;
        const granted = await provider.create({ ...inputs, ...settings });
        emulator().roles.actions = role.Actions.filter((a) => a !== missing);
        const steps = [
          () => provider.read(granted.id, granted.outs!),
          () => provider.delete(granted.id, granted.outs!),
          () => provider.create({ ...inputs, ...settings }),
        ];
        try {
          for (const step of steps) {
            const error = await step().then(
              () => undefined,
              (e: unknown) => e as Error,
            );
            if (error) {
              assert.match(error.message, /HTTP 403 AuthorizationFailed: The client '[-0-9a-f]+'/);
              refusals.push(/perform action '([^']+)'/.exec(error.message)![1]!);
              break refused;
            }
          }
        } finally {
          emulator().roles.actions = undefined;
          await provider.delete(granted.id, granted.outs!);
        }
      }
    }
    assert.deepEqual(refusals, role.Actions);
  });
});

describe("api-version and clouds", () => {
  it("AZURE_DISK_SAS_API_VERSION pins the grant and revoke to the reference's 2024-03-02", async () => {
    const before = emulator().requests.length;
    await withEnv({ AZURE_DISK_SAS_API_VERSION: "2024-03-02" }, lifecycle);
    const actions = emulator()
      .requests.slice(before)
      .filter((r) => /\/(begin|end)GetAccess$/.test(r.path))
      .map((r) => r.query["api-version"]);
    assert.deepEqual(actions, ["2024-03-02", "2024-03-02"]);
  });

  it("an api-version that is not a date is refused before any call", async () => {
    const before = emulator().requests.length;
    await assert.rejects(
      withEnv({ AZURE_DISK_SAS_API_VERSION: "latest" }, lifecycle),
      /The api-version "latest" \(azure-disk-sas:apiVersion \/ AZURE_DISK_SAS_API_VERSION\) is not one: use a date such as 2024-03-02/,
    );
    assert.equal(
      emulator()
        .requests.slice(before)
        .filter((r) => r.path.startsWith("/subscriptions/")).length,
      0,
    );
  });

  it("AZURE_AUTHORITY_HOST wins over the cloud's login endpoint", async () => {
    const { port } = new URL(emulator().url);
    const before = emulator().requests.length;
    await withEnv({ AZURE_AUTHORITY_HOST: `https://localhost:${port}` }, lifecycle);
    const hosts = (kind: (path: string) => boolean) => [
      ...new Set(
        emulator()
          .requests.slice(before)
          .filter((r) => kind(r.path))
          .map((r) => r.host),
      ),
    ];
    assert.deepEqual(
      hosts((p) => p.endsWith("/oauth2/v2.0/token")),
      [`localhost:${port}`],
    );
    assert.deepEqual(
      hosts((p) => p.startsWith("/subscriptions/")),
      [`127.0.0.1:${port}`],
    );
  });

  it("environment names the public, US Government and China clouds, as azure-native does", async () => {
    const endpoints = await Promise.all(
      ["public", "usgovernment", "china"].map(async (environment) => {
        const cloud = await resolveCloud({ environment });
        return [cloud.resourceManager, cloud.loginEndpoint, cloud.audience];
      }),
    );
    assert.deepEqual(endpoints, [
      [
        "https://management.azure.com",
        "https://login.microsoftonline.com",
        "https://management.azure.com",
      ],
      [
        "https://management.usgovcloudapi.net",
        "https://login.microsoftonline.us",
        "https://management.usgovcloudapi.net",
      ],
      [
        "https://management.chinacloudapi.cn",
        "https://login.chinacloudapi.cn",
        "https://management.chinacloudapi.cn",
      ],
    ]);
    assert.equal(await resolveCloud({}), knownClouds["public"]);
    await assert.rejects(
      resolveCloud({ environment: "german" }),
      /Unknown Azure environment "german" \(azure-native:environment, azure-disk-sas:environment for the provider plugin, or ARM_ENVIRONMENT\): use public, usgovernment, china, or a custom cloud's metadata host/,
    );
  });
});
