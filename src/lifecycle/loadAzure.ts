/**
 * Loads the provider's Azure calls on first use, so that a program that only declares resources, and
 * a preview (check and diff), never load the Azure SDK.
 */
export function loadAzure(): typeof import("../azure") {
  // A plain require: this package is CommonJS, and the module is loaded once and cached.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../azure") as typeof import("../azure");
}
