import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diskRestorePoint } from "../src/kinds/diskRestorePoint";
import { managedDisk } from "../src/kinds/managedDisk";
import { snapshot } from "../src/kinds/snapshot";
import type { TargetKind } from "../src/kinds/targetKind";
import { vmRestorePoint } from "../src/kinds/vmRestorePoint";
import { unknownValue } from "../src/lifecycle/grantInputs";
import { validateInputs as validateAny, type InputFailure } from "../src/lifecycle/validateInputs";

const validateInputs = (inputs: Record<string, unknown>) => validateAny(diskRestorePoint, inputs);

const id =
  "/subscriptions/6f7c2b1e-4a3d-4e8b-9c21-5d0e3f9a7b10/resourceGroups/rg-backup/providers/Microsoft.Compute/restorePointCollections/rpc-web01/restorePoints/vmrp-1/diskRestorePoints/osdisk_1";
const byId = { diskRestorePointId: id, access: "Read", durationInSeconds: 3600 };
const byName = {
  resourceGroupName: "rg-backup",
  restorePointCollectionName: "rpc-web01",
  vmRestorePointName: "vmrp-1",
  diskRestorePointName: "osdisk_1",
  access: "Write",
  durationInSeconds: 60,
};
const shape =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/restorePointCollections/{restorePointCollectionName}/restorePoints/{vmRestorePointName}/diskRestorePoints/{diskRestorePointName}";
const forbidden =
  "must not contain < > % & \\ ? / # * : or control characters, nor end in a period or space";
const durationRule = "[durationInSeconds] must be a whole number of seconds from 1 to 2147483647";

