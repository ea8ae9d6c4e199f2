import type * as pulumi from "@pulumi/pulumi";
import { copyProvider } from "../copyLifecycle/copyProvider";
import type { CopyContext } from "../copyLifecycle/copyProgress";
import { validateCopyInputs } from "../copyLifecycle/validateCopyInputs";
import { diskRestorePoint } from "../kinds/diskRestorePoint";
import { managedDisk } from "../kinds/managedDisk";
import { snapshot } from "../kinds/snapshot";
import type { TargetKind } from "../kinds/targetKind";
import { vmRestorePoint } from "../kinds/vmRestorePoint";
import { accessProvider } from "../lifecycle/accessProvider";
import { validateInputs, type InputFailure } from "../lifecycle/validateInputs";

/** The package name of the provider plugin, and so the first part of every type token. */
export const packageName = "azure-disk-sas";

/** The operations of a resource the plugin serves, on plain properties (secrets unwrapped). */
export interface ServedProvider {
  /** Compares; `note` receives what a plan does and why, where the resource says. */
  diff(
    id: string,
    olds: object,
    news: object,
    note?: (message: string) => void,
  ): Promise<pulumi.dynamic.DiffResult>;
  /** Creates; `context` carries a long operation's progress and cancellation. */
  create(inputs: object, context?: CopyContext): Promise<pulumi.dynamic.CreateResult<object>>;
  read(id: string, outputs: object): Promise<pulumi.dynamic.ReadResult<object>>;
  /** Updates; `context` as for `create`. */
  update(
    id: string,
    olds: object,
    news: object,
    context?: CopyContext,
  ): Promise<pulumi.dynamic.UpdateResult<object>>;
  delete(id: string, outputs: object): Promise<void>;
}

/** One resource of the plugin: its type token, what it is for, and how it is served. */
export interface PluginResource {
  token: string;
  /** The resource's type name: `ManagedDiskAccess`. */
  name: string;
  description: string;
  provider: ServedProvider;
  /** Refuses bad inputs at Check, without calling Azure. */
  validate(inputs: Record<string, unknown>): InputFailure[];
  /** The outputs kept secret whatever their inputs: those that hold SAS URLs. */
  secretOutputs: readonly string[];
  /** The inputs kept secret however they are given: a SAS handed in. */
  secretInputs: readonly string[];
}

/** A resource of the plugin that grants access to a kind of target. */
export interface AccessPluginResource extends PluginResource {
  kind: TargetKind;
}

const token = (name: string) => `${packageName}:index:${name}`;

/** The four access resources, on the same lifecycle as the dynamic resources. */
export const accessResources: readonly AccessPluginResource[] = [
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
].map(({ kind, description }) => ({
  kind,
  description,
  token: token(kind.resource),
  name: kind.resource,
  provider: accessProvider(kind),
  validate: (inputs: Record<string, unknown>) => validateInputs(kind, inputs),
  secretOutputs: kind.secretOutputs,
  secretInputs: [],
}));

/** The copy of a disk, snapshot or disk restore point into a page blob or a managed disk. */
export const copyResource: PluginResource = {
  token: token("DiskCopy"),
  name: "DiskCopy",
  description:
    "A copy of a managed disk, snapshot or disk restore point into a page blob (a VHD in a storage account) or into a managed disk created for upload, made server-side by Azure Storage: only the source's written ranges, paced per blob, resumed where an earlier try stopped. The SAS it grants never outlives it nor reaches the state. Another sourceId into the same blob updates it in place: the blob keeps the earlier copy as a blob snapshot, then only what changed is copied when the source is a newer incremental snapshot of the same disk, else all of it. Deleting it deletes the blob it made with its snapshots (use retainOnDelete for backups); a destination disk is left as it is.",
  provider: copyProvider,
  validate: validateCopyInputs,
  secretOutputs: [],
  secretInputs: ["sourceSasUrl"],
};

/** Every resource the plugin serves. */
export const pluginResources: readonly PluginResource[] = [...accessResources, copyResource];

/**
 * The resource a URN names (`urn:pulumi:{stack}::{project}::{type}::{name}`, the type possibly after
 * its parents' types), or `undefined` for a type the plugin does not serve.
 */
export function resourceOfUrn(urn: string): PluginResource | undefined {
  const type = urn.split("::")[2]?.split("$").at(-1);
  return pluginResources.find((resource) => resource.token === type);
}
