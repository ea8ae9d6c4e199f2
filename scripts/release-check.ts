// `node --import tsx scripts/release-check.ts <tag>`: refuses to release from a tag that is not
// `v<version>` of package.json, or from another repository than package.json's (`GITHUB_REPOSITORY`),
// whose releases the schema's pluginDownloadURL points the engine at. In GitHub Actions it gives
// the job the npm dist-tag to publish under (`npm-tag`).
import { appendFileSync } from "node:fs";
import { packageRepository, packageVersion } from "../src/packageInfo";

/** What is wrong with releasing `tag` from `repository`; nothing when it may be released. */
export function releaseProblems(tag: string, repository: string | undefined): string[] {
  const problems: string[] = [];
  if (tag !== `v${packageVersion}`) {
    problems.push(`The tag ${tag} is not v${packageVersion}, the version of package.json.`);
  }
  if (repository !== undefined && repository !== packageRepository) {
    problems.push(
      `This is ${repository}, but package.json's repository (and the schema's pluginDownloadURL) is ${packageRepository}.`,
    );
  }
  return problems;
}

/** The npm dist-tag a version is published under: a prerelease (`1.0.0-rc.1`) never becomes `latest`. */
export function npmDistTag(version: string = packageVersion): string {
  return version.includes("-") ? "next" : "latest";
}

if (require.main === module) {
  const problems = releaseProblems(process.argv[2] ?? "", process.env["GITHUB_REPOSITORY"]);
  for (const problem of problems) console.error(problem);
  const output = process.env["GITHUB_OUTPUT"];
  if (output) appendFileSync(output, `npm-tag=${npmDistTag()}\n`);
  process.exit(problems.length ? 1 : 0);
}
