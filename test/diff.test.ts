import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diskRestorePoint } from "../src/kinds/diskRestorePoint";
import { vmRestorePoint, type VmRestorePointAccessOutputs } from "../src/kinds/vmRestorePoint";
import { diffInputs as diffAny } from "../src/lifecycle/diff";
import type { AccessInputs, AccessOutputs } from "../src/lifecycle/properties";
import type {
  DiskRestorePointAccessInputs,
  DiskRestorePointAccessOutputs,
} from "../src/kinds/diskRestorePoint";
import { unknownValue } from "../src/lifecycle/grantInputs";

const subscriptionId = "6f7c2b1e-4a3d-4e8b-9c21-5d0e3f9a7b10";
const id = `/subscriptions/${subscriptionId}/resourceGroups/rg-backup/providers/Microsoft.Compute/restorePointCollections/rpc-web01/restorePoints/vmrp-1/diskRestorePoints/osdisk_1`;
const names = {
  resourceGroupName: "rg-backup",
  restorePointCollectionName: "rpc-web01",
  vmRestorePointName: "vmrp-1",
  diskRestorePointName: "osdisk_1",
};
const granted = {
  accessSAS: "https://h/abcd?sig=s",
  grantedAt: "2026-11-25T00:00:00.000Z",
  expiresAt: "2026-11-25T01:00:00.000Z",
};
/** The diff of a disk restore point's resource. */
const diffInputs = (
  olds: DiskRestorePointAccessOutputs,
  news: DiskRestorePointAccessInputs,
  subscription: string | undefined,
  now: number,
) =>
  diffAny(
    diskRestorePoint,
    olds as unknown as AccessOutputs,
    news as unknown as AccessInputs,
    subscription,
    now,
  );

/** A moment while the grant above is live, to judge its expiry by. */
const duringGrant = Date.parse("2026-11-25T00:30:00.000Z");
const olds: DiskRestorePointAccessOutputs = {
  diskRestorePointId: id,
  access: "Read",
  durationInSeconds: 3600,
  ...granted,
};
const oldsByName: DiskRestorePointAccessOutputs = {
  ...names,
  diskRestorePointId: id,
  access: "Read",
  durationInSeconds: 3600,
  ...granted,
};
const news: DiskRestorePointAccessInputs = {
  diskRestorePointId: id,
  access: "Read",
  durationInSeconds: 3600,
};

