import {
  accessTarget,
  accessTargetNouns,
  accessTargetPaths,
  type AccessTargetType,
} from "../azure/accessTarget";
import { withoutUndefined } from "../withoutUndefined";
import { grantRequest, type TargetKind } from "./targetKind";
import { parseTargetId, type TargetPath } from "./targetPath";

/** The outputs that hold the SAS URLs of one target. */
export const sasOutputNames = [
  "accessSAS",
  "securityDataAccessSAS",
  "securityMetadataAccessSAS",
] as const;

/**
 * A kind whose resource grants access to one object of Azure's (a disk restore point, a managed
 * disk, a snapshot) and records its SAS URLs as outputs of their own. Its path and noun are the
 * access target type's.
 */
export function singleTargetKind(kind: {
  resource: string;
  type: AccessTargetType;
  /** The input (and output) that holds the target's full ARM id. */
  idProperty: string;
  /** The inputs that name each level of the target's path below its resource group, in order. */
  nameProperties: readonly string[];
  /** Outputs besides the SAS URLs, such as a disk's `dataAccessAuthMode`. */
  otherOutputs?: readonly string[];
}): TargetKind {
  const { type } = kind;
  const path: TargetPath = {
    idProperty: kind.idProperty,
    segments: accessTargetPaths[type].map((armType, i) => [armType, kind.nameProperties[i]!]),
  };
  return {
    resource: kind.resource,
    noun: accessTargetNouns[type],
    path,
    settingDefaults: { fileFormat: "VHD", getSecureVMGuestStateSAS: false },
    secretOutputs: sasOutputNames,
    otherOutputs: kind.otherOutputs ?? [],
    plan: async (target, inputs) => [
      { target: accessTarget(type, target), request: grantRequest(inputs) },
    ],
    grantOutputs: ([grant]) => withoutUndefined({ ...grant?.sas }),
    granted: (outputs) => [
      accessTarget(type, parseTargetId(path, String(outputs[path.idProperty]))!),
    ],
  };
}
