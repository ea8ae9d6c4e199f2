import type { TargetKind } from "../kinds/targetKind";
import { targetInputNames } from "../kinds/targetPath";
import { grantSettingNames, optionNames, type GrantInputs, type GrantTimes } from "./grantInputs";

/** The inputs the provider receives: the target (by id or by names) and the grant's. */
export type AccessInputs = GrantInputs & Record<string, unknown>;

/** What the provider records: the inputs, the target's full id, the grants' outputs and times. */
export type AccessOutputs = AccessInputs & GrantTimes;

/** Every input a kind's resource takes, in the order they are documented. */
export function inputNames(kind: TargetKind): string[] {
  return [...targetInputNames(kind.path), ...grantSettingNames, ...optionNames];
}

/**
 * Keeps only the known input properties that have a value. The engine refuses an output whose
 * value is `undefined`, and `__provider` is the engine's own.
 */
export function pickInputs(kind: TargetKind, properties: object): AccessInputs {
  const source = properties as Record<string, unknown>;
  return Object.fromEntries(
    inputNames(kind)
      .filter((name) => source[name] !== undefined)
      .map((name) => [name, source[name]]),
  ) as AccessInputs;
}
