import { cloudError, type EmulatorRequest, type EmulatorResponse } from "./http";

/**
 * Azure RBAC for the emulator's principal, simplified: the actions of the roles assigned to it, with
 * `*` wildcards as role definitions write them. Unset, everything is allowed.
 */
export class RoleAssignments {
  /** The actions the principal holds; `undefined` allows all. */
  actions: string[] | undefined;
  /**
   * The data actions the principal holds on the storage account; `undefined` holds those of
   * Storage Blob Data Contributor.
   */
  dataActions: string[] | undefined;

  constructor(private readonly clientId: string) {}

  /** Whether the principal may make a signed-in Blob request with this method. */
  allowsData(method: string): boolean {
    const required = dataActionFor(method);
    return (this.dataActions ?? storageBlobDataContributor).some((a) => allows(a, required));
  }

  /** A 403 `AuthorizationFailed` as Resource Manager answers, or `undefined` when allowed. */
  check(request: EmulatorRequest): EmulatorResponse | undefined {
    const required = actionFor(request.method, request.url.pathname);
    if (this.actions === undefined || !required || this.actions.some((a) => allows(a, required))) {
      return undefined;
    }
    const scope = request.url.pathname.replace(/\/(begin|end)GetAccess$/i, "");
    return cloudError(
      403,
      "AuthorizationFailed",
      `The client '${this.clientId}' with object id '${this.clientId}' does not have authorization to perform action '${required}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }
}

/** The data actions of the built-in role Storage Blob Data Contributor. */
export const storageBlobDataContributor = [
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action",
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
];

/** The data action a signed-in Blob request needs: to read, write or delete a blob. */
export function dataActionFor(method: string): string {
  const blobs = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";
  if (method === "GET" || method === "HEAD") {
    return `${blobs}/read`;
  }
  return method === "DELETE" ? `${blobs}/delete` : `${blobs}/write`;
}

/** The RBAC action a Resource Manager request needs. */
export function actionFor(method: string, path: string): string | undefined {
  if (/\/providers\/Microsoft\.Compute\/locations\/[^/]+\/DiskOperations\//i.test(path)) {
    return "Microsoft.Compute/locations/diskOperations/read";
  }
  const onDisk =
    /\/providers\/Microsoft\.Compute\/(disks|snapshots)\/[^/]+(?:\/(beginGetAccess|endGetAccess))?$/i.exec(
      path,
    );
  if (onDisk) {
    const [, type, action] = onDisk;
    if (action) {
      return `Microsoft.Compute/${type!.toLowerCase()}/${action}/action`;
    }
    return method === "GET" ? `Microsoft.Compute/${type!.toLowerCase()}/read` : undefined;
  }
  const disk = "Microsoft.Compute/restorePointCollections/restorePoints/diskRestorePoints";
  if (/\/diskRestorePoints\/[^/]+\/beginGetAccess$/i.test(path)) {
    return `${disk}/beginGetAccess/action`;
  }
  if (/\/diskRestorePoints\/[^/]+\/endGetAccess$/i.test(path)) {
    return `${disk}/endGetAccess/action`;
  }
  if (method === "GET" && /\/diskRestorePoints(\/[^/]+)?$/i.test(path)) {
    return `${disk}/read`;
  }
  return undefined;
}

function allows(granted: string, required: string): boolean {
  const pattern = granted.toLowerCase();
  const action = required.toLowerCase();
  return pattern.endsWith("*") ? action.startsWith(pattern.slice(0, -1)) : pattern === action;
}
