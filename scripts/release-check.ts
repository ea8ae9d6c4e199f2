// `node --import tsx scripts/release-check.ts <tag>`: refuses to release from a tag that is not
// `v<version>` of package.json, or from another repository than package.json's (`GITHUB_REPOSITORY`),
// whose releases the schema's pluginDownloadURL points the engine at.
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

if (require.main === module) {
  const problems = releaseProblems(process.argv[2] ?? "", process.env["GITHUB_REPOSITORY"]);
  for (const problem of problems) console.error(problem);
  process.exit(problems.length ? 1 : 0);
}
