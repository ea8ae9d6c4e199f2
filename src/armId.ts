/**
 * The coordinates of a Compute resource in Azure Resource Manager: its subscription, resource group,
 * and the names of the path below it (one for a disk; a collection, a restore point and a disk for
 * a disk restore point).
 */
export interface ArmTarget {
  subscriptionId: string;
  resourceGroupName: string;
  names: readonly string[];
}

/**
 * Formats the ARM id of a Compute resource whose path below the resource group has the given
 * `types`, such as `["disks"]`: `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Compute/disks/{name}`.
 */
export function formatArmId(types: readonly string[], target: ArmTarget): string {
  return [
    `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroupName}/providers/Microsoft.Compute`,
    ...types.map((type, i) => `${type}/${target.names[i]}`),
  ].join("/");
}

/**
 * Parses the ARM id of a Compute resource whose path has the given `types`. Segment names match
 * case-insensitively, as ARM does.
 *
 * @returns the target, or `undefined` when the id has another shape.
 */
export function parseArmId(types: readonly string[], id: string): ArmTarget | undefined {
  const pattern = new RegExp(
    `^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Compute${types.map((type) => `/${type}/([^/]+)`).join("")}$`,
    "i",
  );
  const match = pattern.exec(id);
  if (!match) {
    return undefined;
  }
  const [, subscriptionId, resourceGroupName, ...names] = match;
  return { subscriptionId: subscriptionId!, resourceGroupName: resourceGroupName!, names };
}
