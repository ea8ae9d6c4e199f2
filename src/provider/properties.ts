import { inputNames, type DiskRestorePointAccessInputs } from "./inputs";

/**
 * Keeps only the known input properties that have a value. The engine refuses an output whose
 * value is `undefined`, and `__provider` is the engine's own.
 */
export function pickInputs(properties: object): DiskRestorePointAccessInputs {
  const source = properties as Record<string, unknown>;
  return Object.fromEntries(
    inputNames.filter((name) => source[name] !== undefined).map((name) => [name, source[name]]),
  ) as unknown as DiskRestorePointAccessInputs;
}

/** Drops the keys whose value is `undefined`, which the engine cannot store. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
