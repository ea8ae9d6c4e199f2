import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cloudError } from "./emulator/http";
import { Engine } from "./harness/engine";
import { readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
const root = join(__dirname, "..");

describe("no secret in plain text in anything a user sees or stores", () => {
  it("a whole lifecycle through the plugin: state, __provider, plugin log, errors and their stacks", async () => {
    const engine = new Engine(join(root, "examples", "quickstart"), "quickstart", {
      diskRestorePointId: emulator().diskRestorePointId(0),
      durationInSeconds: "900",
    });
    const minted: string[] = [];
    const seen: string[] = [];
    const record = () => seen.push(engine.stateText(), JSON.stringify(engine.stackOutputs));

    minted.push(String((await engine.up())["accessSAS"]));
    record();
    engine.config["durationInSeconds"] = "1200";
    minted.push(String((await engine.up())["accessSAS"]));
    record();
    await engine.refresh();
    record();
    // Azure refuses the revoke, quoting the SAS back in its message.
    emulator().intercepts.push({
      method: "POST",
      path: /\/endGetAccess$/,
      times: 1,
      respond: () => cloudError(409, "Conflict", `The SAS ${minted[1]} is in use.`),
    });
    const error = await engine.destroy().then(
      () => assert.fail("destroy should have failed"),
      (e: unknown) => e as Error,
    );
    assert.match(error.message, /HTTP 409 Conflict: The SAS https?:\/\/\S+sig=\*\*\* is in use\./);
    seen.push(error.message, String(error.stack));
    // The refused revoke leaves the resource in state, its SAS still open, for the next destroy.
    assert.deepEqual(
      engine.resources.map((r) => r.id),
      [emulator().diskRestorePointId(0)],
    );
    assert.equal((await readRange(minted[1]!, 0, 0)).status, 206);
    await engine.destroy();
    assert.deepEqual(engine.resources, []);
    assert.equal((await readRange(minted[1]!, 0, 0)).status, 403);
    record();
    seen.push(...engine.pluginLog);

    assert.equal(new Set(minted).size, 2);
    const secrets = [
      emulator().principal.clientSecret,
      ...minted.flatMap((url) => {
        const signature = new URL(url).searchParams.get("sig")!;
        return [url, signature, encodeURIComponent(signature)];
      }),
    ];
    for (const secret of secrets) {
      for (const text of seen) {
        assert.ok(!text.includes(secret), `a secret appears in: ${text.slice(0, 200)}`);
      }
    }
  });

  it("the demo prints every SAS with its signature masked, and no credential", () => {
    const demo = spawnSync(
      process.execPath,
      ["--import", "tsx", join(root, "scripts", "demo.ts")],
      {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, AZURE_DISK_SAS_TARGET: "" },
      },
    );
    const output = demo.stdout + demo.stderr;
    assert.equal(demo.status, 0, output);
    assert.match(output, /accessSAS \(secret, signature masked\): https?:\/\/\S+&sig=\*\*\*/);
    assert.doesNotMatch(output, /sig=(?!\*\*\*)/);
    assert.doesNotMatch(output, /emulator-secret-/);
  });
});
