/** The five coordinates that name one disk restore point in Azure Resource Manager. */
export interface DiskRestorePointTarget {
  subscriptionId: string;
  resourceGroupName: string;
  restorePointCollectionName: string;
  vmRestorePointName: string;
  diskRestorePointName: string;
}

const idPattern =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/restorePointCollections\/([^/]+)\/restorePoints\/([^/]+)\/diskRestorePoints\/([^/]+)$/i;

/** The shape of a disk restore point id, as shown in error messages. */
export const diskRestorePointIdShape =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/restorePointCollections/{restorePointCollectionName}/restorePoints/{vmRestorePointName}/diskRestorePoints/{diskRestorePointName}";

/**
 * Parses a disk restore point's ARM id. Segment names match case-insensitively, as ARM does.
 *
 * @returns the target, or `undefined` when the id does not have the shape of a disk restore point id.
 */
export function parseDiskRestorePointId(id: string): DiskRestorePointTarget | undefined {
  const match = idPattern.exec(id);
  if (!match) {
    return undefined;
  }
  const [
    ,
    subscriptionId,
    resourceGroupName,
    restorePointCollectionName,
    vmRestorePointName,
    diskRestorePointName,
  ] = match;
  return {
    subscriptionId: subscriptionId!,
    resourceGroupName: resourceGroupName!,
    restorePointCollectionName: restorePointCollectionName!,
    vmRestorePointName: vmRestorePointName!,
    diskRestorePointName: diskRestorePointName!,
  };
}

/** Formats the ARM id of a VM restore point: a disk restore point's target without its disk. */
export function formatVmRestorePointId(
  target: Omit<DiskRestorePointTarget, "diskRestorePointName">,
): string {
  return [
    "/subscriptions",
    target.subscriptionId,
    "resourceGroups",
    target.resourceGroupName,
    "providers/Microsoft.Compute/restorePointCollections",
    target.restorePointCollectionName,
    "restorePoints",
    target.vmRestorePointName,
  ].join("/");
}

/** Formats the ARM id of a disk restore point. */
export function formatDiskRestorePointId(target: DiskRestorePointTarget): string {
  return `${formatVmRestorePointId(target)}/diskRestorePoints/${target.diskRestorePointName}`;
}

/** The target properties of the inputs, in either form. */
export interface TargetInputs {
  diskRestorePointId?: string;
  subscriptionId?: string;
  resourceGroupName?: string;
  restorePointCollectionName?: string;
  vmRestorePointName?: string;
  diskRestorePointName?: string;
}

/**
 * Resolves the disk restore point that validated inputs name. The names form takes its
 * subscription from `subscriptionId`, else from `defaultSubscriptionId`.
 */
export function resolveTarget(
  inputs: TargetInputs,
  defaultSubscriptionId: string | undefined,
): DiskRestorePointTarget {
  if (inputs.diskRestorePointId !== undefined) {
    const target = parseDiskRestorePointId(inputs.diskRestorePointId);
    if (!target) {
      throw new Error(`[diskRestorePointId] must have the form ${diskRestorePointIdShape}.`);
    }
    return target;
  }
  const subscriptionId = inputs.subscriptionId ?? defaultSubscriptionId;
  if (subscriptionId === undefined) {
    throw new Error(
      "No subscription for the disk restore point: set [subscriptionId], the stack configuration azure-native:subscriptionId, or ARM_SUBSCRIPTION_ID / AZURE_SUBSCRIPTION_ID.",
    );
  }
  const {
    resourceGroupName,
    restorePointCollectionName,
    vmRestorePointName,
    diskRestorePointName,
  } = inputs;
  if (
    !resourceGroupName ||
    !restorePointCollectionName ||
    !vmRestorePointName ||
    !diskRestorePointName
  ) {
    throw new Error(
      "The target needs [resourceGroupName], [restorePointCollectionName], [vmRestorePointName] and [diskRestorePointName].",
    );
  }
  return {
    subscriptionId,
    resourceGroupName,
    restorePointCollectionName,
    vmRestorePointName,
    diskRestorePointName,
  };
}