describe("validating inputs at preview", () => {
  const valid: [string, Record<string, unknown>][] = [
    ["a target by id", byId],
    ["a target by names, subscription from the environment", byName],
    [
      "a target by names with a subscription",
      { ...byName, subscriptionId: "6F7C2B1E-4A3D-4E8B-9C21-5D0E3F9A7B10" },
    ],
    [
      "every optional property",
      { ...byId, fileFormat: "VHDX", getSecureVMGuestStateSAS: true, revokeOnDelete: false },
    ],
    ["the largest duration", { ...byId, durationInSeconds: 2147483647 }],
    [
      "a resource group name of unicode letters and parentheses",
      { ...byName, resourceGroupName: "rg-(prod)_ü.1" },
    ],
    [
      "unknown values during preview",
      {
        diskRestorePointId: unknownValue,
        access: unknownValue,
        durationInSeconds: unknownValue,
        fileFormat: unknownValue,
        revokeOnDelete: unknownValue,
      },
    ],
    [
      "unknown names during preview",
      { ...byName, diskRestorePointName: unknownValue, subscriptionId: unknownValue },
    ],
    ["the engine's own __provider", { ...byId, __provider: "exports.handler = ..." }],
  ];
  for (const [what, inputs] of valid) {
    it(`accepts ${what}`, () => assert.deepEqual(validateInputs(inputs), []));
  }

  const invalid: [string, Record<string, unknown>, InputFailure[]][] = [
    [
      "both target forms",
      { ...byId, resourceGroupName: "rg", diskRestorePointName: "d" },
      [
        {
          property: "diskRestorePointId",
          reason:
            "Give the target either as [diskRestorePointId] or as [resourceGroupName], [restorePointCollectionName], [vmRestorePointName] and [diskRestorePointName], not both; also given: [resourceGroupName], [diskRestorePointName].",
        },
      ],
    ],
    [
      "an id with a subscription",
      { ...byId, subscriptionId: "6f7c2b1e-4a3d-4e8b-9c21-5d0e3f9a7b10" },
      [
        {
          property: "diskRestorePointId",
          reason:
            "Give the target either as [diskRestorePointId] or as [resourceGroupName], [restorePointCollectionName], [vmRestorePointName] and [diskRestorePointName], not both; also given: [subscriptionId].",
        },
      ],
    ],
    [
      "no target",
      { access: "Read", durationInSeconds: 60 },
      [
        {
          property: "diskRestorePointId",
          reason:
            "A target is required: give [diskRestorePointId], or [resourceGroupName], [restorePointCollectionName], [vmRestorePointName] and [diskRestorePointName].",
        },
      ],
    ],
    [
      "some names missing",
      { ...byName, restorePointCollectionName: undefined, vmRestorePointName: null },
      [
        {
          property: "restorePointCollectionName",
          reason:
            "[restorePointCollectionName] is required when the target is given by name (missing; the other names are given).",
        },
        {
          property: "vmRestorePointName",
          reason:
            "[vmRestorePointName] is required when the target is given by name (missing; the other names are given).",
        },
      ],
    ],
    [
      "a malformed id",
      { ...byId, diskRestorePointId: "/subscriptions/x/disks/d" },
      [
        {
          property: "diskRestorePointId",
          reason: `[diskRestorePointId] must have the form ${shape}; got "/subscriptions/x/disks/d".`,
        },
      ],
    ],
    [
      "an id that is not a string",
      { ...byId, diskRestorePointId: 42 },
      [
        {
          property: "diskRestorePointId",
          reason: "[diskRestorePointId] must be a string; got number 42.",
        },
      ],
    ],
    [
      "an id whose subscription is not a GUID",
      { ...byId, diskRestorePointId: id.replace("6f7c2b1e-4a3d-4e8b-9c21-5d0e3f9a7b10", "my-sub") },
      [
        {
          property: "diskRestorePointId",
          reason:
            'The subscription id in [diskRestorePointId] must be a GUID such as 00000000-0000-0000-0000-000000000000; got "my-sub".',
        },
      ],
    ],
    [
      "an id whose resource group ends in a period",
      { ...byId, diskRestorePointId: id.replace("rg-backup", "rg.") },
      [
        {
          property: "diskRestorePointId",
          reason:
            'The resourceGroupName in [diskRestorePointId] must be 1-90 letters, digits, underscores, parentheses, hyphens and periods, not ending in a period; got "rg.".',
        },
      ],
    ],
    [
      "a subscription that is not a GUID",
      { ...byName, subscriptionId: "prod" },
      [
        {
          property: "subscriptionId",
          reason:
            '[subscriptionId] must be a GUID such as 00000000-0000-0000-0000-000000000000; got "prod".',
        },
      ],
    ],
    [
      "an empty name",
      { ...byName, diskRestorePointName: "" },
      [
        {
          property: "diskRestorePointName",
          reason: '[diskRestorePointName] must be a non-empty string; got "".',
        },
      ],
    ],
    [
      "a name that is not a string",
      { ...byName, vmRestorePointName: ["vmrp"] },
      [
        {
          property: "vmRestorePointName",
          reason: "[vmRestorePointName] must be a non-empty string; got an array.",
        },
      ],
    ],
    [
      "a resource group name over 90 characters",
      { ...byName, resourceGroupName: "r".repeat(91) },
      [
        {
          property: "resourceGroupName",
          reason: `[resourceGroupName] must be 1-90 letters, digits, underscores, parentheses, hyphens and periods, not ending in a period; got "${"r".repeat(91)}".`,
        },
      ],
    ],
    [
      "a resource group name with a space",
      { ...byName, resourceGroupName: "rg backup" },
      [
        {
          property: "resourceGroupName",
          reason:
            '[resourceGroupName] must be 1-90 letters, digits, underscores, parentheses, hyphens and periods, not ending in a period; got "rg backup".',
        },
      ],
    ],
    [
      "a collection name with a slash",
      { ...byName, restorePointCollectionName: "rpc/x" },
      [
        {
          property: "restorePointCollectionName",
          reason: `[restorePointCollectionName] ${forbidden}; got "rpc/x".`,
        },
      ],
    ],
    [
      "a restore point name with a question mark",
      { ...byName, vmRestorePointName: "vmrp?" },
      [
        {
          property: "vmRestorePointName",
          reason: `[vmRestorePointName] ${forbidden}; got "vmrp?".`,
        },
      ],
    ],
    [
      "a disk restore point name ending in a period",
      { ...byName, diskRestorePointName: "disk." },
      [
        {
          property: "diskRestorePointName",
          reason: `[diskRestorePointName] ${forbidden}; got "disk.".`,
        },
      ],
    ],
    [
      "no access",
      { ...byId, access: undefined },
      [{ property: "access", reason: '[access] is required: "Read" or "Write".' }],
    ],
    [
      "access None",
      { ...byId, access: "None" },
      [
        {
          property: "access",
          reason:
            '[access] "None" grants nothing: use "Read" or "Write", or remove the resource to revoke access.',
        },
      ],
    ],
    [
      "access in the wrong case",
      { ...byId, access: "read" },
      [
        {
          property: "access",
          reason:
            '[access] must be "Read" or "Write"; got "read" (values are case-sensitive: did you mean "Read"?).',
        },
      ],
    ],
    [
      "an unknown access",
      { ...byId, access: "Delete" },
      [{ property: "access", reason: '[access] must be "Read" or "Write"; got "Delete".' }],
    ],
    [
      "no duration",
      { ...byId, durationInSeconds: undefined },
      [
        {
          property: "durationInSeconds",
          reason:
            "[durationInSeconds] is required: a whole number of seconds from 1 to 2147483647.",
        },
      ],
    ],
    [
      "a fractional duration",
      { ...byId, durationInSeconds: 1.5 },
      [{ property: "durationInSeconds", reason: `${durationRule}; got number 1.5.` }],
    ],
    [
      "a zero duration",
      { ...byId, durationInSeconds: 0 },
      [{ property: "durationInSeconds", reason: `${durationRule}; got number 0.` }],
    ],
    [
      "a negative duration",
      { ...byId, durationInSeconds: -60 },
      [{ property: "durationInSeconds", reason: `${durationRule}; got number -60.` }],
    ],
    [
      "a duration over the 32-bit limit",
      { ...byId, durationInSeconds: 2147483648 },
      [{ property: "durationInSeconds", reason: `${durationRule}; got number 2147483648.` }],
    ],
    [
      "a duration given as text",
      { ...byId, durationInSeconds: "3600" },
      [{ property: "durationInSeconds", reason: `${durationRule}; got "3600".` }],
    ],
    [
      "an unknown file format",
      { ...byId, fileFormat: "QCOW2" },
      [{ property: "fileFormat", reason: '[fileFormat] must be "VHD" or "VHDX"; got "QCOW2".' }],
    ],
    [
      "a file format in the wrong case",
      { ...byId, fileFormat: "vhdx" },
      [
        {
          property: "fileFormat",
          reason:
            '[fileFormat] must be "VHD" or "VHDX"; got "vhdx" (values are case-sensitive: did you mean "VHDX"?).',
        },
      ],
    ],
    [
      "a guest-state flag given as text",
      { ...byId, getSecureVMGuestStateSAS: "true" },
      [
        {
          property: "getSecureVMGuestStateSAS",
          reason: '[getSecureVMGuestStateSAS] must be true or false; got "true".',
        },
      ],
    ],
    [
      "a revokeOnDelete flag given as a number",
      { ...byId, revokeOnDelete: 0 },
      [
        {
          property: "revokeOnDelete",
          reason: "[revokeOnDelete] must be true or false; got number 0.",
        },
      ],
    ],
    [
      "a negative renewBeforeSeconds",
      { ...byId, renewBeforeSeconds: -1 },
      [
        {
          property: "renewBeforeSeconds",
          reason:
            "[renewBeforeSeconds] must be a whole number of seconds, 0 or more; got number -1.",
        },
      ],
    ],
    [
      "a renewBeforeSeconds given as a string",
      { ...byId, renewBeforeSeconds: "600" },
      [
        {
          property: "renewBeforeSeconds",
          reason: '[renewBeforeSeconds] must be a whole number of seconds, 0 or more; got "600".',
        },
      ],
    ],
    [
      "a renewBeforeSeconds as long as the grant",
      { ...byId, durationInSeconds: 3600, renewBeforeSeconds: 3600 },
      [
        {
          property: "renewBeforeSeconds",
          reason:
            "[renewBeforeSeconds] must be less than [durationInSeconds] (3600), or every update would renew the grant; got 3600.",
        },
      ],
    ],
    [
      "an unknown property",
      { ...byId, expiry: "1h" },
      [
        {
          property: "expiry",
          reason:
            "[expiry] is not a property of DiskRestorePointAccess; allowed: diskRestorePointId, subscriptionId, resourceGroupName, restorePointCollectionName, vmRestorePointName, diskRestorePointName, access, durationInSeconds, fileFormat, getSecureVMGuestStateSAS, revokeOnDelete, renewBeforeSeconds.",
        },
      ],
    ],
  ];
  for (const [what, inputs, failures] of invalid) {
    it(`refuses ${what}`, () =>
      assert.deepEqual(validateInputs(inputs), failures, JSON.stringify(inputs)));
  }

  it("reports every failure of one input at once", () => {
    const failures = validateInputs({ access: "None", durationInSeconds: 0, fileFormat: "vhd" });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["diskRestorePointId", "access", "durationInSeconds", "fileFormat"],
    );
  });
});

