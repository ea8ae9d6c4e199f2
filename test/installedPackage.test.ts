import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Engine } from "./harness/engine";
import { startProviderPlugin } from "./harness/providerPlugin";
import { readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
const root = join(__dirname, "..");
const project = mkdtempSync(join(tmpdir(), "user-project-"));
const readJson = (path: string) =>
  JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
let installOutput = "";
const installed = (name: string) =>
  String(readJson(join(root, "node_modules", name, "package.json"))["version"]);

describe("the package as a user installs it: npm pack, npm install, tsc, pulumi up", () => {
  before(() => {
    const tarball = execFileSync(
      "npm",
      ["pack", "--silent", "--ignore-scripts", "--pack-destination", project],
      { cwd: root, encoding: "utf8" },
    )
      .trim()
      .split("\n")
      .pop()!;
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "user-project",
        private: true,
        main: "index.js",
        dependencies: {
          "@pulumi/pulumi": installed("@pulumi/pulumi"),
          "pulumi-azure-disk-sas": `file:./${tarball}`,
        },
        devDependencies: {
          typescript: installed("typescript"),
          "@types/node": installed("@types/node"),
        },
      }),
    );
    cpSync(join(root, "examples", "quickstart", "index.ts"), join(project, "index.ts"));
    cpSync(join(root, "examples", "quickstart", "tsconfig.json"), join(project, "tsconfig.json"));
    writeFileSync(join(project, "Pulumi.yaml"), "name: user-project\nruntime: nodejs\n");
    installOutput = run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], project);
    const tsconfig = readJson(join(project, "tsconfig.json"));
    const compilerOptions = { ...(tsconfig["compilerOptions"] as object), noEmit: false };
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ ...tsconfig, compilerOptions }));
    run(
      process.execPath,
      [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", project],
      project,
    );
  });

  after(() => rmSync(project, { recursive: true, force: true }));

  it("installs with no warning of ours from npm (no install script to approve)", () => {
    assert.match(installOutput, /added \d+ packages/);
    const ours = installOutput
      .split("\n")
      .filter((line) => /^npm warn/i.test(line) && line.includes("pulumi-azure-disk-sas"));
    assert.deepEqual(ours, [], installOutput);
  });

  it("installs only the built files and the plugin's, its CHANGELOG, no source map, with the provider at its own export", () => {
    const files = execFileSync("find", ["node_modules/pulumi-azure-disk-sas", "-type", "f"], {
      cwd: project,
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean);
    assert.ok(
      files.every(
        (f) =>
          f.endsWith("package.json") ||
          f.endsWith("README.md") ||
          f.endsWith("CHANGELOG.md") ||
          f.endsWith("LICENSE") ||
          f.includes("/dist/") ||
          f.endsWith("/bin/pulumi-resource-azure-disk-sas") ||
          /\/provider\/(PulumiPlugin\.yaml|index\.js|schema\.json)$/.test(f),
      ),
      files.join("\n"),
    );
    assert.ok(files.includes("node_modules/pulumi-azure-disk-sas/CHANGELOG.md"));
    assert.deepEqual(
      files.filter((f) => f.endsWith(".map") || f.includes("sourceMappingURL")),
      [],
      "no source map pointing at sources the package does not ship",
    );
    for (const file of files.filter((f) => f.endsWith(".js"))) {
      assert.doesNotMatch(readFileSync(join(project, file), "utf8"), /sourceMappingURL/, file);
    }
    // Every export, the providers that state records among them, is a file of the package.
    const manifest = readJson(
      join(project, "node_modules", "pulumi-azure-disk-sas", "package.json"),
    );
    for (const [subpath, target] of Object.entries(
      manifest["exports"] as Record<string, unknown>,
    )) {
      const file = typeof target === "string" ? target : (target as { default: string }).default;
      assert.ok(
        files.includes(join("node_modules/pulumi-azure-disk-sas", file)),
        `export ${subpath}: ${file}`,
      );
    }
  });

  it("serves the provider plugin from the executable npm links and from provider/, for the package's own version", async () => {
    const packageDir = join(project, "node_modules", "pulumi-azure-disk-sas");
    const { version } = readJson(join(root, "package.json"));
    const pluginManifest = readJson(join(packageDir, "provider", "package.json"));
    assert.equal(
      (pluginManifest["dependencies"] as Record<string, string>)["pulumi-azure-disk-sas"],
      version,
      "provider/ runs the release it ships with",
    );
    const runPlugin = join(project, "node_modules", "@pulumi", "pulumi", "cmd", "run-plugin");
    for (const command of [
      [join(project, "node_modules", ".bin", "pulumi-resource-azure-disk-sas")],
      [process.execPath, runPlugin, join(packageDir, "provider")],
    ]) {
      const plugin = await startProviderPlugin(project, process.env, command);
      try {
        assert.deepEqual(await plugin.getPluginInfo(), { version });
        assert.match(await plugin.getSchema(), /^\{"name":"azure-disk-sas",/);
      } finally {
        await plugin.stop();
      }
    }
  });

  it("loads no Azure SDK where a program only declares resources: the provider loads it when it calls Azure", () => {
    // Three resources declared and registered (their providers serialized into `__provider`) under
    // Pulumi's mocks, in a process of their own.
    const program = `
      const pulumi = require("@pulumi/pulumi");
      const providers = [];
      pulumi.runtime.setMocks(
        {
          newResource: (args) => {
            providers.push(args.inputs.__provider);
            return { id: args.name, state: args.inputs };
          },
          call: () => ({}),
        },
        "user-project",
        "dev",
        false,
      );
      const { DiskCopy, DiskRestorePointAccess, VmRestorePointAccess } = require("pulumi-azure-disk-sas");
      const vm = "/subscriptions/6f7c2b1e-4a3d-4e8b-9c21-5d0e3f9a7b10/resourceGroups/rg/providers/Microsoft.Compute/restorePointCollections/rpc/restorePoints/vmrp";
      const settings = { access: "Read", durationInSeconds: 60 };
      const resources = [
        new DiskRestorePointAccess("disk", { diskRestorePointId: vm + "/diskRestorePoints/d", ...settings }),
        new VmRestorePointAccess("vm", { vmRestorePointId: vm, ...settings }),
        new DiskCopy("copy", {
          sourceId: vm + "/diskRestorePoints/d",
          destinationBlobUrl: "https://backups01.blob.core.windows.net/disks/d.vhd",
        }),
      ];
      Promise.all(resources.map((r) => new Promise((resolve) => r.id.apply(resolve)))).then(() =>
        console.log(JSON.stringify({
          providers,
          azure: Object.keys(require.cache).filter((k) => k.includes("/@azure/")),
        })),
      );`;
    const { providers, azure } = JSON.parse(
      execFileSync(process.execPath, ["-e", program], { cwd: project, encoding: "utf8" }),
    ) as { providers: string[]; azure: string[] };
    assert.deepEqual(
      providers.map((text) => /require\("(pulumi-azure-disk-sas\/[^"]+)"\)/.exec(text)?.[1]).sort(),
      [
        "pulumi-azure-disk-sas/copy-provider",
        "pulumi-azure-disk-sas/provider",
        "pulumi-azure-disk-sas/vm-provider",
      ],
    );
    assert.deepEqual(azure, []);
  });

  it("runs the compiled program: the provider is stored as a require of at most 512 bytes, and the lifecycle works", async () => {
    const engine = new Engine(project, "user-project", {
      diskRestorePointId: emulator().diskRestorePointId(0),
    });
    const exports = await engine.up();
    const provider = String(engine.resources[0]!.outputs["__provider"]);
    assert.match(
      provider,
      /^exports\.handler = __f0;\nconst provider = require\("pulumi-azure-disk-sas\/provider"\);\n/,
    );
    assert.ok(provider.length <= 512, `${provider.length} bytes`);
    assert.equal((await readRange(String(exports["accessSAS"]), 0, 4)).bytes.toString(), "web01");
    await engine.destroy();
    assert.equal((await readRange(String(exports["accessSAS"]), 0, 0)).status, 403);
  });

  it("with TypeScript 7 in the project, says what to do instead of Pulumi's own 'reading Latest' failure", async () => {
    run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "typescript@7"], project);
    const engine = new Engine(project, "user-project", {
      diskRestorePointId: emulator().diskRestorePointId(0),
    });
    await assert.rejects(engine.up(), {
      message: new RegExp(
        `^pulumi-azure-disk-sas: TypeScript 7\\.\\d+\\.\\d+ is installed \\(${project}/node_modules/typescript\\), and Pulumi's closure serializer, which stores every dynamic resource's provider, cannot use TypeScript 7 or later\\. Install TypeScript 5 in this project: npm install --save-dev typescript@~5\\.9$`,
      ),
    });
    assert.deepEqual(engine.resources, []);
  });
});

/** Runs a command to completion (3 minutes at most), with no input; returns what it printed, and shows it if it fails. */
function run(command: string, args: string[], cwd: string): string {
  const ran = spawnSync(command, args, {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 180_000,
    encoding: "utf8",
  });
  const output = `${ran.stdout ?? ""}${ran.stderr ?? ""}`;
  if (ran.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed: ${String(ran.error ?? `exit ${ran.status ?? ran.signal}`)}\n${output}`,
    );
  }
  return output;
}
