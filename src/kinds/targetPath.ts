import { formatArmId, parseArmId, type ArmTarget } from "../armId";

/** Where a kind's target sits in Resource Manager, and the inputs that name it. */
export interface TargetPath {
  /** The input (and output) that holds the target's full ARM id, such as `diskId`. */
  idProperty: string;
  /** Each level of the path below the resource group: its ARM type and the input that names it. */
  segments: readonly (readonly [type: string, nameProperty: string])[];
}

/** The ARM types of the path. */
export function pathTypes(path: TargetPath): string[] {
  return path.segments.map(([type]) => type);
}

/** The inputs of the names form, in order: the resource group's, then each level's. */
export function nameProperties(path: TargetPath): string[] {
  return ["resourceGroupName", ...path.segments.map(([, property]) => property)];
}

/** Every target input: the id, the subscription, and the names. */
export function targetInputNames(path: TargetPath): string[] {
  return [path.idProperty, "subscriptionId", ...nameProperties(path)];
}

/** The shape of the target's id, as error messages show it. */
export function idShape(path: TargetPath): string {
  return [
    "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute",
    ...path.segments.map(([type, property]) => `${type}/{${property}}`),
  ].join("/");
}

/** Parses the target's ARM id, or `undefined` when it has another shape. */
export function parseTargetId(path: TargetPath, id: string): ArmTarget | undefined {
  return parseArmId(pathTypes(path), id);
}

/** Formats the target's ARM id. */
export function formatTargetId(path: TargetPath, target: ArmTarget): string {
  return formatArmId(pathTypes(path), target);
}

/** Names inputs for a message: `[a]`, `[a] and [b]`, `[a], [b] and [c]`. */
export function listProperties(names: readonly string[]): string {
  const quoted = names.map((name) => `[${name}]`);
  return quoted.length <= 1
    ? quoted.join("")
    : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}

/**
 * Resolves the target that validated inputs name. The names form takes its subscription from
 * `subscriptionId`, else from `defaultSubscriptionId`.
 *
 * @param noun what the target is, for messages: `managed disk`.
 */
export function resolveTarget(
  path: TargetPath,
  noun: string,
  inputs: Record<string, unknown>,
  defaultSubscriptionId: string | undefined,
): ArmTarget {
  const id = inputs[path.idProperty];
  if (id !== undefined) {
    const target = typeof id === "string" ? parseTargetId(path, id) : undefined;
    if (!target) {
      throw new Error(`[${path.idProperty}] must have the form ${idShape(path)}.`);
    }
    return target;
  }
  const subscriptionId = (inputs["subscriptionId"] as string | undefined) ?? defaultSubscriptionId;
  if (subscriptionId === undefined) {
    throw new Error(
      `No subscription for the ${noun}: set [subscriptionId], the configuration azure-native:subscriptionId (azure-disk-sas:subscriptionId for the provider plugin), or ARM_SUBSCRIPTION_ID / AZURE_SUBSCRIPTION_ID.`,
    );
  }
  const [resourceGroupName, ...names] = nameProperties(path).map((property) => inputs[property]);
  if (typeof resourceGroupName !== "string" || !names.every((n) => typeof n === "string" && n)) {
    throw new Error(`The target needs ${listProperties(nameProperties(path))}.`);
  }
  return { subscriptionId, resourceGroupName, names: names as string[] };
}
