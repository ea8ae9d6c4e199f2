import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as provider from "../src/providers/diskRestorePoint";
import { grant } from "./support/grant";
import type { DiskRestorePointAccessInputs } from "../src/kinds/diskRestorePoint";
import { postedActions, readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
const osDisk = () => emulator().diskRestorePointId(0);
const dataDisk = () => emulator().diskRestorePointId(1);

describe("the SAS lifecycle against the emulator", () => {
  it("create grants access: the SAS reads the disk's real bytes, and expiry is grant time plus duration", async () => {
    const { id, outs } = await grant({
      diskRestorePointId: osDisk(),
      access: "Read",
      durationInSeconds: 900,
    });

    assert.equal(id, osDisk());
    assert.equal(outs.diskRestorePointId, osDisk());
    assert.equal(Date.parse(outs.expiresAt) - Date.parse(outs.grantedAt), 900_000);
    const head = await readRange(outs.accessSAS, 0, 63);
    assert.equal(head.status, 206);
    assert.equal(
      head.bytes.toString("utf8").replace(/\0+$/, ""),
      "web01 OS disk: restore point vmrp-20261125",
    );
    const footer = await readRange(outs.accessSAS, 64 * 1024 - 512, 64 * 1024 - 505);
    assert.equal(footer.bytes.toString("ascii"), "conectix");
    const request = emulator().requests.findLast((r) => r.path.endsWith("/beginGetAccess"))!;
    assert.deepEqual(JSON.parse(request.body), { access: "Read", durationInSeconds: 900 });
    await provider.delete(id, outs);
  });

  it("create by names takes the subscription from the environment", async () => {
    const f = emulator().fixture;
    const { id, outs } = await grant({
      resourceGroupName: f.resourceGroupName,
      restorePointCollectionName: f.restorePointCollectionName,
      vmRestorePointName: f.vmRestorePointName,
      diskRestorePointName: f.disks[1]!.name,
      access: "Read",
      durationInSeconds: 60,
      fileFormat: "VHDX",
    });
    assert.equal(id, dataDisk());
    assert.equal(outs.resourceGroupName, f.resourceGroupName);
    assert.equal(
      (await readRange(outs.accessSAS, 0, 15)).bytes.toString("utf8"),
      "web01 data disk ",
    );
    await provider.delete(id, outs);
  });

  it("replace revokes the old grant before granting anew, and the new SAS works", async () => {
    const inputs: DiskRestorePointAccessInputs = {
      diskRestorePointId: osDisk(),
      access: "Read",
      durationInSeconds: 600,
    };
    const old = await grant(inputs);
    const changed = { ...inputs, durationInSeconds: 1200 };
    const diff = await provider.diff(old.id, old.outs, changed);
    assert.deepEqual(diff, {
      changes: true,
      replaces: ["durationInSeconds"],
      deleteBeforeReplace: true,
    });

    const before = emulator().requests.length;
    await provider.delete(old.id, old.outs);
    const replacement = await grant(changed);

    assert.deepEqual(postedActions(emulator(), before), ["endGetAccess", "beginGetAccess"]);
    assert.equal((await readRange(old.outs.accessSAS, 0, 0)).status, 403);
    assert.equal((await readRange(replacement.outs.accessSAS, 0, 0)).status, 206);
    await provider.delete(replacement.id, replacement.outs);
  });

  it("a replacement that created first would lose its new SAS to the old grant's revoke", async () => {
    const old = await grant({
      diskRestorePointId: osDisk(),
      access: "Read",
      durationInSeconds: 600,
    });
    const replacement = await grant({
      diskRestorePointId: osDisk(),
      access: "Read",
      durationInSeconds: 1200,
    });
    await provider.delete(old.id, old.outs);
    assert.equal((await readRange(replacement.outs.accessSAS, 0, 0)).status, 403);
  });

  it("delete revokes access: the SAS that worked gets 403", async () => {
    const { id, outs } = await grant({
      diskRestorePointId: osDisk(),
      access: "Read",
      durationInSeconds: 600,
    });
    assert.equal((await readRange(outs.accessSAS, 0, 0)).status, 206);
    await provider.delete(id, outs);
    const refused = await readRange(outs.accessSAS, 0, 0);
    assert.equal(refused.status, 403);
    assert.match(refused.bytes.toString("utf8"), /AuthorizationFailure/);
  });

  it("with revokeOnDelete false, delete calls nothing and the SAS keeps working", async () => {
    const { id, outs } = await grant({
      diskRestorePointId: osDisk(),
      access: "Read",
      durationInSeconds: 600,
      revokeOnDelete: false,
    });
    const requests = emulator().requests.length;
    await provider.delete(id, outs);
    assert.equal(emulator().requests.length, requests);
    assert.equal((await readRange(outs.accessSAS, 0, 0)).status, 206);
    await provider.delete(id, { ...outs, revokeOnDelete: true });
  });

  it("changing revokeOnDelete alone updates in place without calling Azure", async () => {
    const { id, outs } = await grant({
      diskRestorePointId: osDisk(),
      access: "Read",
      durationInSeconds: 600,
    });
    const news = {
      diskRestorePointId: osDisk(),
      access: "Read" as const,
      durationInSeconds: 600,
      revokeOnDelete: false,
    };
    const diff = await provider.diff(id, outs, news);
    const requests = emulator().requests.length;
    const updated = await provider.update(id, { ...outs, __provider: "engine-owned" }, news);

    assert.deepEqual(diff, { changes: true, replaces: [], deleteBeforeReplace: true });
    assert.equal(emulator().requests.length, requests);
    assert.deepEqual(updated.outs, { ...outs, revokeOnDelete: false });
    await provider.delete(id, outs);
  });

  it("a guest-state SAS opens the VM guest state, and the metadata SAS the confidential VM's metadata", async () => {
    const { id, outs } = await grant({
      diskRestorePointId: osDisk(),
      access: "Read",
      durationInSeconds: 600,
      getSecureVMGuestStateSAS: true,
    });
    assert.ok(outs.securityDataAccessSAS && outs.securityMetadataAccessSAS);
    assert.equal(
      (await readRange(outs.securityDataAccessSAS, 0, 21)).bytes.toString("utf8"),
      "VMGS web01 guest state",
    );
    assert.equal(
      (await readRange(outs.securityMetadataAccessSAS, 0, 27)).bytes.toString("utf8"),
      "VMMD web01 security metadata",
    );
    await provider.delete(id, outs);
    assert.equal((await readRange(outs.securityDataAccessSAS, 0, 0)).status, 403);
    assert.equal((await readRange(outs.securityMetadataAccessSAS, 0, 0)).status, 403);
  });

  it("before api-version 2025-01-02 Azure returns no metadata SAS, and the resource none", async () => {
    process.env["AZURE_DISK_SAS_API_VERSION"] = "2024-03-02";
    try {
      const { id, outs } = await grant({
        diskRestorePointId: osDisk(),
        access: "Read",
        durationInSeconds: 600,
        getSecureVMGuestStateSAS: true,
      });
      assert.ok(outs.securityDataAccessSAS);
      assert.equal("securityMetadataAccessSAS" in outs, false);
      await provider.delete(id, outs);
    } finally {
      delete process.env["AZURE_DISK_SAS_API_VERSION"];
    }
  });

  it("each operation signs in anew, so a revoke works after the grant's token expired", async () => {
    const { id, outs } = await grant({
      diskRestorePointId: osDisk(),
      access: "Read",
      durationInSeconds: 600,
    });
    emulator().identity.expireAll();
    await provider.delete(id, outs);
    assert.equal((await readRange(outs.accessSAS, 0, 0)).status, 403);
  });

  it("refresh keeps the recorded outputs while the disk restore point exists", async () => {
    const { id, outs } = await grant({
      diskRestorePointId: osDisk(),
      access: "Read",
      durationInSeconds: 600,
    });
    assert.deepEqual(await provider.read(id, outs), { id, props: outs });
    await provider.delete(id, outs);
  });
});

describe("waiting for Azure's long-running operations", () => {
  /** Status polls, not the final result that the SDK fetches through `Location` (`monitor=true`). */
  const polls = (since: number) =>
    emulator()
      .requests.slice(since)
      .filter(
        (r) =>
          r.method === "GET" &&
          r.path.includes("/DiskOperations/") &&
          r.query["monitor"] !== "true",
      );

  it("always honours a Retry-After longer than its own schedule", async () => {
    Object.assign(emulator().resourceManager.settings, { durationMs: 2500, retryAfterSeconds: 2 });
    const before = emulator().requests.length;
    const { id, outs } = await grant({
      diskRestorePointId: osDisk(),
      access: "Read",
      durationInSeconds: 60,
    });
    const [first, second] = polls(before);
    assert.ok(second!.at - first!.at >= 1900, `${second!.at - first!.at} ms between polls`);
    emulator().resourceManager.settings.durationMs = 0;
    await provider.delete(id, outs);
  });

  it("waits the Retry-After of the operation's first answer before its first poll", async () => {
    Object.assign(emulator().resourceManager.settings, { durationMs: 300, retryAfterSeconds: 2 });
    const before = emulator().requests.length;
    const { id, outs } = await grant({
      diskRestorePointId: osDisk(),
      access: "Read",
      durationInSeconds: 60,
    });
    const posted = emulator()
      .requests.slice(before)
      .find((r) => r.path.endsWith("/beginGetAccess"))!;
    const [first, ...more] = polls(before);
    assert.ok(first!.at - posted.at >= 1900, `first poll ${first!.at - posted.at} ms after POST`);
    assert.equal(more.length, 0, "the operation was over by the first poll");
    emulator().resourceManager.settings.durationMs = 0;
    await provider.delete(id, outs);
  });

  it("without Retry-After, polls an operation of one second several times rather than once at 2 s", async () => {
    Object.assign(emulator().resourceManager.settings, {
      durationMs: 1000,
      retryAfterSeconds: undefined,
    });
    const before = emulator().requests.length;
    const { id, outs } = await grant({
      diskRestorePointId: osDisk(),
      access: "Read",
      durationInSeconds: 60,
    });
    assert.ok(polls(before).length >= 3, `${polls(before).length} polls`);
    emulator().resourceManager.settings.durationMs = 0;
    await provider.delete(id, outs);
  });
});

describe("a disk restore point that is gone", () => {
  it("is reported gone by refresh, and delete counts it as revoked", async () => {
    const { id, outs } = await grant({
      diskRestorePointId: dataDisk(),
      access: "Read",
      durationInSeconds: 600,
      fileFormat: "VHDX",
    });
    emulator().resourceManager.removeDiskRestorePoint(emulator().fixture.disks[1]!.name);

    assert.deepEqual(await provider.read(id, outs), {});
    const before = emulator().requests.length;
    await provider.delete(id, outs);
    assert.deepEqual(postedActions(emulator(), before), ["endGetAccess"]);
  });
});
