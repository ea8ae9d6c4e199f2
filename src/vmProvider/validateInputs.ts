import { unknownValue } from "../provider/inputs";
import {
  checkGrantSettings,
  checkPropertyNames,
  describe,
  type InputFailure,
} from "../provider/validateInputs";
import { parseVmRestorePointId, vmInputNames, vmRestorePointIdShape } from "./inputs";

/**
 * Validates the inputs of a `VmRestorePointAccess` as `pulumi preview` shows them: each failure
 * names the property, the value and what is allowed; values not known yet are not judged.
 */
export function validateVmInputs(inputs: Record<string, unknown>): InputFailure[] {
  const failures: InputFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  checkPropertyNames(inputs, "VmRestorePointAccess", vmInputNames, fail);
  const id = inputs["vmRestorePointId"];
  if (id === undefined || id === null) {
    fail("vmRestorePointId", `[vmRestorePointId] is required: ${vmRestorePointIdShape}.`);
  } else if (id !== unknownValue && (typeof id !== "string" || !parseVmRestorePointId(id))) {
    fail(
      "vmRestorePointId",
      `[vmRestorePointId] must have the form ${vmRestorePointIdShape}; got ${describe(id)}.`,
    );
  }
  checkGrantSettings(inputs, fail);
  return failures;
}
