import * as pulumi from "@pulumi/pulumi";

/**
 * Warns, in the resource's log, when a disk or snapshot asks for Entra ID besides the SAS
 * (`dataAccessAuthMode: AzureActiveDirectory`): the SAS alone opens nothing, whoever reads or writes
 * through it needs an Entra token of their own with a data role on the disk.
 */
export function warnWhenEntraOnly(
  resource: pulumi.Resource,
  dataAccessAuthMode: pulumi.Output<string | undefined>,
  what: "disk" | "snapshot",
): void {
  dataAccessAuthMode.apply((mode) => {
    if (mode === "AzureActiveDirectory") {
      void pulumi.log.warn(
        `The ${what} has dataAccessAuthMode AzureActiveDirectory: its SAS opens nothing without an Entra ID token of the reader's own, with the "Data Operator for Managed Disks" role (or the disks' download and upload data actions) on the ${what}. Pass that token (for example azcopy login, or a bearer token beside the SAS) to whatever uses the SAS.`,
        resource,
      );
    }
  });
}