const article = (noun: string) => `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;

describe("validating the target of every kind at preview", () => {
  const sub = "6f7c2b1e-4a3d-4e8b-9c21-5d0e3f9a7b10";
  const base = `/subscriptions/${sub}/resourceGroups/rg-backup/providers/Microsoft.Compute`;
  const kinds: [TargetKind, string, Record<string, string>, string][] = [
    [
      diskRestorePoint,
      `${base}/restorePointCollections/rpc/restorePoints/vmrp/diskRestorePoints/osdisk`,
      {
        restorePointCollectionName: "rpc",
        vmRestorePointName: "vmrp",
        diskRestorePointName: "osdisk",
      },
      "restorePointCollections/{restorePointCollectionName}/restorePoints/{vmRestorePointName}/diskRestorePoints/{diskRestorePointName}",
    ],
    [
      vmRestorePoint,
      `${base}/restorePointCollections/rpc/restorePoints/vmrp`,
      { restorePointCollectionName: "rpc", vmRestorePointName: "vmrp" },
      "restorePointCollections/{restorePointCollectionName}/restorePoints/{vmRestorePointName}",
    ],
    [managedDisk, `${base}/disks/data01`, { diskName: "data01" }, "disks/{diskName}"],
    [
      snapshot,
      `${base}/snapshots/nightly`,
      { snapshotName: "nightly" },
      "snapshots/{snapshotName}",
    ],
  ];
  const settings = { access: "Read", durationInSeconds: 60 };
  for (const [kind, id, names, path] of kinds) {
    const { idProperty } = kind.path;
    const shape = `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/${path}`;
    const byNames = { resourceGroupName: "rg-backup", ...names };
    const nameList = ["resourceGroupName", ...Object.keys(names)].map((n) => `[${n}]`);
    const listed = `${nameList.slice(0, -1).join(", ")} and ${nameList.at(-1)}`;
    const cases: [string, Record<string, unknown>, InputFailure[]][] = [
      ["a target by id", { [idProperty]: id }, []],
      ["a target by names", byNames, []],
      ["a target by names with a subscription", { ...byNames, subscriptionId: sub }, []],
      [
        "both forms",
        { [idProperty]: id, resourceGroupName: "rg" },
        [
          {
            property: idProperty,
            reason: `Give the target either as [${idProperty}] or as ${listed}, not both; also given: [resourceGroupName].`,
          },
        ],
      ],
      [
        "no target",
        {},
        [
          {
            property: idProperty,
            reason: `A target is required: give [${idProperty}], or ${listed}.`,
          },
        ],
      ],
      ...kinds
        .filter(([other]) => other !== kind)
        .map(([other, otherId]): [string, Record<string, unknown>, InputFailure[]] => [
          `the id of ${other.noun}, naming the resource that takes it`,
          { [idProperty]: otherId },
          [
            {
              property: idProperty,
              reason: `[${idProperty}] names ${article(other.noun)}, and ${kind.resource} grants access to ${article(kind.noun)}: give the id of ${article(other.noun)} to ${other.resource} (its [${other.path.idProperty}]), or here the id of ${article(kind.noun)}, ${shape}; got "${otherId}".`,
            },
          ],
        ]),
      [
        "an id of no kind",
        { [idProperty]: `${base}/virtualMachines/web01` },
        [
          {
            property: idProperty,
            reason: `[${idProperty}] must have the form ${shape}; got "${base}/virtualMachines/web01".`,
          },
        ],
      ],
      [
        "a name with a slash",
        { ...byNames, resourceGroupName: "rg/x" },
        [
          {
            property: "resourceGroupName",
            reason: `[resourceGroupName] must be 1-90 letters, digits, underscores, parentheses, hyphens and periods, not ending in a period; got "rg/x".`,
          },
        ],
      ],
      [
        "a property of another kind",
        { [idProperty]: id, expiry: "1h" },
        [
          {
            property: "expiry",
            reason: `[expiry] is not a property of ${kind.resource}; allowed: ${[idProperty, "subscriptionId", "resourceGroupName", ...Object.keys(names), "access", "durationInSeconds", "fileFormat", "getSecureVMGuestStateSAS", "revokeOnDelete", "renewBeforeSeconds"].join(", ")}.`,
          },
        ],
      ],
    ];
    for (const [what, target, failures] of cases) {
      it(`${kind.resource}: ${failures.length === 0 ? "accepts" : "refuses"} ${what}`, () =>
        assert.deepEqual(validateAny(kind, { ...target, ...settings }), failures));
    }
  }
});
