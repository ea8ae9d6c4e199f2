/**
 * Secrets as they cross the provider protocol once the provider accepts secrets: an object holding
 * the signature key with the secret signature, and the value.
 */
const signatureKey = "4dabf18193072939515e22adb298388d";
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

/** A property bag as it crosses the wire. */
export type WireProperties = Record<string, unknown>;

/** Whether a value is a secret as it crosses the wire. */
export function isSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[signatureKey] === secretSignature
  );
}

/** `value` wrapped as a secret. */
export function secret(value: unknown): WireProperties {
  return { [signatureKey]: secretSignature, value };
}

/** A value with every secret inside it unwrapped, at any depth. */
export function reveal(value: unknown): unknown {
  if (isSecret(value)) {
    return reveal(value.value);
  }
  if (Array.isArray(value)) {
    return value.map(reveal);
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, reveal(item)]));
  }
  return value;
}

/** The properties with every secret unwrapped. */
export function revealProperties(properties: WireProperties): WireProperties {
  return reveal(properties) as WireProperties;
}

/** The top-level properties that hold a secret anywhere inside them. */
export function secretPropertyNames(properties: WireProperties): string[] {
  const holdsSecret = (value: unknown): boolean =>
    isSecret(value) ||
    (typeof value === "object" && value !== null && Object.values(value).some(holdsSecret));
  return Object.keys(properties).filter((name) => holdsSecret(properties[name]));
}

/** The properties with those `names` wrapped as secrets (the others as they are). */
export function concealProperties(
  properties: WireProperties,
  names: Iterable<string>,
): WireProperties {
  const secretNames = new Set(names);
  return Object.fromEntries(
    Object.entries(properties).map(([name, value]) => [
      name,
      secretNames.has(name) ? secret(value) : value,
    ]),
  );
}
