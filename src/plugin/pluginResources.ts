import { diskRestorePoint } from "../kinds/diskRestorePoint";
import { managedDisk } from "../kinds/managedDisk";
import { snapshot } from "../kinds/snapshot";
import type { TargetKind } from "../kinds/targetKind";
import { vmRestorePoint } from "../kinds/vmRestorePoint";

/** The package name of the provider plugin, and so the first part of every type token. */
export const packageName = "azure-disk-sas";

/** One resource of the plugin: its type token, its kind, and what it is for. */
export interface PluginResource {
  token: string;
  kind: TargetKind;
  description: string;
}

/** Every resource the plugin serves: the four kinds, on the same lifecycle as the dynamic resources. */
export const pluginResources: readonly PluginResource[] = [
  {
    kind: managedDisk,
    description:
      "SAS access to one managed disk: to export it (access Read), or to upload a VHD into a disk created for upload (access Write; deleting the resource finishes the upload). A disk attached to a running VM is refused: deallocate the VM, or use SnapshotAccess on a snapshot of the disk.",
  },
  {
    kind: snapshot,
    description:
      "SAS access to one snapshot of a managed disk: to copy it out while the disk stays in use. Its SAS carries the snapshot= parameter its authorization needs.",
  },
  {
    kind: diskRestorePoint,
    description: "SAS access to one disk restore point of a VM restore point.",
  },
  {
    kind: vmRestorePoint,
    description:
      "SAS access to every disk of one VM restore point, granted at once and revoked together; if any disk cannot be granted, the others are revoked again.",
  },
].map((resource) => ({ ...resource, token: `${packageName}:index:${resource.kind.resource}` }));

/**
 * The resource a URN names (`urn:pulumi:{stack}::{project}::{type}::{name}`, the type possibly after
 * its parents' types), or `undefined` for a type the plugin does not serve.
 */
export function resourceOfUrn(urn: string): PluginResource | undefined {
  const type = urn.split("::")[2]?.split("$").at(-1);
  return pluginResources.find((resource) => resource.token === type);
}
