// `node --import tsx scripts/release-assets.ts <dir>`: checks that `<dir>` holds the plugin's tarball
// for every platform Pulumi runs on, and writes their SHA-256 checksums beside them, as `sha256sum
// --check` reads them: `pulumi-azure-disk-sas_<version>_checksums.txt`.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageVersion } from "../src/packageInfo";
import { pluginTarballName } from "./package-plugin";

/** The platforms Pulumi's CLI runs on, for which a release carries the plugin. */
export const pulumiPlatforms = [
  "linux-amd64",
  "linux-arm64",
  "darwin-amd64",
  "darwin-arm64",
  "windows-amd64",
  "windows-arm64",
] as const;

/**
 * Writes the checksums file of a release's assets in `dir`.
 *
 * @returns the checksums file's path.
 */
export function writeChecksums(
  dir: string,
  platforms: readonly string[] = pulumiPlatforms,
): string {
  const expected = platforms.map((platform) => pluginTarballName(packageVersion, platform));
  const present = readdirSync(dir).filter((name) => name.endsWith(".tar.gz"));
  const missing = expected.filter((name) => !present.includes(name));
  const unexpected = present.filter((name) => !expected.includes(name));
  if (missing.length || unexpected.length) {
    throw new Error(
      [
        missing.length ? `${dir} lacks ${missing.join(", ")}.` : "",
        unexpected.length ? `${dir} holds tarballs of no release: ${unexpected.join(", ")}.` : "",
      ]
        .filter(Boolean)
        .join(" "),
    );
  }
  const lines = expected.map(
    (name) =>
      `${createHash("sha256")
        .update(readFileSync(join(dir, name)))
        .digest("hex")}  ${name}\n`,
  );
  const checksums = join(dir, `pulumi-azure-disk-sas_${packageVersion}_checksums.txt`);
  writeFileSync(checksums, lines.join(""));
  return checksums;
}

if (require.main === module) {
  console.log(writeChecksums(process.argv[2] ?? "release"));
}
