// `npm run bench`: how soon a grant returns once Azure's operation is done, with this provider's
// polling schedule and with @azure/arm-compute's default (a poll every 2 s), side by side in one run
// against the local emulator; and the bytes of the provider stored per resource. Figures are ratios
// and differences within one run: absolute times on a shared machine are noise.
import { join } from "node:path";
import { createComputeClient } from "../src/azure/computeClient";
import { grantAccess, revokeAccess } from "../src/azure/diskRestorePoints";
import { readAzureSettings } from "../src/azure/settings";
import { parseDiskRestorePointId } from "../src/provider/target";
import { startAzureEmulator, type AzureEmulator } from "../test/emulator";
import { Engine } from "../test/harness/engine";
import { startProviderPlugin } from "../test/harness/providerPlugin";

interface Sample {
  lagMs: number;
  polls: number;
}

const operationTimesMs = process.env["BENCH_QUICK"] ? [200] : [200, 1000, 2700, 6100, 30_000];

async function main(): Promise<void> {
  const emulator = await startAzureEmulator();
  Object.assign(process.env, emulator.env);
  try {
    console.log(
      "Grant latency past the operation's end (lag) and status polls, ours vs the SDK default\n",
    );
    console.log(
      "| operation | Retry-After | bound | ours: lag | ours: polls | SDK default: lag | SDK default: polls | lag ratio |",
    );
    console.log("|---|---|---|---|---|---|---|---|");
    for (const retryAfterSeconds of [undefined, 1]) {
      for (const operationMs of operationTimesMs) {
        if (retryAfterSeconds !== undefined && operationMs > 10_000) {
          continue; // keeps the run under 3 minutes; the 30 s case is shown without Retry-After.
        }
        emulator.resourceManager.settings.retryAfterSeconds = retryAfterSeconds;
        const ours = await grantOnce(emulator, "ours", operationMs);
        const sdk = await grantOnce(emulator, "sdk", operationMs);
        const bound = Math.min(2000, Math.max(200, 0.2 * operationMs));
        console.log(
          `| ${seconds(operationMs)} | ${retryAfterSeconds === undefined ? "none" : `${retryAfterSeconds} s`} | ${bound} ms | ${ours.lagMs} ms | ${ours.polls} | ${sdk.lagMs} ms | ${sdk.polls} | ${(sdk.lagMs / Math.max(ours.lagMs, 1)).toFixed(1)}x |`,
        );
      }
    }
    // From here on, operations end at once and ask for no wait: what is timed is the provider's own.
    emulator.resourceManager.settings.durationMs = 0;
    emulator.resourceManager.settings.retryAfterSeconds = undefined;
    const engine = new Engine(join(__dirname, "..", "examples", "quickstart"), "quickstart", {
      diskRestorePointId: emulator.diskRestorePointId(0),
    });
    await engine.up();
    console.log(
      `\n__provider stored per resource: ${String(engine.resources[0]?.outputs["__provider"]).length} bytes`,
    );
    const providerText = String(engine.resources[0]?.outputs["__provider"]);
    await engine.destroy();
    await coldStart(emulator, providerText);
  } finally {
    await emulator.stop();
  }
}

/** Grants access once and measures, from the emulator's own clock, how late its end was seen. */
async function grantOnce(
  emulator: AzureEmulator,
  poller: "ours" | "sdk",
  operationMs: number,
): Promise<Sample> {
  const target = parseDiskRestorePointId(emulator.diskRestorePointId(0))!;
  const client = await createComputeClient(
    readAzureSettings(() => undefined),
    target.subscriptionId,
  );
  emulator.resourceManager.settings.durationMs = operationMs;
  const before = emulator.requests.length;
  const request = { access: "Read" as const, durationInSeconds: 600 };
  if (poller === "ours") {
    await grantAccess(client, target, request);
  } else {
    const path = [
      target.resourceGroupName,
      target.restorePointCollectionName,
      target.vmRestorePointName,
      target.diskRestorePointName,
    ] as const;
    await client.diskRestorePoint.grantAccess(...path, request);
  }
  const returned = Date.now();
  const requests = emulator.requests.slice(before);
  const posted = requests.find((r) => r.method === "POST" && r.path.endsWith("/beginGetAccess"))!;
  const sample = {
    lagMs: returned - (posted.at + operationMs),
    polls: requests.filter((r) => r.method === "GET" && r.path.includes("/DiskOperations/")).length,
  };
  emulator.resourceManager.settings.durationMs = 0;
  await revokeAccess(client, target);
  return sample;
}

/**
 * The plugin's first calls with this provider against a trivial dynamic provider, in fresh plugin
 * processes: the first Check loads the provider; the first Create also loads the Azure SDK and signs
 * in, which the second Create in the same process no longer has to load.
 */
async function coldStart(emulator: AzureEmulator, providerText: string): Promise<void> {
  const quickstart = join(__dirname, "..", "examples", "quickstart");
  const trivial = `exports.handler = () => ({ check: async (olds, news) => ({ inputs: news }), create: async () => ({ id: "x", outs: {} }) });`;
  const inputs = {
    diskRestorePointId: emulator.diskRestorePointId(0),
    access: "Read",
    durationInSeconds: 600,
  };
  const urn =
    "urn:pulumi:bench::quickstart::pulumi-nodejs:dynamic/azure-disk-sas:DiskRestorePointAccess::cold";
  const rows: string[] = [];
  for (let round = 0; round < 5; round++) {
    const timings: number[] = [];
    for (const text of [trivial, providerText]) {
      const plugin = await startProviderPlugin(quickstart);
      await plugin.configure({});
      let started = Date.now();
      await plugin.check(urn, {}, { ...inputs, __provider: text });
      timings.push(Date.now() - started);
      for (let create = 0; create < 2; create++) {
        started = Date.now();
        const created = await plugin.create(urn, { ...inputs, __provider: text });
        timings.push(Date.now() - started);
        if (text === providerText) {
          await plugin.delete(urn, created.id, created.properties);
        }
      }
      await plugin.stop();
    }
    rows.push(timings.join(" | "));
  }
  console.log("\nThe plugin's first calls, trivial provider against this one, in ms (5 rounds)\n");
  console.log(
    "| trivial: 1st Check | trivial: 1st Create | trivial: 2nd Create | ours: 1st Check | ours: 1st Create | ours: 2nd Create |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const row of rows) {
    console.log(`| ${row} |`);
  }
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
