/** Where a blob URL points: its account, container and blob. */
export interface BlobAddress {
  account: string;
  container: string;
  blob: string;
}

/** Azure's rule for container names: 3-63 lowercase letters, digits and single hyphens inside. */
const containerNamePattern = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** Azure's rule for storage account names: 3-24 lowercase letters and digits. */
const accountNamePattern = /^[a-z0-9]{3,24}$/;

/**
 * Reads the URL of a blob to write with Entra ID: `https://{account}.blob.{suffix}/{container}/{blob}`
 * (`{account}.z{nn}.blob.storage.azure.net` for Azure DNS zone endpoints), or path-style as emulators
 * and Azure Stack serve it, `https://{host}/{account}/{container}/{blob}`.
 *
 * @returns the address, or why the URL is not one (without quoting it).
 */
export function parseBlobUrl(text: string): BlobAddress | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:") {
    return "must be an https URL (Azure Storage takes Entra ID sign-in over TLS only)";
  }
  if (url.search || url.hash) {
    return "must name the blob alone, without a query (a SAS): the provider writes with its own Azure credential";
  }
  // `{account}.blob.core.windows.net`, or `{account}.z23.blob.storage.azure.net` for an account of
  // Azure DNS zone endpoints; any other host names the account in the path.
  const hostStyle = /^([^.]+)\.(?:z\d+\.)?blob\./i.exec(url.hostname);
  const segments = url.pathname.split("/").slice(1).map(decodeURIComponent);
  const [account, container, ...blob] = hostStyle
    ? [hostStyle[1]!.toLowerCase(), ...segments]
    : segments;
  if (!account || !container || blob.length === 0 || blob.join("/") === "") {
    return hostStyle
      ? "must have the form https://{account}.blob.{storage suffix}/{container}/{blob}"
      : "must have the form https://{account}.blob.{storage suffix}/{container}/{blob}, or https://{host}/{account}/{container}/{blob} (path-style)";
  }
  if (!accountNamePattern.test(account)) {
    return `names the storage account "${account}": an account's name is 3-24 lowercase letters and digits`;
  }
  if (!containerNamePattern.test(container)) {
    return `names the container "${container}": a container's name is 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit`;
  }
  const name = blob.join("/");
  if (name.length > 1024) {
    return "names a blob longer than 1024 characters";
  }
  return { account, container, blob: name };
}

/**
 * Whether two blob URLs name the same blob: the host and account match whatever their case, the
 * container and blob names exactly.
 */
export function isSameBlob(a: string, b: string): boolean {
  const left = parseBlobUrl(a);
  const right = parseBlobUrl(b);
  if (typeof left === "string" || typeof right === "string") {
    return a === b;
  }
  return (
    new URL(a).host.toLowerCase() === new URL(b).host.toLowerCase() &&
    left.account === right.account &&
    left.container === right.container &&
    left.blob === right.blob
  );
}
