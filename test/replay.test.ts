import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import * as provider from "../src/providers/diskRestorePoint";
import { grant } from "./support/grant";
import { diskImage, type AzureFixture } from "./emulator/fixture";
import { supportedApiVersions } from "./emulator/resourceManager";
import { postedActions, useAzureEmulator } from "./support/useAzureEmulator";

/** One of the REST reference's published examples (Azure/azure-rest-api-specs, 2024-03-02). */
interface SpecExample {
  parameters: Record<string, unknown> & { grantAccessData?: Record<string, unknown> };
  responses: Record<string, { body?: Record<string, unknown>; headers?: Record<string, string> }>;
}
const example = (name: string) =>
  JSON.parse(
    readFileSync(join(__dirname, "fixtures", "azure-spec", "2024-03-02", `${name}.json`), "utf8"),
  ) as SpecExample;

const beginGetAccess = example("DiskRestorePoint_BeginGetAccess");
const endGetAccess = example("DiskRestorePoint_EndGetAccess");
const get = example("DiskRestorePoint_Get");

// The examples name their subscription "{subscription-id}"; a real request needs a GUID in its place.
const subscriptionId = "0b6ab9c1-7e8d-4f3a-9a2b-5c6d7e8f9a0b";
const p = beginGetAccess.parameters as Record<string, string>;
const fixture: AzureFixture = {
  subscriptionId,
  resourceGroupName: p["resourceGroupName"]!,
  location: "westus",
  restorePointCollectionName: p["restorePointCollectionName"]!,
  vmName: "myVM",
  vmRestorePointName: p["vmRestorePointName"]!,
  disks: [
    {
      name: p["diskRestorePointName"]!,
      diskName: "TestDisk45ceb03433006d1baee0",
      logicalSectorSize: 4096,
      bytes: diskImage("TestDisk"),
    },
  ],
};
const diskRestorePointId = (get.responses["200"]!.body!["id"] as string).replace(
  "{subscription-id}",
  subscriptionId,
);
const examplePath = `/subscriptions/${subscriptionId}/resourceGroups/${p["resourceGroupName"]}/providers/Microsoft.Compute/restorePointCollections/${p["restorePointCollectionName"]}/restorePoints/${p["vmRestorePointName"]}/diskRestorePoints/${p["diskRestorePointName"]}`;

const emulator = useAzureEmulator(fixture);

/** Serves an example's response to the next request that matches, recording nothing else. */
function replay(
  method: string,
  path: RegExp,
  status: number,
  body?: unknown,
  headers?: Record<string, string>,
) {
  emulator().intercepts.push({
    method,
    path,
    times: 1,
    respond: () => ({ status, ...(body ? { body } : {}), ...(headers ? { headers } : {}) }),
  });
}

/** The example's `Location` is a template (its query joined with `&`); this is the URL it stands for. */
function exampleLocation(): { url: string; path: string } {
  const template = beginGetAccess.responses["202"]!.headers!["Location"]!;
  const path = new URL(
    template
      .replace("{subscriptionId}", subscriptionId)
      .replace("{location}", "westus")
      .replace("{operationId}", "9d4c6a1e-0f7b-4b8e-a1c2-3d4e5f6a7b8c")
      .split("&")[0]!,
  ).pathname;
  return { url: `${emulator().url}${path}?monitor=true&api-version=${p["api-version"]}`, path };
}

describe("replaying the REST reference's published examples", () => {
  it("the example's inputs produce the example's request, and create returns exactly its accessSAS (200)", async () => {
    const before = emulator().requests.length;
    replay("POST", /\/beginGetAccess$/, 200, beginGetAccess.responses["200"]!.body);

    const { id, outs } = await grant({
      diskRestorePointId,
      ...(beginGetAccess.parameters.grantAccessData as {
        access: "Read";
        durationInSeconds: number;
        fileFormat: "VHDX";
      }),
    });

    const request = emulator()
      .requests.slice(before)
      .find((r) => r.method === "POST" && r.path.startsWith("/subscriptions/"))!;
    assert.equal(request.path, `${examplePath}/beginGetAccess`);
    assert.deepEqual(JSON.parse(request.body), beginGetAccess.parameters.grantAccessData);
    assert.ok(
      supportedApiVersions.includes(request.query["api-version"]!),
      request.query["api-version"],
    );
    assert.equal(outs.accessSAS, beginGetAccess.responses["200"]!.body!["accessSAS"]);
    assert.equal(id, diskRestorePointId);
  });

  it("create follows the example's 202 Location to the same accessSAS", async () => {
    const location = exampleLocation();
    replay("POST", /\/beginGetAccess$/, 202, undefined, {
      location: location.url,
      "retry-after": "1",
    });
    replay("GET", new RegExp(`^${location.path}$`), 200, beginGetAccess.responses["200"]!.body);
    const before = emulator().requests.length;

    const { outs } = await grant({
      diskRestorePointId,
      access: "Read",
      durationInSeconds: 300,
      fileFormat: "VHDX",
    });

    assert.equal(outs.accessSAS, beginGetAccess.responses["200"]!.body!["accessSAS"]);
    assert.deepEqual(
      emulator()
        .requests.slice(before)
        .filter((r) => !r.path.includes("oauth2") && !r.path.includes("openid"))
        .map((r) => `${r.method} ${r.path}`),
      [`POST ${examplePath}/beginGetAccess`, `GET ${location.path}`],
    );
  });

  it("delete revokes with the example's request, answered 200 or 202", async () => {
    const outputs = {
      diskRestorePointId,
      access: "Read" as const,
      durationInSeconds: 300,
      accessSAS: "x",
      grantedAt: "",
      expiresAt: "",
    };
    for (const status of ["200", "202"]) {
      const before = emulator().requests.length;
      const location = exampleLocation();
      replay(
        "POST",
        /\/endGetAccess$/,
        Number(status),
        endGetAccess.responses[status]!.body,
        status === "202" ? { location: location.url } : undefined,
      );
      if (status === "202") {
        replay("GET", new RegExp(`^${location.path}$`), 200);
      }
      await provider.delete(diskRestorePointId, outputs);
      assert.deepEqual(postedActions(emulator(), before), ["endGetAccess"]);
      assert.equal(
        emulator()
          .requests.slice(before)
          .find((r) => r.method === "POST" && r.path.startsWith("/subscriptions/"))!.path,
        `${examplePath}/endGetAccess`,
      );
    }
  });

  it("refresh reads the disk restore point the Get example describes", async () => {
    replay("GET", new RegExp(`^${examplePath}$`), 200, {
      ...get.responses["200"]!.body,
      id: diskRestorePointId,
    });
    const outputs = {
      diskRestorePointId,
      access: "Read" as const,
      durationInSeconds: 300,
      accessSAS: "x",
      grantedAt: "",
      expiresAt: "",
    };
    assert.deepEqual(await provider.read(diskRestorePointId, outputs), {
      id: diskRestorePointId,
      props: outputs,
    });
    assert.equal(emulator().intercepts.length, 0);
  });
});
