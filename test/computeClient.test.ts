import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { createComputeClient, loadCompute } from "../src/azure/computeClient";
import { parseArmId } from "../src/armId";
import { grantAccess, readAccessState, revokeAccess } from "../src/azure/access";
import { accessTarget, accessTargetPaths } from "../src/azure/accessTarget";
import { readAzureSettings } from "../src/azure/settings";
import { readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();

describe("the Compute client", () => {
  it("finds the installed @azure/arm-compute's disk restore point operations on their own", () => {
    const packageDir = dirname(require.resolve("@azure/arm-compute/package.json"));
    assert.ok(
      existsSync(join(packageDir, "dist/commonjs/api/diskRestorePoint/index.js")),
      "@azure/arm-compute moved its modular operations: the provider falls back to the whole client",
    );
  });

  it("sends the same requests through the modular operations as through the whole client", async () => {
    const target = accessTarget(
      "diskRestorePoint",
      parseArmId(accessTargetPaths.diskRestorePoint, emulator().diskRestorePointId(0))!,
    );
    const settings = readAzureSettings(() => undefined);
    const sent: string[][] = [];
    for (const connect of [loadCompute(), loadCompute("/nowhere")]) {
      const since = emulator().requests.length;
      const client = await createComputeClient(settings, target.subscriptionId, connect);

      assert.equal(await readAccessState(client, target), "live");
      const sas = await grantAccess(client, target, { access: "Read", durationInSeconds: 60 });
      assert.equal((await readRange(sas.accessSAS!, 0, 4)).status, 206);
      assert.equal(await revokeAccess(client, target), "revoked");
      assert.equal((await readRange(sas.accessSAS!, 0, 4)).status, 403);

      sent.push(
        emulator()
          .requests.slice(since)
          .filter((r) => r.path.includes("/diskRestorePoints/"))
          .map((r) => `${r.method} ${r.path}?api-version=${r.query["api-version"]} ${r.body}`),
      );
    }
    assert.deepEqual(sent[0], sent[1]);
    assert.equal(sent[0]!.filter((r) => r.startsWith("POST")).length, 2);
  });
});
