import { accessTarget, type AccessTargetType } from "../azure/accessTarget";
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
 * disk, a snapshot) and records its SAS URLs as outputs of their own.
 */
export function singleTargetKind(kind: {
  resource: string;
  noun: string;
  type: AccessTargetType;
  path: TargetPath;
  /** Outputs besides the SAS URLs, such as a disk's `dataAccessAuthMode`. */
  otherOutputs?: readonly string[];
}): TargetKind {
  const { type, path } = kind;
  return {
    resource: kind.resource,
    noun: kind.noun,
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
