import { unknownValue } from "../provider/inputs";
import {
  checkAccess,
  checkDuration,
  checkEnum,
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
  const given = (name: string) => inputs[name] !== undefined && inputs[name] !== null;
  const known = (name: string) => given(name) && inputs[name] !== unknownValue;

  for (const name of Object.keys(inputs)) {
    if (name !== "__provider" && !(vmInputNames as readonly string[]).includes(name)) {
      fail(
        name,
        `[${name}] is not a property of VmRestorePointAccess; allowed: ${vmInputNames.join(", ")}.`,
      );
    }
  }
  if (!given("vmRestorePointId")) {
    fail("vmRestorePointId", `[vmRestorePointId] is required: ${vmRestorePointIdShape}.`);
  } else if (
    known("vmRestorePointId") &&
    (typeof inputs["vmRestorePointId"] !== "string" ||
      !parseVmRestorePointId(inputs["vmRestorePointId"]))
  ) {
    fail(
      "vmRestorePointId",
      `[vmRestorePointId] must have the form ${vmRestorePointIdShape}; got ${describe(inputs["vmRestorePointId"])}.`,
    );
  }
  if (!given("access")) {
    fail("access", `[access] is required: "Read" or "Write".`);
  } else if (known("access")) {
    checkAccess(inputs["access"], fail);
  }
  if (!given("durationInSeconds")) {
    fail("durationInSeconds", "[durationInSeconds] is required: a whole number of seconds.");
  } else if (known("durationInSeconds")) {
    checkDuration(inputs["durationInSeconds"], fail);
  }
  if (known("fileFormat")) {
    checkEnum("fileFormat", inputs["fileFormat"], ["VHD", "VHDX"], fail);
  }
  for (const flag of ["getSecureVMGuestStateSAS", "revokeOnDelete"] as const) {
    if (known(flag) && typeof inputs[flag] !== "boolean") {
      fail(flag, `[${flag}] must be true or false; got ${describe(inputs[flag])}.`);
    }
  }
  return failures;
}
