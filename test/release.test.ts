import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { packageSchema } from "../src/plugin/schema";
import { packageVersion } from "../src/packageInfo";

const root = join(__dirname, "..");
const readJson = (...path: string[]) =>
  JSON.parse(readFileSync(join(root, ...path), "utf8")) as Record<string, unknown> & {
    version: string;
    dependencies: Record<string, string>;
  };

describe("one version everywhere", () => {
  const { version } = readJson("package.json");

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

  it("every example depends on this release", () => {
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
