import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DiskCopyOutputs } from "../src/copyLifecycle/copyInputs";
import { copyPlanNote } from "../src/copyLifecycle/copyPlanNote";
import { diffCopy } from "../src/copyLifecycle/diffCopy";
import { validateCopyInputs } from "../src/copyLifecycle/validateCopyInputs";
import { unknownValue } from "../src/lifecycle/grantInputs";

const rg =
  "/subscriptions/6f7c2b1e-4a3d-4e8b-9c21-5d0e3f9a7b10/resourceGroups/rg-backup/providers/Microsoft.Compute";
const snapshotId = `${rg}/snapshots/web01-20261201`;
const vmRestorePointId = `${rg}/restorePointCollections/rpc-web01/restorePoints/vmrp-20261125`;
const blobUrl = "https://backups01.blob.core.windows.net/disks/web01.vhd";
const sas =
  "https://md-x.z8.blob.storage.azure.net/abcd/abcd?sv=2018-03-28&sr=b&si=grant-1&sig=c2lnbmF0dXJl";

describe("validateCopyInputs", () => {
  const cases: { name: string; inputs: Record<string, unknown>; failures: [string, string][] }[] = [
    {
      name: "a snapshot into a blob",
      inputs: { sourceId: snapshotId, destinationBlobUrl: blobUrl },
      failures: [],
    },
    {
      name: "a SAS into a disk, path-style URLs and every option",
      inputs: {
        sourceSasUrl: sas,
        destinationDiskId: `${rg}/disks/restored`,
        verify: true,
        grantDurationInSeconds: 600,
      },
      failures: [],
    },
    {
      name: "a path-style blob URL, as emulators and Azure Stack serve it",
      inputs: {
        sourceId: snapshotId,
        destinationBlobUrl: "https://127.0.0.1:10000/devstoreaccount1/disks/a.vhd",
      },
      failures: [],
    },
    {
      name: "an account of Azure DNS zone endpoints",
      inputs: {
        sourceId: snapshotId,
        destinationBlobUrl: "https://backups01.z23.blob.storage.azure.net/disks/a.vhd",
      },
      failures: [],
    },
    {
      name: "values not known yet at preview are not judged",
      inputs: { sourceSasUrl: unknownValue, destinationBlobUrl: unknownValue },
      failures: [],
    },
    {
      name: "no source, no destination",
      inputs: {},
      failures: [
        [
          "sourceId",
          "A source is required: give [sourceId] (a managed disk, snapshot or disk restore point) or [sourceSasUrl].",
        ],
        [
          "destinationBlobUrl",
          "A destination is required: give [destinationBlobUrl] (a page blob's URL) or [destinationDiskId].",
        ],
      ],
    },
    {
      name: "a snapshot's id as the destination disk",
      inputs: { sourceId: snapshotId, destinationDiskId: snapshotId },
      failures: [
        [
          "destinationDiskId",
          `[destinationDiskId] must be the ARM id of a managed disk created for upload: /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/disks/{diskName}; got "${snapshotId}". [destinationDiskId] names a snapshot, which nothing writes into; to read from it, give it as [sourceId].`,
        ],
      ],
    },
    {
      name: "two sources, two destinations",
      inputs: {
        sourceId: snapshotId,
        sourceSasUrl: sas,
        destinationBlobUrl: blobUrl,
        destinationDiskId: `${rg}/disks/d`,
      },
      failures: [
        ["sourceId", "Give the source either as [sourceId] or as [sourceSasUrl], not both."],
        [
          "destinationBlobUrl",
          "Give the destination either as [destinationBlobUrl] or as [destinationDiskId], not both.",
        ],
      ],
    },
    {
      name: "a VM restore point: copy each of its disks",
      inputs: { sourceId: vmRestorePointId, destinationBlobUrl: blobUrl },
      failures: [
        [
          "sourceId",
          `[sourceId] names a VM restore point, which holds several disks: copy each of them, one DiskCopy each, with the id of one of its disk restore points (${vmRestorePointId}/diskRestorePoints/{name}), or with the entries of VmRestorePointAccess.disks as [sourceSasUrl].`,
        ],
      ],
    },
    {
      name: "an id of something else",
      inputs: { sourceId: `${rg}/virtualMachines/web01`, destinationBlobUrl: blobUrl },
      failures: [
        [
          "sourceId",
          `[sourceId] must be the ARM id of a managed disk (/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/disks/{diskName}), a snapshot (.../snapshots/{snapshotName}) or a disk restore point (.../restorePointCollections/{collection}/restorePoints/{vmRestorePoint}/diskRestorePoints/{name}); got "${rg}/virtualMachines/web01".`,
        ],
      ],
    },
    {
      name: "a SAS URL without a signature, never quoted",
      inputs: {
        sourceSasUrl: "https://md-x.blob.storage.azure.net/abcd/abcd?sv=2018",
        destinationBlobUrl: blobUrl,
      },
      failures: [
        [
          "sourceSasUrl",
          "[sourceSasUrl] must be a SAS URL: the URL given carries no signature (sig=). Give the accessSAS of an access resource, or use [sourceId] to let the copy grant access itself.",
        ],
      ],
    },
    {
      name: "a destination blob URL with a SAS: the provider writes with its own credential",
      inputs: { sourceId: snapshotId, destinationBlobUrl: `${blobUrl}?sv=2024&sig=abc` },
      failures: [
        [
          "destinationBlobUrl",
          "[destinationBlobUrl] must name the blob alone, without a query (a SAS): the provider writes with its own Azure credential.",
        ],
      ],
    },
    {
      name: "a destination blob URL over http",
      inputs: {
        sourceId: snapshotId,
        destinationBlobUrl: "http://backups01.blob.core.windows.net/disks/a.vhd",
      },
      failures: [
        [
          "destinationBlobUrl",
          '[destinationBlobUrl] must be an https URL (Azure Storage takes Entra ID sign-in over TLS only); got "http://backups01.blob.core.windows.net/disks/a.vhd".',
        ],
      ],
    },
    {
      name: "a container name Azure refuses",
      inputs: {
        sourceId: snapshotId,
        destinationBlobUrl: "https://backups01.blob.core.windows.net/Disks/a.vhd",
      },
      failures: [
        [
          "destinationBlobUrl",
          '[destinationBlobUrl] names the container "Disks": a container\'s name is 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit; got "https://backups01.blob.core.windows.net/Disks/a.vhd".',
        ],
      ],
    },
    {
      name: "options of the wrong type, a grant too short, options that do not apply",
      inputs: {
        sourceSasUrl: sas,
        destinationDiskId: `${rg}/disks/d`,
        overwrite: true,
        verify: "yes",
        fileFormat: "VHD",
        grantDurationInSeconds: 5,
        renewBeforeSeconds: 60,
      },
      failures: [
        [
          "renewBeforeSeconds",
          "[renewBeforeSeconds] is not a property of DiskCopy; allowed: sourceId, sourceSasUrl, destinationBlobUrl, destinationDiskId, overwrite, verify, fileFormat, grantDurationInSeconds.",
        ],
        ["verify", '[verify] must be true or false; got "yes".'],
        [
          "overwrite",
          "[overwrite] applies to a destination blob: a destination disk is written only while it waits for an upload.",
        ],
        [
          "fileFormat",
          "[fileFormat] applies to a source the copy grants itself ([sourceId]): a SAS handed in through [sourceSasUrl] has its format already.",
        ],
        [
          "grantDurationInSeconds",
          "[grantDurationInSeconds] must be a whole number of seconds from 10 to 2147483647; got number 5.",
        ],
      ],
    },
  ];
  for (const { name, inputs, failures } of cases) {
    it(name, () => {
      assert.deepEqual(
        validateCopyInputs(inputs).map(({ property, reason }) => [property, reason]),
        failures,
      );
    });
  }

  it("never quotes a SAS, however wrong", () => {
    for (const sourceSasUrl of [
      sas.replace("https:", "ftp:"),
      `${sas} not a url`,
      sas.replace("sig=", "sog="),
    ]) {
      const text = JSON.stringify(
        validateCopyInputs({ sourceSasUrl, destinationBlobUrl: blobUrl }),
      );
      assert.ok(!text.includes("c2lnbmF0dXJl") && !text.includes("md-x"), text);
    }
  });
});

