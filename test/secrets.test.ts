import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cloudError } from "./emulator/http";
import { Engine } from "./harness/engine";
import { emulatorSecrets, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
const root = join(__dirname, "..");

describe("no secret in plain text in anything a user sees or stores", () => {
  it("a whole lifecycle of every kind through the plugin: state, __provider, plugin and program logs, errors and their stacks", async () => {
    const engine = new Engine(join(__dirname, "fixtures", "every-kind"), "every-kind", {
      ids: JSON.stringify({
        diskRestorePointId: emulator().diskRestorePointId(0),
        vmRestorePointId: emulator()
          .diskRestorePointId(0)
          .replace(/\/diskRestorePoints\/.*$/, ""),
        diskId: emulator().diskId("web01-datadisk2"),
        entraDiskId: emulator().diskId("entra-disk"),
        snapshotId: emulator().snapshotId("web01-osdisk-20261125"),
      }),
      durationInSeconds: "900",
    });
    const seen: string[] = [];
    const record = () => seen.push(engine.stateText(), JSON.stringify(engine.stackOutputs));

    await engine.up();
    record();
    engine.config["durationInSeconds"] = "1200";
    await engine.up();
    record();
    assert.equal(engine.steps.filter((s) => s.endsWith("(replace)")).length, 5);
    await engine.refresh();
    record();
    // Azure refuses each revoke once, quoting the SAS back in its message: every kind's delete
    // fails in turn, and each refused resource stays in state with its grant in force.
    for (const resource of [...engine.resources].reverse()) {
      const sas = emulator().storage.minted.at(-1)!;
      emulator().intercepts.push({
        method: "POST",
        path: /\/endGetAccess$/,
        times: 1,
        respond: () => cloudError(409, "Conflict", `The SAS ${sas} is in use.`),
      });
      const error = await engine.destroy().then(
        () => assert.fail("destroy should have failed"),
        (e: unknown) => e as Error,
      );
      assert.match(
        error.message,
        /HTTP 409 Conflict: The SAS https?:\/\/\S+sig=\*\*\* is in use\./,
      );
      assert.ok(engine.resources.includes(resource), `${resource.name} stays in state`);
      seen.push(error.message, String(error.stack));
    }
    assert.ok(emulator().resourceManager.activeGrants("web01-datadisk2") > 0, "still granted");
    await engine.destroy();
    assert.deepEqual(engine.resources, []);
    for (const name of ["web01-datadisk2", "entra-disk", "web01-osdisk-20261125"]) {
      assert.equal(emulator().resourceManager.activeGrants(name), 0, name);
    }
    record();
    seen.push(...engine.pluginLog, ...engine.programLog);

    const secrets = emulatorSecrets(emulator());
    assert.ok(emulator().storage.minted.length >= 12, "every kind minted its SAS, twice");
    for (const secret of secrets) {
      for (const text of seen) {
        assert.ok(!text.includes(secret), `a secret appears in: ${text.slice(0, 200)}`);
      }
    }
    // The disk that wants Entra ID besides its SAS says so in the program's log, once per grant.
    assert.equal(
      engine.programLog.filter((line) =>
        /^warning: .*The disk has dataAccessAuthMode AzureActiveDirectory: its SAS opens nothing without an Entra ID token of the reader's own/.test(
          line,
        ),
      ).length,
      2,
    );
  });

  it("the demo prints every SAS with its signature masked, and no credential", () => {
    const started = Date.now();
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

    // It grants for the hour README's quickstart states, and ends saying it worked and what next.
    const expiresAt = Date.parse(/^expiresAt: (\S+) /m.exec(demo.stdout)![1]!);
    const hour = 3_600_000;
    assert.ok(
      expiresAt >= started + hour && expiresAt <= Date.now() + hour,
      `granted for an hour: until ${new Date(expiresAt).toISOString()}`,
    );
    const lines = demo.stdout.trim().split("\n");
    assert.match(
      lines.at(-1)!,
      /^The SAS lifecycle worked: granted, read through, revoked, then refused\. Next: AZURE_DISK_SAS_TARGET=azure .* npm start runs it on Azure; .*$/,
    );
    assert.doesNotMatch(demo.stderr, /error/i, "no error shown on a run that worked");
  });

  it("the demo shows a failure once, as the engine reported it", () => {
    const demo = spawnSync(
      process.execPath,
      ["--import", "tsx", join(root, "scripts", "demo.ts")],
      {
        cwd: root,
        encoding: "utf8",
        env: {
          ...process.env,
          AZURE_DISK_SAS_TARGET: "azure",
          DISK_RESTORE_POINT_ID: emulator().diskRestorePointId(0),
          ARM_METADATA_HOSTNAME: "127.0.0.1:1",
        },
      },
    );
    assert.equal(demo.status, 1);
    const shown = (demo.stdout + demo.stderr).match(/Could not read the cloud's endpoints/g);
    assert.equal(shown?.length, 1, demo.stdout + demo.stderr);
    assert.doesNotMatch(demo.stdout, /lifecycle worked/);
  });
});
