import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SnapshotLineage } from "../src/azure/access";
import { fullCopyReason } from "../src/copyLifecycle/copyBasis";

const disk = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/disks/web01";
const night1: SnapshotLineage = {
  incremental: true,
  diskId: disk,
  diskUniqueId: "6c1f0000-0000-0000-0000-000000000001",
  timeCreated: "2026-12-01T02:00:00.000Z",
  sizeBytes: 1024,
};
const night2: SnapshotLineage = { ...night1, timeCreated: "2026-12-02T02:00:00.000Z" };

describe("fullCopyReason: when a copy over the copy of an earlier snapshot copies in full", () => {
  const cases: [
    string,
    SnapshotLineage | undefined,
    SnapshotLineage | undefined,
    RegExp | undefined,
  ][] = [
    ["a newer incremental snapshot of the same disk: only what changed", night2, night1, undefined],
    ["the new snapshot does not exist", undefined, night1, /the snapshot night2 does not exist/],
    ["the earlier one is gone", night2, undefined, /night1, no longer exists/],
    ["a full snapshot", { ...night2, incremental: false }, night1, /night2 is a full snapshot/],
    [
      "an earlier full snapshot",
      night2,
      { ...night1, incremental: false },
      /night1 is a full snapshot/,
    ],
    [
      "another disk",
      { ...night2, diskId: `${disk}-b`, diskUniqueId: "other" },
      night1,
      /night2 is a snapshot of .*web01-b, night1 of .*web01$/,
    ],
    [
      "the same name, a disk created again",
      { ...night2, diskUniqueId: "recreated" },
      night1,
      /as it was before it was created again/,
    ],
    ["an older snapshot", night1, night2, /night2 \(2026-12-01.*\) was not taken after night1/],
    [
      "a resized disk",
      { ...night2, sizeBytes: 2048 },
      night1,
      /resized between night1 \(1024 bytes\) and night2 \(2048 bytes\)/,
    ],
  ];
  for (const [name, now, before, reason] of cases) {
    it(name, () => {
      const said = fullCopyReason(now, before, "night2", "night1");
      if (reason) {
        assert.match(said ?? "", reason);
      } else {
        assert.equal(said, undefined);
      }
    });
  }
});
