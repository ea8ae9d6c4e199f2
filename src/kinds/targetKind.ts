import type { GrantAccessData } from "@azure/arm-compute";
import type { ArmTarget } from "../armId";
import type { DiskOfVmRestorePoint, GrantedSas } from "../azure";
import type { AccessTarget } from "../azure/accessTarget";
import type { GrantInputs } from "../lifecycle/grantInputs";
import type { TargetPath } from "./targetPath";

/** One object to grant access to, and the request for it. */
export interface PlannedGrant {
  target: AccessTarget;
  request: GrantAccessData;
}

/** A grant Azure made: what was planned and the SAS URLs it returned. */
export interface Grant {
  planned: PlannedGrant;
  sas: GrantedSas;
}

/** The Azure calls a kind may make while planning its grants, bound to the resource's cloud. */
export interface PlanningCalls {
  listDisks(vm: ArmTarget, vmId: string): Promise<DiskOfVmRestorePoint[] | undefined>;
}

/**
 * A kind of target, and so a resource: what one resource grants access to. The lifecycle (check,
 * diff, create, read, update, delete, renewal, undo on failure, secrets) is the same for every kind
 * and written once; a kind says only where its target sits, how it is granted and how the grants
 * are recorded.
 */
export interface TargetKind {
  /** The resource's type name, as messages and type tokens name it: `ManagedDiskAccess`. */
  resource: string;
  /** What Azure calls the target, in messages: `managed disk`. */
  noun: string;
  path: TargetPath;
  /** How grant settings read when they are not given, so that making a default explicit changes nothing. */
  settingDefaults: Partial<Record<keyof GrantInputs, unknown>>;
  /** The outputs that hold SAS URLs: secret in the program and in state. */
  secretOutputs: readonly string[];
  /** The other outputs of the grants, besides the target's id and the grant times. */
  otherOutputs: readonly string[];
  /** What to grant for one resource: the objects and the request for each. */
  plan(target: ArmTarget, inputs: GrantInputs, calls: PlanningCalls): Promise<PlannedGrant[]>;
  /** The outputs that record the grants. */
  grantOutputs(grants: Grant[]): Record<string, unknown>;
  /** The objects whose access recorded outputs hold: what delete revokes and refresh reads. */
  granted(outputs: Record<string, unknown>): AccessTarget[];
}

/** The request of a grant: the settings that were given, and no others. */
export function grantRequest(inputs: GrantInputs): GrantAccessData {
  return {
    access: inputs.access,
    durationInSeconds: inputs.durationInSeconds,
    ...(inputs.fileFormat ? { fileFormat: inputs.fileFormat } : {}),
    ...(inputs.getSecureVMGuestStateSAS !== undefined
      ? { getSecureVMGuestStateSAS: inputs.getSecureVMGuestStateSAS }
      : {}),
  };
}
