import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { parseArmId } from "../src/armId";
import { grantAccess, readAccessState, revokeAccess } from "../src/azure/access";
import { accessTarget, accessTargetPaths, type AccessTargetType } from "../src/azure/accessTarget";
import { createComputeClient, loadCompute } from "../src/azure/computeClient";
import { readAzureSettings } from "../src/azure/settings";
import { readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();

describe("the Compute client", () => {
  it("finds the installed @azure/arm-compute's operations of every target on their own", () => {
    const apiDir = join(
      dirname(require.resolve("@azure/arm-compute/package.json")),
      "dist/commonjs/api",
    );
    for (const group of ["diskRestorePoint", "disks", "snapshots"]) {
      assert.ok(
        existsSync(join(apiDir, group, "index.js")),
        `@azure/arm-compute moved its ${group} operations: the provider falls back to the whole client`,
      );
    }
  });

  const targets: [AccessTargetType, () => string][] = [
    ["diskRestorePoint", () => emulator().diskRestorePointId(0)],
    ["disk", () => emulator().diskId("web01-datadisk2")],
    ["snapshot", () => emulator().snapshotId("web01-osdisk-20261125")],
  ];
  for (const [type, id] of targets) {
    it(`sends the same requests for a ${type} through the modular operations as through the whole client`, async () => {
      const target = accessTarget(type, parseArmId(accessTargetPaths[type], id())!);
      const settings = readAzureSettings(() => undefined);
      const sent: string[][] = [];
      for (const connect of [loadCompute(), loadCompute("/nowhere")]) {
        const since = emulator().requests.length;
        const client = await createComputeClient(settings, target.subscriptionId, connect);

        assert.equal(
          await readAccessState(client, target),
          type === "diskRestorePoint" ? "live" : "idle",
        );
        const sas = await grantAccess(client, target, { access: "Read", durationInSeconds: 60 });
        assert.equal((await readRange(sas.accessSAS!, 0, 4)).status, 206);
        assert.equal(await readAccessState(client, target), "live");
        assert.equal(await revokeAccess(client, target), "revoked");
        assert.equal((await readRange(sas.accessSAS!, 0, 4)).status, 403);

        sent.push(
          emulator()
            .requests.slice(since)
            .filter(
              (r) => r.path.startsWith("/subscriptions/") && !r.path.includes("/DiskOperations/"),
            )
            .map((r) => `${r.method} ${r.path}?api-version=${r.query["api-version"]} ${r.body}`)
            // A disk's read beside its grant may go out before or after the grant.
            .sort(),
        );
      }
      assert.deepEqual(sent[0], sent[1]);
      assert.equal(sent[0]!.filter((r) => r.startsWith("POST")).length, 2);
    });
  }
});
