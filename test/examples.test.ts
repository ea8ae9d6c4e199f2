import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { startNpmRegistry, type NpmRegistry } from "./support/npmRegistry";

const root = join(__dirname, "..");
const examples = join(root, "examples");
const work = mkdtempSync(join(tmpdir(), "examples-"));
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  version: string;
};
const docs = readFileSync(join(root, "docs", "_index.md"), "utf8");
/** The install command docs/_index.md gives for every TypeScript example. */
const documented = /install with `([^`]+)`/.exec(docs)![1]!;
const withPackageJson = readdirSync(examples).filter((name) =>
  existsSync(join(examples, name, "package.json")),
);

interface Installed {
  code: number;
  output: string;
}

/**
 * Runs `command` (steps joined by `&&`) in `dir`, as a shell would, with npm pointed at `registry`
 * and `extra` arguments to each step.
 */
function runDocumented(
  command: string,
  dir: string,
  registry: string,
  extra: string[] = [],
): Promise<Installed> {
  const steps = command.split("&&").map((step) => step.trim().split(/\s+/));
  return steps.reduce<Promise<Installed>>(
    (previous, [program, ...args]) =>
      previous.then((done) =>
        done.code !== 0
          ? done
          : new Promise((resolve) =>
              execFile(
                program!,
                [...args, ...extra, "--no-audit", "--no-fund", "--prefer-offline"],
                {
                  cwd: dir,
                  encoding: "utf8",
                  env: { ...process.env, npm_config_registry: registry },
                },
                (error, stdout, stderr) =>
                  resolve({
                    code: error ? Number(error.code ?? 1) : 0,
                    output: done.output + stdout + stderr,
                  }),
              ),
            ),
      ),
    Promise.resolve({ code: 0, output: "" }),
  );
}

describe("every example, installed from a fresh copy as the docs say, against a registry holding this release", () => {
  let registry: NpmRegistry;
  const installed = new Map<string, Installed>();
  before(async () => {
    const tarball = execFileSync(
      "npm",
      ["pack", "--silent", "--ignore-scripts", "--pack-destination", work],
      { cwd: root, encoding: "utf8" },
    )
      .trim()
      .split("\n")
      .pop()!;
    registry = await startNpmRegistry(join(work, tarball));
    await Promise.all(
      withPackageJson.map(async (name) => {
        const copy = join(work, name);
        cpSync(join(examples, name), copy, { recursive: true });
        // Resolved whole against the release (npm's --dry-run: every dependency and version
        // chosen, nothing written), which spares the suite writing the same packages six times:
        // test/installedPackage.test.ts installs the package for real.
        installed.set(name, await runDocumented(documented, copy, registry.url, ["--dry-run"]));
      }),
    );
  });
  after(async () => {
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("the docs give one install command, and it is npm's", () => {
    assert.equal(documented, "npm install");
    assert.ok(withPackageJson.length >= 6, withPackageJson.join(", "));
  });

  for (const name of withPackageJson) {
    it(`${name}: resolves with this release, and npm warns of nothing of ours`, () => {
      const { code, output } = installed.get(name)!;
      assert.equal(code, 0, output);
      assert.match(output, new RegExp(`^add pulumi-azure-disk-sas ${version}$`, "m"));
      const warnings = output.split("\n").filter((line) => /^npm warn/i.test(line));
      assert.deepEqual(
        warnings.filter((line) => line.includes("pulumi-azure-disk-sas")),
        [],
        output,
      );
    });
  }

  it("the pipelines install as documented, and name every setting the stack needs", () => {
    const pipelines = join(examples, "pipelines");
    const github = parse(readFileSync(join(pipelines, "github-actions.yml"), "utf8")) as {
      jobs: Record<string, { steps: { run?: string; "working-directory"?: string }[] }>;
    };
    const azure = parse(readFileSync(join(pipelines, "azure-pipelines.yml"), "utf8")) as {
      steps: { script?: string; workingDirectory?: string }[];
    };
    const installs = [
      ...Object.values(github.jobs).flatMap((job) =>
        job.steps
          .filter((s) => s.run?.startsWith("npm "))
          .map((s) => [s.run, s["working-directory"]]),
      ),
      ...azure.steps
        .filter((s) => s.script?.startsWith("npm "))
        .map((s) => [s.script, s.workingDirectory]),
    ];
    assert.deepEqual(installs, [
      [documented, "examples/quickstart"],
      [documented, "examples/quickstart"],
    ]);
    const readme = readFileSync(join(pipelines, "README.md"), "utf8");
    const { config } = parse(readFileSync(join(examples, "quickstart", "Pulumi.yaml"), "utf8")) as {
      config: Record<string, { default?: unknown }>;
    };
    // Every setting the program reads is declared, and the pipelines' README names each.
    const program = readFileSync(join(examples, "quickstart", "index.ts"), "utf8");
    const read = [...program.matchAll(/config\.(?:get|require)\w*\("(\w+)"\)/g)].map(
      ([, key]) => key,
    );
    assert.deepEqual([...new Set(read)].sort(), Object.keys(config).sort());
    const required = Object.keys(config).filter((key) => config[key]!.default === undefined);
    assert.ok(required.includes("diskRestorePointId"));
    assert.match(readme, /pulumi config set diskRestorePointId /);
    for (const key of Object.keys(config)) {
      assert.match(readme, new RegExp(`^\\| \`${key}\`\\s+\\|`, "m"), key);
    }
  });
});
