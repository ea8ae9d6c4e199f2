/**
 * Replaces the signature of every SAS URL in a text with `***`, keeping the rest readable:
 * `https://host/disk?sv=...&sig=***`. The signature is what makes a SAS a secret.
 */
export function maskSasSignatures(text: string): string {
  return text.replace(/([?&]sig=)[^&#\s"']*/gi, "$1***");
}
