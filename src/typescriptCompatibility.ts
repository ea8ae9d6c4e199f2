import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * Explains why the TypeScript that `@pulumi/pulumi` would load cannot serialize this resource's
 * provider, or returns `undefined` when it can. Pulumi's closure serializer needs the TypeScript 5
 * compiler API; TypeScript 7 has none, and Pulumi fails with `Cannot read properties of undefined
 * (reading 'Latest')`.
 *
 * @param pulumiDir the folder of the `@pulumi/pulumi` package, from which it loads `typescript`.
 */
export function typeScriptIncompatibility(pulumiDir: string): string | undefined {
  // Read the manifest where Node would find the package: TypeScript 7's exports hide its main module.
  const manifest = (createRequire(join(pulumiDir, "index.js")).resolve.paths("typescript") ?? [])
    .map((folder) => join(folder, "typescript", "package.json"))
    .find((path) => existsSync(path));
  if (!manifest) {
    return undefined;
  }
  const version = String(
    (JSON.parse(readFileSync(manifest, "utf8")) as { version?: unknown }).version,
  );
  if (Number(version.split(".")[0]) < 7) {
    return undefined;
  }
  return (
    `pulumi-azure-disk-sas: TypeScript ${version} is installed (${dirname(manifest)}), and Pulumi's closure serializer, ` +
    "which stores every dynamic resource's provider, cannot use TypeScript 7 or later. " +
    "Install TypeScript 5 in this project: npm install --save-dev typescript@~5.9"
  );
}

/** Throws {@link typeScriptIncompatibility}'s explanation, if there is one. */
export function assertTypeScriptCompatible(): void {
  const problem = typeScriptIncompatibility(dirname(require.resolve("@pulumi/pulumi")));
  if (problem) {
    throw new Error(problem);
  }
}
