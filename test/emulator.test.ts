import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emulatorAudience } from "./emulator";
import { userAgentPrefix } from "../src/azure/userAgent";
import { useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
/** The user agent the emulator expects: this package's, ahead of a client's own. */
const userAgent = { "user-agent": `${userAgentPrefix} emulator-test` };

async function token(): Promise<string> {
  const { tenantId, clientId, clientSecret } = emulator().principal;
  const response = await fetch(`${emulator().url}/${tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: userAgent,
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      scope: `${emulatorAudience}/.default`,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The parts of the emulator's answers that these tests read. */
interface Answer {
  resourceManager?: string;
  authentication?: { audiences: string[] };
  error?: { code: string };
  properties?: { logicalSectorSize: number; securityProfile?: { securityType: string } };
  value?: Answer[];
  name?: string;
}

async function get(
  path: string,
  bearer?: string,
): Promise<{ status: number; body: Answer; requestId: string | null }> {
  const response = await fetch(`${emulator().url}${path}`, {
    headers: { ...userAgent, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
  });
  return {
    status: response.status,
    body: (await response.json()) as Answer,
    requestId: response.headers.get("x-ms-request-id"),
  };
}

describe("the Azure emulator behaves as Azure does for what the provider calls", () => {
  it("describes the cloud as one object from api-version 2022-09-01, as an array of clouds before", async () => {
    const current = await get("/metadata/endpoints?api-version=2022-09-01");
    assert.equal(current.body.resourceManager, `${emulator().url}/`);
    assert.deepEqual(current.body.authentication?.audiences[0], emulatorAudience);
    const older = await get("/metadata/endpoints?api-version=2019-05-01");
    assert.ok(Array.isArray(older.body));
  });

  it("refuses Resource Manager requests without a valid bearer token", async () => {
    const path = `${emulator().diskRestorePointId(0)}?api-version=2025-01-02`;
    const missing = await get(path);
    assert.equal(missing.status, 401);
    assert.equal(missing.body.error?.code, "AuthenticationFailed");
    assert.equal((await get(path, "forged")).body.error?.code, "InvalidAuthenticationToken");
    assert.equal((await get(path, await token())).status, 200);
  });

  it("checks the api-version: 2024-03-02 and 2025-01-02 are served, others refused as Azure refuses them", async () => {
    const bearer = await token();
    const id = emulator().diskRestorePointId(1);
    for (const version of ["2024-03-02", "2025-01-02"]) {
      const answer = await get(`${id}?api-version=${version}`, bearer);
      assert.equal(answer.body.properties?.logicalSectorSize, 4096, version);
    }
    const refused = await get(`${id}?api-version=2019-07-01`, bearer);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error?.code, "NoRegisteredProviderFound");
    assert.equal((await get(id, bearer)).body.error?.code, "MissingApiVersionParameter");
  });

  it("lists the VM restore point's disk restore points, one with a security profile", async () => {
    const f = emulator().fixture;
    const list = await get(
      `${emulator()
        .diskRestorePointId(0)
        .replace(/\/[^/]+$/, "")}?api-version=2025-01-02`,
      await token(),
    );
    assert.deepEqual(
      list.body.value?.map((d) => [
        d.name,
        d.properties?.logicalSectorSize,
        d.properties?.securityProfile?.securityType ?? null,
      ]),
      [
        [f.disks[0]!.name, 512, "ConfidentialVM_VMGuestStateOnlyEncryptedWithPlatformKey"],
        [f.disks[1]!.name, 4096, null],
      ],
    );
    assert.match(list.requestId ?? "", /^[0-9a-f-]{36}$/);
  });

  it("refuses a wrong client secret with Entra's error", async () => {
    const { tenantId, clientId } = emulator().principal;
    const response = await fetch(`${emulator().url}/${tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      headers: userAgent,
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: clientId,
        client_secret: "nope",
        scope: `${emulatorAudience}/.default`,
      }),
    });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: string }).error, "invalid_client");
  });

  it("refuses any request without this package's user agent ahead of the client's own", async () => {
    for (const agent of [undefined, "azsdk-js-arm-compute/24.1.0", userAgentPrefix]) {
      const response = await fetch(`${emulator().url}/metadata/endpoints?api-version=2022-09-01`, {
        headers: agent === undefined ? {} : { "user-agent": agent },
      });
      assert.equal(response.status, 400, String(agent));
      assert.equal(
        ((await response.json()) as Answer).error?.code,
        "UserAgentNotRecognized",
        String(agent),
      );
    }
  });
});
