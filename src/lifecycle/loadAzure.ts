/**
 * Loads the provider's Azure calls on first use, so that a program that only declares resources, and
 * a preview (check and diff), never load the Azure SDK.
 */
export function loadAzure(): typeof import("../azure") {
  // A plain require: this package is CommonJS, and the module is loaded once and cached.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../azure") as typeof import("../azure");
}

/**
 * Loads the Blob storage calls of a copy on first use: `@azure/storage-blob` is loaded by a copy
 * only, not by a grant.
 */
export function loadPageBlob(): typeof import("../azure/pageBlob") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../azure/pageBlob") as typeof import("../azure/pageBlob");
}
