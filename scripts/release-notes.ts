// `node --import tsx scripts/release-notes.ts`: prints the CHANGELOG.md section of package.json's
// version, the notes of its GitHub release.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageVersion } from "../src/packageInfo";

/** The body of `changelog`'s section of `version`, without its heading. */
export function releaseNotes(changelog: string, version: string = packageVersion): string {
  const sections = changelog.split(/^## /m).slice(1);
  const section = sections.find((s) => s.startsWith(`${version} `) || s.startsWith(`${version}\n`));
  if (!section) throw new Error(`CHANGELOG.md has no section of ${version}.`);
  return section.slice(section.indexOf("\n") + 1).trim() + "\n";
}

if (require.main === module) {
  process.stdout.write(releaseNotes(readFileSync(join(__dirname, "..", "CHANGELOG.md"), "utf8")));
}
