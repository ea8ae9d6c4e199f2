/** This package's package.json: a plain `require`, so that a bundle of the plugin carries it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require("../package.json") as { version: string; repository: { url: string } };

/** The version of this package, as its package.json gives it. */
export const packageVersion = packageJson.version;

/**
 * The GitHub repository this package is released from, `owner/name`, as package.json's
 * `repository` gives it: its releases carry the plugin's executables.
 */
export const packageRepository = new URL(packageJson.repository.url).pathname
  .replace(/^\//, "")
  .replace(/\.git$/, "");