describe("diff", () => {
  const cases: [
    string,
    DiskRestorePointAccessOutputs,
    DiskRestorePointAccessInputs,
    string[],
    boolean,
  ][] = [
    ["no change", olds, news, [], false],
    [
      "the same id in other letter case",
      olds,
      { ...news, diskRestorePointId: id.toUpperCase().replace("/SUBSCRIPTIONS", "/subscriptions") },
      [],
      false,
    ],
    [
      "the names form naming the same disk restore point",
      olds,
      { ...names, access: "Read", durationInSeconds: 3600 },
      [],
      false,
    ],
    [
      "a default made explicit",
      olds,
      { ...news, fileFormat: "VHD", getSecureVMGuestStateSAS: false, revokeOnDelete: true },
      [],
      false,
    ],
    [
      "another disk restore point",
      olds,
      { ...news, diskRestorePointId: id.replace("osdisk_1", "datadisk_1") },
      ["diskRestorePointId"],
      true,
    ],
    [
      "an id not known yet",
      olds,
      { ...news, diskRestorePointId: unknownValue },
      ["diskRestorePointId"],
      true,
    ],
    [
      "another disk restore point name",
      oldsByName,
      { ...names, diskRestorePointName: "datadisk_1", access: "Read", durationInSeconds: 3600 },
      ["diskRestorePointName"],
      true,
    ],
    [
      "another subscription",
      oldsByName,
      {
        ...names,
        subscriptionId: "00000000-0000-0000-0000-000000000001",
        access: "Read",
        durationInSeconds: 3600,
      },
      ["subscriptionId"],
      true,
    ],
    ["access", olds, { ...news, access: "Write" }, ["access"], true],
    ["duration", olds, { ...news, durationInSeconds: 7200 }, ["durationInSeconds"], true],
    ["file format", olds, { ...news, fileFormat: "VHDX" }, ["fileFormat"], true],
    [
      "the guest-state flag",
      olds,
      { ...news, getSecureVMGuestStateSAS: true },
      ["getSecureVMGuestStateSAS"],
      true,
    ],
    [
      "several settings",
      olds,
      { ...news, access: "Write", durationInSeconds: 60 },
      ["access", "durationInSeconds"],
      true,
    ],
    ["revokeOnDelete alone", olds, { ...news, revokeOnDelete: false }, [], true],
    ["revokeOnDelete back to its default", { ...olds, revokeOnDelete: false }, news, [], true],
    [
      "renewBeforeSeconds alone, the grant not due",
      { ...olds, expiresAt: "2099-01-01T00:00:00.000Z" },
      { ...news, renewBeforeSeconds: 60 },
      [],
      true,
    ],
  ];
  for (const [what, before, after, replaces, changes] of cases) {
    it(`${replaces.length > 0 ? "replaces, deleting first," : changes ? "updates in place" : "changes nothing"} for ${what}`, () => {
      assert.deepEqual(diffInputs(before, after, subscriptionId, duringGrant), {
        changes,
        replaces,
        deleteBeforeReplace: true,
      });
    });
  }

  describe("expiry and renewal: the resource stands for a live grant", () => {
    const expiresAt = Date.parse(granted.expiresAt);
    const renewing = { ...olds, renewBeforeSeconds: 600 };
    const renewal: [
      string,
      DiskRestorePointAccessOutputs,
      DiskRestorePointAccessInputs,
      number,
      string[],
    ][] = [
      [
        "601 s before expiry, with renewBeforeSeconds 600",
        renewing,
        { ...news, renewBeforeSeconds: 600 },
        expiresAt - 601_000,
        [],
      ],
      [
        "600 s before expiry, with renewBeforeSeconds 600",
        renewing,
        { ...news, renewBeforeSeconds: 600 },
        expiresAt - 600_000,
        ["expiresAt"],
      ],
      [
        "after expiry, with renewBeforeSeconds 0",
        { ...olds, renewBeforeSeconds: 0 },
        { ...news, renewBeforeSeconds: 0 },
        expiresAt + 1,
        ["expiresAt"],
      ],
      ["after expiry, without renewBeforeSeconds", olds, news, expiresAt + 1, ["expiresAt"]],
      ["at the moment of expiry, without renewBeforeSeconds", olds, news, expiresAt, ["expiresAt"]],
      ["1 ms before expiry, without renewBeforeSeconds", olds, news, expiresAt - 1, []],
      [
        "after expiry, renewBeforeSeconds not known yet in a preview",
        renewing,
        { ...news, renewBeforeSeconds: unknownValue as unknown as number },
        expiresAt + 1,
        ["expiresAt"],
      ],
      [
        "after expiry, with a change to revokeOnDelete alone",
        olds,
        { ...news, revokeOnDelete: false },
        expiresAt + 1,
        ["expiresAt"],
      ],
      [
        "renewBeforeSeconds newly set, the grant due",
        olds,
        { ...news, renewBeforeSeconds: 600 },
        expiresAt - 60_000,
        ["expiresAt"],
      ],
      [
        "a due grant whose access changes too",
        renewing,
        { ...news, access: "Write", renewBeforeSeconds: 600 },
        expiresAt - 60_000,
        ["access", "expiresAt"],
      ],
    ];
    for (const [what, before, after, now, replaces] of renewal) {
      it(`${replaces.length > 0 ? "replaces" : "keeps"} the grant ${what}`, () => {
        assert.deepEqual(diffInputs(before, after, subscriptionId, now).replaces, replaces);
      });
    }
  });

  it("follows the default subscription of the names form", () => {
    const inputs = { ...names, access: "Read" as const, durationInSeconds: 3600 };
    assert.deepEqual(
      diffInputs(oldsByName, inputs, "00000000-0000-0000-0000-000000000001", duringGrant).replaces,
      ["subscriptionId"],
    );
    assert.deepEqual(diffInputs(oldsByName, inputs, undefined, duringGrant).replaces, []);
  });
});

describe("VmRestorePointAccess diff", () => {
  const vmOlds: VmRestorePointAccessOutputs = {
    vmRestorePointId: id.replace(/\/diskRestorePoints\/.*$/, ""),
    access: "Read",
    durationInSeconds: 3600,
    disks: {},
    grantedAt: granted.grantedAt,
    expiresAt: granted.expiresAt,
  };
  const { disks: _disks, grantedAt: _grantedAt, expiresAt: _expiresAt, ...vmNews } = vmOlds;
  const expiresAt = Date.parse(granted.expiresAt);
  const cases: [string, Partial<VmRestorePointAccessOutputs>, number, string[], boolean][] = [
    ["no change, 1 ms before expiry", {}, expiresAt - 1, [], false],
    ["no change, at expiry", {}, expiresAt, ["expiresAt"], true],
    ["no change, after expiry", {}, expiresAt + 60_000, ["expiresAt"], true],
    ["another access, before expiry", { access: "Write" }, expiresAt - 1, ["access"], true],
    ["revokeOnDelete alone, before expiry", { revokeOnDelete: false }, expiresAt - 1, [], true],
    [
      "revokeOnDelete alone, after expiry",
      { revokeOnDelete: false },
      expiresAt + 1,
      ["expiresAt"],
      true,
    ],
  ];
  for (const [what, change, now, replaces, changes] of cases) {
    it(`${replaces.length > 0 ? "replaces, deleting first," : changes ? "updates in place" : "changes nothing"} for ${what}`, () => {
      const news = { ...vmNews, ...change } as unknown as AccessInputs;
      assert.deepEqual(
        diffAny(vmRestorePoint, vmOlds as unknown as AccessOutputs, news, undefined, now),
        {
          changes,
          replaces,
          deleteBeforeReplace: true,
        },
      );
    });
  }
});
