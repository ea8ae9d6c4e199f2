import type { TargetKind } from "../kinds/targetKind";
import { kindNamedBy } from "../kinds/targetKinds";
import { idShape, listProperties, nameProperties, parseTargetId } from "../kinds/targetPath";
import { unknownValue } from "./grantInputs";
import { inputNames } from "./properties";

/** One refused input: the property it concerns and why, in words a user can act on. */
export interface InputFailure {
  property: string;
  reason: string;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Azure's rule for resource group names: 1-90 letters, digits, `_`, `(`, `)`, `-`, `.`; not ending in `.`. */
const resourceGroupNamePattern = /^[\p{L}\p{N}_().-]{0,89}[\p{L}\p{N}_()-]$/u;
/** Characters ARM refuses in any resource name, which would also break the request path. */
const forbiddenNameCharacters = /[<>%&\\?/#*:\p{Cc}]/u;
/** The largest `durationInSeconds` Azure accepts: the field is a 32-bit integer. */
export const maximumDurationInSeconds = 2_147_483_647;

/**
 * Validates a resource's inputs the way `pulumi preview` shows them: every failure names the
 * property, the value given and what is allowed. Values that are not known yet during a preview
 * are not judged.
 */
export function validateInputs(kind: TargetKind, inputs: Record<string, unknown>): InputFailure[] {
  const failures: InputFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const given = (name: string) => inputs[name] !== undefined && inputs[name] !== null;
  const known = (name: string) => given(name) && inputs[name] !== unknownValue;
  const { idProperty } = kind.path;
  const names = nameProperties(kind.path);

  checkPropertyNames(inputs, kind.resource, inputNames(kind), fail);

  const namesGiven = names.filter(given);
  const forms = `[${idProperty}] or as ${listProperties(names)}`;
  if (given(idProperty) && (namesGiven.length > 0 || given("subscriptionId"))) {
    const others = [...(given("subscriptionId") ? ["subscriptionId"] : []), ...namesGiven];
    fail(
      idProperty,
      `Give the target either as ${forms}, not both; also given: ${others.map((n) => `[${n}]`).join(", ")}.`,
    );
  } else if (given(idProperty)) {
    if (known(idProperty)) {
      checkTargetId(kind, inputs[idProperty], fail);
    }
  } else if (namesGiven.length === 0) {
    fail(idProperty, `A target is required: give [${idProperty}], or ${listProperties(names)}.`);
  } else {
    for (const name of names) {
      if (!given(name)) {
        fail(
          name,
          `[${name}] is required when the target is given by name (missing; the other names are given).`,
        );
      } else if (known(name)) {
        checkName(name, inputs[name], fail);
      }
    }
  }
  if (known("subscriptionId") && !given(idProperty)) {
    checkSubscriptionId("subscriptionId", inputs["subscriptionId"], fail);
  }

  checkGrantSettings(inputs, fail);
  if (known("renewBeforeSeconds")) {
    checkRenewal(inputs["renewBeforeSeconds"], inputs["durationInSeconds"], fail);
  }
  return failures;
}

/** Records one failure. */
export type Fail = (property: string, reason: string) => void;

/** Refuses every property that is not one of `allowed` (the engine's `__provider` aside). */
export function checkPropertyNames(
  inputs: Record<string, unknown>,
  resource: string,
  allowed: readonly string[],
  fail: Fail,
): void {
  for (const name of Object.keys(inputs)) {
    if (name !== "__provider" && !allowed.includes(name)) {
      fail(name, `[${name}] is not a property of ${resource}; allowed: ${allowed.join(", ")}.`);
    }
  }
}

/**
 * Checks the settings every grant takes: `access` and `durationInSeconds` (required), `fileFormat`,
 * and the `getSecureVMGuestStateSAS` and `revokeOnDelete` flags. Unknown values are not judged.
 */
export function checkGrantSettings(inputs: Record<string, unknown>, fail: Fail): void {
  const given = (name: string) => inputs[name] !== undefined && inputs[name] !== null;
  const known = (name: string) => given(name) && inputs[name] !== unknownValue;
  if (!given("access")) {
    fail("access", `[access] is required: "Read" or "Write".`);
  } else if (known("access")) {
    checkAccess(inputs["access"], fail);
  }
  if (!given("durationInSeconds")) {
    fail(
      "durationInSeconds",
      `[durationInSeconds] is required: a whole number of seconds from 1 to ${maximumDurationInSeconds}.`,
    );
  } else if (known("durationInSeconds")) {
    checkDuration(inputs["durationInSeconds"], fail);
  }
  if (known("fileFormat")) {
    checkEnum("fileFormat", inputs["fileFormat"], ["VHD", "VHDX"], fail);
  }
  for (const flag of ["getSecureVMGuestStateSAS", "revokeOnDelete"] as const) {
    if (known(flag) && typeof inputs[flag] !== "boolean") {
      fail(flag, `[${flag}] must be true or false; got ${describe(inputs[flag])}.`);
    }
  }
}

function checkTargetId(kind: TargetKind, value: unknown, fail: Fail): void {
  const { idProperty } = kind.path;
  if (typeof value !== "string") {
    fail(idProperty, `[${idProperty}] must be a string; got ${describe(value)}.`);
    return;
  }
  const target = parseTargetId(kind.path, value);
  if (!target) {
    const other = kindNamedBy(value);
    fail(
      idProperty,
      other
        ? `[${idProperty}] names ${article(other.noun)}, and ${kind.resource} grants access to ${article(kind.noun)}: give the id of ${article(other.noun)} to ${other.resource} (its [${other.path.idProperty}]), or here the id of ${article(kind.noun)}, ${idShape(kind.path)}; got ${describe(value)}.`
        : `[${idProperty}] must have the form ${idShape(kind.path)}; got ${describe(value)}.`,
    );
    return;
  }
  checkSubscriptionId(idProperty, target.subscriptionId, fail);
  const names = [target.resourceGroupName, ...target.names];
  nameProperties(kind.path).forEach((name, i) => checkName(name, names[i], fail, idProperty));
}

function checkSubscriptionId(property: string, value: unknown, fail: Fail): void {
  if (typeof value !== "string" || !guidPattern.test(value)) {
    const where =
      property === "subscriptionId" ? "[subscriptionId]" : `The subscription id in [${property}]`;
    fail(
      property,
      `${where} must be a GUID such as 00000000-0000-0000-0000-000000000000; got ${describe(value)}.`,
    );
  }
}

function checkName(name: string, value: unknown, fail: Fail, property: string = name): void {
  const where = property === name ? `[${name}]` : `The ${name} in [${property}]`;
  if (typeof value !== "string" || value.length === 0) {
    fail(property, `${where} must be a non-empty string; got ${describe(value)}.`);
  } else if (name === "resourceGroupName" && !resourceGroupNamePattern.test(value)) {
    fail(
      property,
      `${where} must be 1-90 letters, digits, underscores, parentheses, hyphens and periods, not ending in a period; got ${describe(value)}.`,
    );
  } else if (forbiddenNameCharacters.test(value) || /[. ]$/.test(value)) {
    fail(
      property,
      `${where} must not contain < > % & \\ ? / # * : or control characters, nor end in a period or space; got ${describe(value)}.`,
    );
  }
}

function checkAccess(value: unknown, fail: Fail): void {
  if (value === "None") {
    fail(
      "access",
      `[access] "None" grants nothing: use "Read" or "Write", or remove the resource to revoke access.`,
    );
    return;
  }
  checkEnum("access", value, ["Read", "Write"], fail);
}

function checkDuration(value: unknown, fail: Fail): void {
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > maximumDurationInSeconds
  ) {
    fail(
      "durationInSeconds",
      `[durationInSeconds] must be a whole number of seconds from 1 to ${maximumDurationInSeconds}; got ${describe(value)}.`,
    );
  }
}

function checkRenewal(value: unknown, duration: unknown, fail: Fail): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    fail(
      "renewBeforeSeconds",
      `[renewBeforeSeconds] must be a whole number of seconds, 0 or more; got ${describe(value)}.`,
    );
  } else if (typeof duration === "number" && value >= duration) {
    fail(
      "renewBeforeSeconds",
      `[renewBeforeSeconds] must be less than [durationInSeconds] (${duration}), or every update would renew the grant; got ${value}.`,
    );
  }
}

function checkEnum(property: string, value: unknown, allowed: readonly string[], fail: Fail): void {
  if (typeof value === "string" && allowed.includes(value)) {
    return;
  }
  const allowedText = allowed.map((a) => JSON.stringify(a)).join(" or ");
  const sameLetters =
    typeof value === "string"
      ? allowed.find((a) => a.toLowerCase() === value.toLowerCase())
      : undefined;
  const hint = sameLetters ? ` (values are case-sensitive: did you mean "${sameLetters}"?)` : "";
  fail(property, `[${property}] must be ${allowedText}; got ${describe(value)}${hint}.`);
}

/** A noun with its indefinite article: `a managed disk`. */
export function article(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/** Describes a value for a message: strings quoted, other types named. */
export function describe(value: unknown): string {
  if (typeof value === "string") {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `an array`;
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return `${typeof value} ${value}`;
  }
  return value === null ? "null" : `a value of type ${typeof value}`;
}
