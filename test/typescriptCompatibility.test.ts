import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { typeScriptIncompatibility } from "../src/typescriptCompatibility";

const project = mkdtempSync(join(tmpdir(), "ts-check-"));
const pulumiDir = join(project, "node_modules", "@pulumi", "pulumi");
mkdirSync(pulumiDir, { recursive: true });

function installTypeScript(folder: string, version: string): void {
  mkdirSync(join(folder, "typescript"), { recursive: true });
  writeFileSync(
    join(folder, "typescript", "package.json"),
    JSON.stringify({ name: "typescript", version }),
  );
}

describe("the TypeScript that Pulumi's serializer would load", () => {
  after(() => rmSync(project, { recursive: true, force: true }));

  it("is fine when absent: Pulumi falls back to its own vendored copy", () => {
    assert.equal(typeScriptIncompatibility(pulumiDir), undefined);
  });

  it("is fine at version 5", () => {
    installTypeScript(join(project, "node_modules"), "5.9.3");
    assert.equal(typeScriptIncompatibility(pulumiDir), undefined);
  });

  it("is refused at version 7, with what to do", () => {
    installTypeScript(join(project, "node_modules"), "7.0.2");
    assert.equal(
      typeScriptIncompatibility(pulumiDir),
      `pulumi-azure-disk-sas: TypeScript 7.0.2 is installed (${join(project, "node_modules", "typescript")}), and Pulumi's closure serializer, which stores every dynamic resource's provider, cannot use TypeScript 7 or later. Install TypeScript 5 in this project: npm install --save-dev typescript@~5.9`,
    );
  });

  it("is the one nearest to @pulumi/pulumi, as Node resolves it", () => {
    installTypeScript(join(pulumiDir, "node_modules"), "5.4.5");
    assert.equal(typeScriptIncompatibility(pulumiDir), undefined);
  });
});
