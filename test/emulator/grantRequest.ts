import { cloudError, jsonBody, type EmulatorRequest, type EmulatorResponse } from "./http";

/** A grant request (`GrantAccessData`) as the emulator accepted it. */
export interface GrantRequest {
  write: boolean;
  durationInSeconds: number;
  guestState: boolean;
}

/** What a grant request is judged against: the target's sectors and security profile. */
export interface GrantTarget {
  logicalSectorSize: number;
  securityType?: string;
}

/**
 * Reads a `beginGetAccess` body as Azure checks it, or answers Azure's refusal: an access level or
 * duration that is not valid, a file format that is not, a disk with 4096-byte sectors exported as
 * anything but VHDX, a guest state asked of a disk without a security profile.
 */
export function readGrantRequest(
  request: EmulatorRequest,
  target: GrantTarget,
): GrantRequest | EmulatorResponse {
  const body = jsonBody(request) as Record<string, unknown> | undefined;
  const access = typeof body?.["access"] === "string" ? body["access"].toLowerCase() : undefined;
  if (access !== "read" && access !== "write") {
    return cloudError(
      400,
      "InvalidParameter",
      `The value '${String(body?.["access"])}' of parameter 'access' is not valid. Allowed values: Read, Write.`,
      "grantAccessData.access",
    );
  }
  const duration = body?.["durationInSeconds"];
  if (typeof duration !== "number" || !Number.isInteger(duration) || duration < 1) {
    return cloudError(
      400,
      "InvalidParameter",
      "The value of parameter 'durationInSeconds' is invalid.",
      "grantAccessData.durationInSeconds",
    );
  }
  const fileFormat =
    body?.["fileFormat"] === undefined
      ? undefined
      : JSON.stringify(body["fileFormat"]).replace(/^"|"$/g, "");
  if (fileFormat !== undefined && !["vhd", "vhdx"].includes(fileFormat.toLowerCase())) {
    return cloudError(
      400,
      "InvalidParameter",
      `The value '${fileFormat}' of parameter 'fileFormat' is not valid. Allowed values: VHD, VHDX.`,
      "grantAccessData.fileFormat",
    );
  }
  if (target.logicalSectorSize === 4096 && fileFormat?.toUpperCase() !== "VHDX") {
    return cloudError(
      400,
      "BadRequest",
      "Accessing disk or snapshot with a logical sector size of 4096 requires specifying the file format. Set the fileFormat property to VHDX.",
      "fileFormat",
    );
  }
  const guestState = body?.["getSecureVMGuestStateSAS"] === true;
  if (guestState && !target.securityType) {
    return cloudError(
      400,
      "BadRequest",
      "GetSecureVMGuestStateSAS can be set only for disk with SecurityProfile.",
      "getSecureVMGuestStateSAS",
    );
  }
  return { write: access === "write", durationInSeconds: duration, guestState };
}

/** Whether a value is Azure's refusal rather than an accepted request. */
export function isRefusal(value: GrantRequest | EmulatorResponse): value is EmulatorResponse {
  return "status" in value;
}
