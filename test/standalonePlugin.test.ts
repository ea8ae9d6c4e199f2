import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  packagePlugin,
  pluginExecutableName,
  pluginTarballName,
  pulumiPlatform,
} from "../scripts/package-plugin";
import { smokePlugin } from "../scripts/smoke-plugin";
import { packageVersion } from "../src/packageInfo";
import { reveal } from "../src/plugin/wireSecrets";
import { copyFixture } from "./emulator/fixture";
import { isWireSecret } from "./harness/stateSecrets";
import { pluginUrn, startProviderPlugin, type ProviderPlugin } from "./harness/providerPlugin";
import { pluginConfiguration, pluginEnvironment } from "./support/pluginSettings";
import { readRange } from "./support/readRange";
import { emulatorSecrets, postedActions, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator(copyFixture());
const root = join(__dirname, "..");
const work = mkdtempSync(join(tmpdir(), "standalone-plugin-"));
const snapshotName = "web01-datadisk2-20261201";

describe("the plugin as one executable (npm run package-plugin), run where there is no Node.js", () => {
  let tarball: string;
  let entries: string[];
  let plugin: ProviderPlugin;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    tarball = packagePlugin(join(work, "release"));
    const unpacked = join(work, "plugin");
    mkdirSync(unpacked);
    execFileSync("tar", ["-xzf", tarball, "-C", unpacked]);
    entries = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    const emptyPath = join(work, "empty-path");
    mkdirSync(emptyPath);
    env = { ...pluginEnvironment(emulator()), PATH: emptyPath };
    delete env["NODE_OPTIONS"];
    plugin = await startProviderPlugin(root, env, [join(unpacked, pluginExecutableName())]);
  });
  after(async () => {
    await plugin?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("is packed as Pulumi downloads a plugin: the executable at the tarball's root", () => {
    assert.equal(
      tarball,
      join(work, "release", pluginTarballName(packageVersion, pulumiPlatform())),
    );
    assert.deepEqual(entries.sort(), ["LICENSE", pluginExecutableName()]);
    const found = spawnSync("/bin/sh", ["-c", "command -v node"], { env });
    assert.notEqual(found.status, 0, "no node on the plugin's PATH");
  });

  it("passes the release's smoke check: from an empty folder, with no Node.js, it serves its version", async () => {
    assert.equal(await smokePlugin(tarball), packageVersion);
  });

  it("starts, and answers GetPluginInfo and GetSchema as the npm executable does", async () => {
    assert.deepEqual(await plugin.getPluginInfo(), { version: packageVersion });
    const committed = readFileSync(join(root, "provider", "schema.json"), "utf8");
    assert.deepEqual(JSON.parse(await plugin.getSchema()), JSON.parse(committed));
  });

  it("grants and revokes, and copies, against Azure", async () => {
    await plugin.configure(pluginConfiguration(emulator()));
    const snapshotId = emulator().snapshotId(snapshotName);
    const since = emulator().requests.length;

    const access = pluginUrn("SnapshotAccess");
    const grant = { snapshotId, access: "Read", durationInSeconds: 3600 };
    const granted = await plugin.create(access, (await plugin.check(access, {}, grant)).inputs);
    assert.ok(isWireSecret(granted.properties["accessSAS"]));
    const sas = reveal(granted.properties["accessSAS"]) as string;
    assert.equal((await readRange(sas, 0, 511)).status, 206, "the SAS opens the snapshot");
    await plugin.delete(access, granted.id, granted.properties);

    await emulator().storage.createContainer("backups");
    const copy = pluginUrn("DiskCopy");
    const destinationBlobUrl = `${emulator().storage.blobEndpoint}/backups/standalone.vhd`;
    const copied = await plugin.create(copy, { sourceId: snapshotId, destinationBlobUrl });
    assert.equal(
      reveal(copied.properties["copiedBytes"]),
      14431744,
      "the snapshot's written ranges",
    );
    const blob = await emulator().storage.blobProperties("backups", "standalone.vhd");
    assert.equal(blob?.contentLength, reveal(copied.properties["sizeBytes"]));

    assert.deepEqual(postedActions(emulator(), since), [
      "beginGetAccess",
      "endGetAccess",
      "beginGetAccess",
      "endGetAccess",
    ]);
    const visible = JSON.stringify([granted.id, copied, plugin.log]);
    for (const secret of emulatorSecrets(emulator())) {
      assert.ok(!visible.includes(secret), "no SAS, token or secret in its outputs or output");
    }
  });
});
