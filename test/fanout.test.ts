import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { manyDisksFixture } from "./emulator/fixture";
import { Engine } from "./harness/engine";
import { readRange, useAzureEmulator } from "./support/useAzureEmulator";

const count = 64;
const perSecond = 40;
const emulator = useAzureEmulator(manyDisksFixture(count));

describe(`${count} grants at once through the real plugin, against Resource Manager throttled to ${perSecond} requests a second`, () => {
  it("all succeed, every SAS opens its disk, and destroy revokes every one", async () => {
    const ids = Array.from({ length: count }, (_, i) => emulator().diskRestorePointId(i));
    const engine = new Engine(join(__dirname, "fixtures", "fanout"), "fanout", {
      diskRestorePointIds: JSON.stringify(ids),
    });
    emulator().resourceManager.settings.durationMs = 1000;
    emulator().throttle.perSecond = perSecond;
    const before = emulator().requests.length;
    const started = Date.now();

    const exports = await engine.up();

    const tookMs = Date.now() - started;
    const sent = emulator().requests.slice(before);
    const arm = sent.filter((r) => r.path.startsWith("/subscriptions/"));
    const admitted = arm.length - emulator().throttle.refused;
    const grantingMs = arm.at(-1)!.at - sent[0]!.at;
    const boundMs = (admitted / perSecond) * 1000;
    console.log(
      `${count} grants: up took ${tookMs} ms, ${grantingMs} ms of it from the first request to Azure to the last; ` +
        `${admitted} Resource Manager requests admitted (${(admitted / count).toFixed(1)} a grant), ${emulator().throttle.refused} throttled; ` +
        `the throttle alone needs ${Math.ceil(boundMs)} ms for them (${(grantingMs / boundMs).toFixed(2)}x); ` +
        `plugin peak memory ${Math.round(engine.pluginPeakMemoryBytes / 2 ** 20)} MiB`,
    );
    assert.ok(emulator().throttle.refused > 0, "the throttle never engaged");
    // Each grant costs the fewest requests it can: the POST, one status poll, the result (a poll
    // more, now and then, for a grant the throttle held up).
    assert.ok(admitted / count <= 3.2, `${(admitted / count).toFixed(2)} requests a grant`);
    // As fast as the throttle lets them through: loosely, for a busy machine; grants one after
    // another would take 64 operations of 1 s, over ten times the bound.
    assert.ok(grantingMs / boundMs < 2.5, `${(grantingMs / boundMs).toFixed(2)}x the bound`);
    assert.equal(engine.resources.length, count);
    const sas = exports["accessSASs"] as string[];
    assert.equal(new Set(sas).size, count);
    for (const [i, url] of sas.entries()) {
      assert.equal((await readRange(url, 0, 15)).bytes.toString().replace(/\0+$/, ""), `disk ${i}`);
    }

    emulator().resourceManager.settings.durationMs = 0;
    const beforeDestroy = emulator().requests.length;
    await engine.destroy();
    const revoked = emulator()
      .requests.slice(beforeDestroy)
      .filter((r) => r.method === "POST" && r.path.endsWith("/endGetAccess"))
      .map((r) => r.path);
    assert.equal(new Set(revoked).size, count, "a throttled revoke is tried again");
    for (const url of sas) {
      assert.equal((await readRange(url, 0, 0)).status, 403);
    }
  });
});
