import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ArmTarget } from "../src/armId";
import { diskRestorePoint } from "../src/kinds/diskRestorePoint";
import {
  formatTargetId,
  parseTargetId,
  resolveTarget as resolveAny,
} from "../src/kinds/targetPath";

const parseDiskRestorePointId = (id: string) => parseTargetId(diskRestorePoint.path, id);
const formatDiskRestorePointId = (target: ArmTarget) =>
  formatTargetId(diskRestorePoint.path, target);
const resolveTarget = (inputs: Record<string, unknown>, subscription: string | undefined) =>
  resolveAny(diskRestorePoint.path, diskRestorePoint.noun, inputs, subscription);

const id =
  "/subscriptions/6f7c2b1e-4a3d-4e8b-9c21-5d0e3f9a7b10/resourceGroups/rg-backup/providers/Microsoft.Compute/restorePointCollections/rpc-web01/restorePoints/vmrp-1/diskRestorePoints/osdisk_1";
const target: ArmTarget = {
  subscriptionId: "6f7c2b1e-4a3d-4e8b-9c21-5d0e3f9a7b10",
  resourceGroupName: "rg-backup",
  names: ["rpc-web01", "vmrp-1", "osdisk_1"],
};
const names = {
  resourceGroupName: "rg-backup",
  restorePointCollectionName: "rpc-web01",
  vmRestorePointName: "vmrp-1",
  diskRestorePointName: "osdisk_1",
};

describe("disk restore point ids", () => {
  it("parses an id into its subscription, resource group and names, and formats them back to the same id", () => {
    assert.deepEqual(parseDiskRestorePointId(id), target);
    assert.equal(formatDiskRestorePointId(target), id);
  });

  it("matches segment names case-insensitively, as ARM does", () => {
    assert.deepEqual(
      parseDiskRestorePointId(
        id
          .replace("resourceGroups", "resourcegroups")
          .replace("Microsoft.Compute", "microsoft.compute"),
      ),
      target,
    );
  });

  const malformed: [string, string][] = [
    ["a disk id", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/disks/d"],
    ["a VM restore point id", id.slice(0, id.indexOf("/diskRestorePoints"))],
    ["an id with a trailing slash", `${id}/`],
    ["an id with an empty segment", id.replace("/rpc-web01/", "//")],
    ["an id of another provider", id.replace("Microsoft.Compute", "Microsoft.Storage")],
    ["an id without the leading slash", id.slice(1)],
  ];
  for (const [what, value] of malformed) {
    it(`refuses ${what}`, () => assert.equal(parseDiskRestorePointId(value), undefined));
  }
});

describe("resolving the target", () => {
  it("takes the id as given", () =>
    assert.deepEqual(resolveTarget({ diskRestorePointId: id }, "other"), target));

  it("takes the names with their own subscription before the default", () => {
    const { subscriptionId } = target;
    assert.deepEqual(
      resolveTarget({ ...names, subscriptionId }, "00000000-0000-0000-0000-000000000000"),
      target,
    );
    assert.deepEqual(resolveTarget(names, subscriptionId), target);
  });

  it("says where a subscription can come from when there is none", () => {
    assert.throws(() => resolveTarget(names, undefined), {
      message:
        "No subscription for the disk restore point: set [subscriptionId], the configuration azure-native:subscriptionId (azure-disk-sas:subscriptionId for the provider plugin), or ARM_SUBSCRIPTION_ID / AZURE_SUBSCRIPTION_ID.",
    });
  });
});
