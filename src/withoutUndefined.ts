/** Drops the keys whose value is `undefined`, which the Pulumi engine cannot store. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