describe("diffCopy", () => {
  const recorded: DiskCopyOutputs = {
    sourceId: snapshotId,
    destinationBlobUrl: blobUrl,
    source: snapshotId,
    sizeBytes: 1024,
    copiedBytes: 512,
    destinationUrl: blobUrl,
    completedAt: "2026-12-01T02:00:00.000Z",
  };
  const cases: {
    name: string;
    news: Record<string, unknown>;
    replaces: string[];
    inPlace?: boolean;
    deleteFirst?: boolean;
  }[] = [
    {
      name: "nothing changed (the id in other letters)",
      news: { sourceId: snapshotId.toUpperCase(), destinationBlobUrl: blobUrl },
      replaces: [],
    },
    {
      name: "another source into the same blob: in place, over the earlier copy",
      news: { sourceId: `${rg}/snapshots/other`, destinationBlobUrl: blobUrl },
      replaces: [],
      inPlace: true,
    },
    {
      name: "a source id not known yet at preview, into the same blob: in place",
      news: { sourceId: unknownValue, destinationBlobUrl: blobUrl },
      replaces: [],
      inPlace: true,
    },
    {
      name: "another source and another file format: a copy anew, the old one deleted first",
      news: { sourceId: `${rg}/snapshots/other`, destinationBlobUrl: blobUrl, fileFormat: "VHDX" },
      replaces: ["sourceId", "fileFormat"],
      deleteFirst: true,
    },
    {
      name: "the same source into another blob: copy, then delete the old",
      news: { sourceId: snapshotId, destinationBlobUrl: `${blobUrl}.2` },
      replaces: ["destinationBlobUrl"],
      deleteFirst: false,
    },
    {
      name: "a source not known yet at preview",
      news: { sourceSasUrl: unknownValue, destinationBlobUrl: blobUrl },
      replaces: ["sourceSasUrl"],
      deleteFirst: true,
    },
    {
      name: "another file format",
      news: { sourceId: snapshotId, destinationBlobUrl: blobUrl, fileFormat: "VHDX" },
      replaces: ["fileFormat"],
      deleteFirst: true,
    },
    {
      name: "verify and a grant duration: in place, nothing copied",
      news: {
        sourceId: snapshotId,
        destinationBlobUrl: blobUrl,
        verify: true,
        grantDurationInSeconds: 600,
      },
      replaces: [],
      inPlace: true,
    },
  ];
  for (const { name, news, replaces, inPlace = false, deleteFirst = false } of cases) {
    it(name, () => {
      const diff = diffCopy(recorded, news);
      assert.deepEqual(
        {
          replaces: diff.replaces,
          changes: diff.changes,
          deleteBeforeReplace: diff.deleteBeforeReplace,
        },
        { replaces, changes: replaces.length > 0 || inPlace, deleteBeforeReplace: deleteFirst },
      );
    });
  }

  it("another source into the same disk replaces the copy, deleting it first, and the plan says why", async () => {
    const diskId = `${rg}/disks/restored`;
    const intoDisk: DiskCopyOutputs = {
      ...recorded,
      destinationBlobUrl: undefined,
      destinationDiskId: diskId,
      destinationUrl: diskId,
    };
    const diff = diffCopy(intoDisk, {
      sourceId: `${rg}/snapshots/other`,
      destinationDiskId: diskId,
    });
    assert.deepEqual(diff.replaces, ["sourceId"]);
    assert.equal(diff.deleteBeforeReplace, true);
    const plan = await copyPlanNote(
      intoDisk,
      { sourceId: `${rg}/snapshots/other`, destinationDiskId: diskId },
      diff,
    );
    assert.match(
      plan ?? "",
      /^DiskCopy into .*\/disks\/restored: another source replaces the copy\. A disk takes one upload .*: replace the disk too/,
    );
  });

  it("a fresh SAS of the same blob is the same source; a SAS of another blob is another", () => {
    const fromSas: DiskCopyOutputs = {
      ...recorded,
      sourceId: undefined,
      source: "https://md-x.z8.blob.storage.azure.net/abcd/abcd",
    };
    assert.deepEqual(
      diffCopy(fromSas, {
        sourceSasUrl: sas.replace("c2lnbmF0dXJl", "bmV3"),
        destinationBlobUrl: blobUrl,
      }).replaces,
      [],
    );
    assert.deepEqual(
      diffCopy(fromSas, {
        sourceSasUrl: sas.replace("/abcd?", "/efgh?"),
        destinationBlobUrl: blobUrl,
      }).replaces,
      ["sourceSasUrl"],
    );
  });
});
