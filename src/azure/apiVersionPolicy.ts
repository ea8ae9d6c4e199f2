import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/** An ARM api-version: a date, with `-preview` for a preview version. */
export const apiVersionPattern = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

/**
 * A pipeline policy that sends the requests on disks, snapshots and disk restore points (grant,
 * revoke, read) with the given api-version instead of the SDK's own, such as 2024-03-02, the
 * version of the REST reference. The status polls keep the version in the URLs Azure returns.
 */
export function pinApiVersionPolicy(apiVersion: string): PipelinePolicy {
  if (!apiVersionPattern.test(apiVersion)) {
    throw new Error(
      `The api-version "${apiVersion}" (azure-disk-sas:apiVersion / AZURE_DISK_SAS_API_VERSION) is not one: use a date such as 2024-03-02, with -preview for a preview version.`,
    );
  }
  return {
    name: "pinApiVersion",
    async sendRequest(request, next) {
      const url = new URL(request.url);
      if (/\/(diskRestorePoints|disks|snapshots)\/[^/]+/i.test(url.pathname)) {
        url.searchParams.set("api-version", apiVersion);
        request.url = url.href;
      }
      return next(request);
    },
  };
}
