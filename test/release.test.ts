import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { pluginTarballName, pulumiPlatform } from "../scripts/package-plugin";
import { pulumiPlatforms, writeChecksums } from "../scripts/release-assets";
import { npmDistTag, releaseProblems } from "../scripts/release-check";
import { releaseNotes } from "../scripts/release-notes";
import { packageSchema } from "../src/plugin/schema";
import { packageRepository, packageVersion } from "../src/packageInfo";

const root = join(__dirname, "..");
const readJson = (...path: string[]) =>
  JSON.parse(readFileSync(join(root, ...path), "utf8")) as Record<string, unknown> & {
    version: string;
    dependencies: Record<string, string>;
  };

const { version } = readJson("package.json");

describe("one version everywhere", () => {
  it("package.json, the source plugin and the npm release it pins, the schema and GetPluginInfo's", () => {
    const sourcePlugin = readJson("provider", "package.json");
    assert.equal(sourcePlugin.version, version);
    assert.equal(sourcePlugin.dependencies["pulumi-azure-disk-sas"], version);
    assert.equal(readJson("provider", "schema.json").version, version);
    assert.equal(packageSchema(packageVersion)["version"], version);
    assert.equal(packageVersion, version, "what GetPluginInfo and the user agent report");
    assert.equal(readJson("package-lock.json").version, version);
  });

  it("CHANGELOG.md's newest release, with its date", () => {
    const releases = [
      ...readFileSync(join(root, "CHANGELOG.md"), "utf8").matchAll(/^## (\S+)(?: \((.+)\))?$/gm),
    ].filter(([, name]) => name !== "Unreleased");
    const [, newest, date] = releases[0]!;
    assert.equal(newest, version);
    assert.match(date ?? "", /^\d{4}-\d{2}-\d{2}$/, `the section of ${newest} is dated`);
  });

  it("the install commands of README and docs/", () => {
    const pages = ["README.md", ...readdirSync(join(root, "docs")).map((f) => join("docs", f))];
    let commands = 0;
    for (const page of pages) {
      const text = readFileSync(join(root, page), "utf8");
      for (const [command, named] of text.matchAll(/azure-disk-sas(?:@| |-v)(\d+\.\d+\.\d+)\b/g)) {
        assert.equal(named, version, `${page}: ${command}`);
        commands++;
      }
    }
    assert.ok(commands >= 4, `${commands} versioned commands`);
  });

  it("every example depends on this release, the YAML one through its packages", () => {
    const yaml = parse(
      readFileSync(join(root, "examples", "snapshot-yaml", "Pulumi.yaml"), "utf8"),
    ) as { packages: Record<string, { version: string; pluginDownloadURL: string }> };
    const { version: yamlVersion, pluginDownloadURL } = yaml.packages["azure-disk-sas"]!;
    assert.equal(yamlVersion, version);
    assert.equal(pluginDownloadURL, packageSchema(packageVersion)["pluginDownloadURL"]);
    for (const example of readdirSync(join(root, "examples"))) {
      let manifest;
      try {
        manifest = readJson("examples", example, "package.json");
      } catch {
        continue;
      }
      assert.equal(manifest.dependencies["pulumi-azure-disk-sas"], `^${version}`, example);
    }
  });
});

describe("the release workflow and the scripts it runs", () => {
  const workflow = parse(
    readFileSync(join(root, ".github", "workflows", "release.yml"), "utf8"),
  ) as {
    jobs: Record<
      string,
      {
        strategy?: { matrix: { include: { platform: string; runner: string }[] } };
        steps: { run?: string }[];
      }
    >;
  };
  const runs = Object.values(workflow.jobs).flatMap((job) =>
    job.steps.flatMap((step) => (step.run ? [step.run] : [])),
  );

  it("builds the plugin on a runner of every platform Pulumi runs on, each refusing another", () => {
    const matrix = workflow.jobs["plugin"]!.strategy!.matrix.include;
    assert.deepEqual(matrix.map((m) => m.platform).sort(), [...pulumiPlatforms].sort());
    assert.ok(runs.includes("npm run package-plugin -- --platform ${{ matrix.platform }}"));
    const other = pulumiPlatform() === "linux-amd64" ? "windows-amd64" : "linux-amd64";
    const refused = spawnSync(
      process.execPath,
      ["--import", "tsx", join(root, "scripts", "package-plugin.ts"), "--platform", other],
      { encoding: "utf8" },
    );
    assert.equal(refused.status, 1);
    assert.equal(
      refused.stderr.trim(),
      `This machine builds the plugin for ${pulumiPlatform()}, not ${other}.`,
    );
  });

  it("runs only scripts of this repository, and npm's and gh's own commands", () => {
    const scripts = (readJson("package.json") as unknown as { scripts: Record<string, string> })
      .scripts;
    for (const run of runs) {
      const script = /^node --import tsx (scripts\/\S+)/.exec(run)?.[1];
      const npmScript = /^npm (?:run )?(\S+)/.exec(run)?.[1];
      if (script) assert.ok(existsSync(join(root, script)), run);
      else if (npmScript && !["ci", "publish"].includes(npmScript)) {
        assert.ok(npmScript in scripts, run);
      } else assert.match(run, /^(npm ci|npm publish --provenance|gh release (create|edit)) /, run);
    }
  });

  it("publishes a prerelease under npm's next, never as latest", () => {
    assert.equal(npmDistTag("0.2.0"), "latest");
    assert.equal(npmDistTag("0.3.0-rc.1"), "next");
    assert.ok(runs.some((run) => run.includes("--tag ${{ needs.check.outputs.npm-tag }}")));
  });

  it("releases only a tag of package.json's version, from package.json's repository", () => {
    assert.deepEqual(releaseProblems(`v${version}`, packageRepository), []);
    assert.deepEqual(releaseProblems(`v${version}`, undefined), []);
    assert.deepEqual(releaseProblems("v9.9.9", "someone/fork"), [
      `The tag v9.9.9 is not v${version}, the version of package.json.`,
      `This is someone/fork, but package.json's repository (and the schema's pluginDownloadURL) is ${packageRepository}.`,
    ]);
  });

  it("attaches every platform's tarball with a checksums file that sha256sum checks", () => {
    const dir = mkdtempSync(join(tmpdir(), "release-assets-"));
    try {
      for (const platform of pulumiPlatforms) {
        writeFileSync(join(dir, pluginTarballName(version, platform)), `plugin for ${platform}`);
      }
      const checksums = writeChecksums(dir);
      assert.equal(checksums, join(dir, `pulumi-azure-disk-sas_${version}_checksums.txt`));
      const checked = spawnSync("sha256sum", ["--check", checksums], {
        cwd: dir,
        encoding: "utf8",
      });
      assert.equal(checked.status, 0, checked.stdout + checked.stderr);
      assert.equal(
        checked.stdout.split("\n").filter((l) => l.endsWith(": OK")).length,
        pulumiPlatforms.length,
      );

      rmSync(join(dir, pluginTarballName(version, "darwin-arm64")));
      writeFileSync(join(dir, pluginTarballName("0.0.1", "linux-amd64")), "an old one");
      assert.throws(() => writeChecksums(dir), {
        message: `${dir} lacks ${pluginTarballName(version, "darwin-arm64")}. ${dir} holds tarballs of no release: ${pluginTarballName("0.0.1", "linux-amd64")}.`,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the release the notes of its CHANGELOG.md section", () => {
    const changelog = readFileSync(join(root, "CHANGELOG.md"), "utf8");
    const notes = releaseNotes(changelog);
    assert.ok(changelog.includes(notes.trim()));
    assert.match(notes, /^### /);
    assert.doesNotMatch(notes, /^## /m, "one section only");
    assert.throws(() => releaseNotes(changelog, "9.9.9"), {
      message: "CHANGELOG.md has no section of 9.9.9.",
    });
  });
});
