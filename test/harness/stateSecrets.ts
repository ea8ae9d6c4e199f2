import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** Pulumi's marker of a secret value in state and on the wire. */
export const secretSignatureKey = "4dabf18193072939515e22adb298388d";
export const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

/** A secret as it crosses the wire from the program: `{ [sigKey]: secretSig, value }`. */
export function isWireSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[secretSignatureKey] === secretSignature
  );
}

/**
 * Encrypts secret values for the recorded state the way a Pulumi secrets manager does: the state
 * holds `{ [sigKey]: secretSig, ciphertext }`, never the plain text.
 */
export class StateSecrets {
  /** @param key the secrets manager's key: a new one unless a recorded state's is given. */
  constructor(private readonly key: Buffer = randomBytes(32)) {}

  /** `properties` sealed by `from` (another key), sealed by this one instead. */
  rekey(properties: Record<string, unknown>, from: StateSecrets): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(properties).map(([name, value]) => [
        name,
        isWireSecret(value) ? this.encrypt(from.decrypt(value)) : value,
      ]),
    );
  }

  /** Stores `properties` with the named ones encrypted. */
  seal(
    properties: Record<string, unknown>,
    secretNames: ReadonlySet<string>,
  ): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(properties).map(([name, value]) => [
        name,
        secretNames.has(name) ? this.encrypt(value) : value,
      ]),
    );
  }

  /** The plain properties of a stored bag, as the provider plugin receives them. */
  open(properties: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(properties).map(([name, value]) => [name, this.decrypt(value)]),
    );
  }

  private encrypt(value: unknown): Record<string, string> {
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, nonce);
    const body = Buffer.concat([
      cipher.update(JSON.stringify(value), "utf8"),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return {
      [secretSignatureKey]: secretSignature,
      ciphertext: `v1:${nonce.toString("base64")}:${body.toString("base64")}`,
    };
  }

  private decrypt(value: unknown): unknown {
    if (
      !isWireSecret(value) ||
      typeof (value as Record<string, unknown>)["ciphertext"] !== "string"
    ) {
      return value;
    }
    const [, nonce, body] = String((value as Record<string, unknown>)["ciphertext"]).split(":");
    const data = Buffer.from(body!, "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(nonce!, "base64"));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return JSON.parse(
      Buffer.concat([
        decipher.update(data.subarray(0, data.length - 16)),
        decipher.final(),
      ]).toString("utf8"),
    );
  }
}
