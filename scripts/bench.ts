// `npm run bench`: how soon a grant returns once Azure's operation is done, with this provider's
// polling schedule and with @azure/arm-compute's default (a poll every 2 s), side by side in one run
// against the local emulator; and the bytes of the provider stored per resource. Figures are ratios
// and differences within one run: absolute times on a shared machine are noise.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packagePlugin, pluginExecutableName } from "./package-plugin";
import { createComputeClient } from "../src/azure/computeClient";
import { parseArmId } from "../src/armId";
import { grantAccess, revokeAccess } from "../src/azure/access";
import { accessTarget, accessTargetPaths, type AccessTarget } from "../src/azure/accessTarget";
import { readAzureSettings } from "../src/azure/settings";
import * as diskRestorePointProvider from "../src/providers/diskRestorePoint";
import * as vmProvider from "../src/providers/vmRestorePoint";
import { startAzureEmulator, type AzureEmulator } from "../test/emulator";
import { manyDisksFixture } from "../test/emulator/fixture";
import { Engine } from "../test/harness/engine";
import {
  pluginUrn,
  startAzureDiskSasPlugin,
  startProviderPlugin,
  type ProviderPlugin,
} from "../test/harness/providerPlugin";

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
      "| target | operation | Retry-After | bound | ours: lag | ours: polls | SDK default: lag | SDK default: polls | lag ratio |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|");
    const restorePoint = diskRestorePointTarget(emulator.diskRestorePointId(0));
    const disk = accessTarget(
      "disk",
      parseArmId(accessTargetPaths.disk, emulator.diskId("web01-datadisk2"))!,
    );
    const rows: [AccessTarget, number, number | undefined][] = [
      ...[undefined, 1].flatMap((retryAfter) =>
        operationTimesMs
          // Keeps the run short; the 30 s case is shown without Retry-After.
          .filter((operationMs) => retryAfter === undefined || operationMs <= 10_000)
          .map((operationMs): [AccessTarget, number, number | undefined] => [
            restorePoint,
            operationMs,
            retryAfter,
          ]),
      ),
      [disk, 1000, undefined],
    ];
    for (const [target, operationMs, retryAfterSeconds] of rows) {
      emulator.resourceManager.settings.retryAfterSeconds = retryAfterSeconds;
      const ours = await grantOnce(emulator, target, "ours", operationMs);
      const sdk = await grantOnce(emulator, target, "sdk", operationMs);
      const bound = Math.min(2000, Math.max(200, 0.2 * operationMs));
      console.log(
        `| ${target.type === "disk" ? "managed disk" : "disk restore point"} | ${seconds(operationMs)} | ${retryAfterSeconds === undefined ? "none" : `${retryAfterSeconds} s`} | ${bound} ms | ${ours.lagMs} ms | ${ours.polls} | ${sdk.lagMs} ms | ${sdk.polls} | ${(sdk.lagMs / Math.max(ours.lagMs, 1)).toFixed(1)}x |`,
      );
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
    await pluginColdStart(emulator, providerText);
  } finally {
    await emulator.stop();
  }
  await wholeVm();
}

/**
 * `VmRestorePointAccess` over a VM restore point of 4 disks against each of its disks granted on
 * its own, in the same run, each operation taking 1 s: the disks are granted at once, so the whole
 * VM should take hardly longer than its slowest disk alone.
 */
async function wholeVm(): Promise<void> {
  const emulator = await startAzureEmulator(manyDisksFixture(4));
  const saved = { ...process.env };
  Object.assign(process.env, emulator.env);
  Object.assign(emulator.resourceManager.settings, {
    durationMs: 1000,
    retryAfterSeconds: undefined,
  });
  const timed = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  try {
    const vmRestorePointId = emulator.diskRestorePointId(0).replace(/\/diskRestorePoints\/.*$/, "");
    const rows: number[][] = [];
    for (let round = 0; round < 3; round++) {
      const singles: number[] = [];
      for (let i = 0; i < 4; i++) {
        let granted: { id: string; outs?: object } | undefined;
        singles.push(
          await timed(async () => {
            granted = await diskRestorePointProvider.create({
              diskRestorePointId: emulator.diskRestorePointId(i),
              access: "Read",
              durationInSeconds: 600,
            });
          }),
        );
        await diskRestorePointProvider.delete(granted!.id, granted!.outs!);
      }
      let vm: { id: string; outs?: object } | undefined;
      const whole = await timed(async () => {
        vm = await vmProvider.create({ vmRestorePointId, access: "Read", durationInSeconds: 600 });
      });
      await vmProvider.delete(vm!.id, vm!.outs!);
      rows.push([...singles, whole]);
    }
    console.log(
      "\nVmRestorePointAccess over 4 disks against each disk granted alone, operations of 1 s, in ms (3 rounds)\n",
    );
    console.log("| disk 1 | disk 2 | disk 3 | disk 4 | whole VM | whole VM / slowest disk |");
    console.log("|---|---|---|---|---|---|");
    for (const row of rows) {
      const slowest = Math.max(...row.slice(0, 4));
      console.log(
        `| ${row.map((ms) => Math.round(ms)).join(" | ")} | ${(row[4]! / slowest).toFixed(2)}x |`,
      );
    }
  } finally {
    await emulator.stop();
    for (const name of Object.keys(emulator.env)) {
      if (saved[name] === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = saved[name];
      }
    }
  }
}

/** Grants access once and measures, from the emulator's own clock, how late its end was seen. */
async function grantOnce(
  emulator: AzureEmulator,
  target: AccessTarget,
  poller: "ours" | "sdk",
  operationMs: number,
): Promise<Sample> {
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
    await client
      .operations(target.type)
      .grantAccess(target.resourceGroupName, ...target.names, request);
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
 * The provider's first Create in a fresh plugin process against a bare Node script that makes the
 * same calls with the same packages (cloud metadata, sign-in, grant, one poll), in a fresh process
 * too, side by side in each round: what the provider adds of its own. The bare script runs twice,
 * loading @azure/arm-compute's package entry and only its disk restore point operations, which is
 * what the provider's loading of the latter saves. Operations end at once and ask for no wait.
 */
async function coldStart(emulator: AzureEmulator, providerText: string): Promise<void> {
  const quickstart = join(__dirname, "..", "examples", "quickstart");
  const id = emulator.diskRestorePointId(0);
  const inputs = { diskRestorePointId: id, access: "Read", durationInSeconds: 600 };
  const urn =
    "urn:pulumi:bench::quickstart::pulumi-nodejs:dynamic/azure-disk-sas:DiskRestorePointAccess::cold";
  const target = diskRestorePointTarget(id);
  const revoke = async () =>
    revokeAccess(
      await createComputeClient(
        readAzureSettings(() => undefined),
        target.subscriptionId,
      ),
      target,
    );
  const bare = async (entry: "public" | "modular") => {
    const { stdout } = await run(process.execPath, [
      join(__dirname, "bench-bare-grant.cjs"),
      entry,
      id,
    ]);
    await revoke();
    return (JSON.parse(stdout) as { ms: number }).ms;
  };
  const rows: {
    check: number;
    create: number;
    publicEntry: number;
    modular: number;
    provider: number;
  }[] = [];
  for (let round = 0; round < 7; round++) {
    const publicEntry = await bare("public");
    const modular = await bare("modular");
    const provider = (
      JSON.parse(
        (await run(process.execPath, [join(__dirname, "bench-provider-create.cjs"), id])).stdout,
      ) as { ms: number }
    ).ms;
    const plugin = await startProviderPlugin(quickstart);
    await plugin.configure({});
    let started = performance.now();
    await plugin.check(urn, {}, { ...inputs, __provider: providerText });
    const check = performance.now() - started;
    started = performance.now();
    const created = await plugin.create(urn, { ...inputs, __provider: providerText });
    const create = performance.now() - started;
    await plugin.delete(urn, created.id, created.properties);
    await plugin.stop();
    rows.push({ check, create, publicEntry, modular, provider });
  }
  console.log(
    "\nCold start, in ms (7 rounds): the provider's first Create through the plugin, as the engine sees it; a bare Node script making the same calls (cloud metadata, sign-in, grant, one poll) with @azure/arm-compute's package entry, as a user's script would, and with only its disk restore point operations, as the provider loads them; and the provider's create called in a bare process. Each in a fresh process.\n",
  );
  console.log(
    "| plugin: 1st Check | plugin: 1st Create | bare script, package entry | 1st Create / that | bare script, disk restore point operations | provider's create, bare process | that / bare script, same operations |",
  );
  console.log("|---|---|---|---|---|---|---|");
  const row = (r: (typeof rows)[number]) =>
    `| ${Math.round(r.check)} | ${Math.round(r.create)} | ${r.publicEntry} | ${(r.create / r.publicEntry).toFixed(2)}x | ${r.modular} | ${r.provider} | ${(r.provider / r.modular).toFixed(2)}x |`;
  for (const r of rows) {
    console.log(row(r));
  }
  const m = (pick: (r: (typeof rows)[number]) => number) => median(rows.map(pick));
  const medians = {
    check: m((r) => r.check),
    create: m((r) => r.create),
    publicEntry: m((r) => r.publicEntry),
    modular: m((r) => r.modular),
    provider: m((r) => r.provider),
  };
  console.log(row(medians).replace(/^\| /, "| median "));
  const saving = medians.publicEntry - medians.modular;
  console.log(
    `\nLoading only arm-compute's disk restore point operations saves ${Math.round(saving)} ms (medians): ${saving >= 50 ? "at least 50 ms, so the provider keeps loading them" : "less than 50 ms: the provider should load the package entry instead"}.`,
  );
}

/**
 * The provider plugin's cold start beside the dynamic provider's: from spawning the plugin until
 * it prints its port, its first Check, its first Create, each plugin in a fresh process, for the
 * dynamic provider (`@pulumi/pulumi`'s plugin loading the stored `__provider`), the npm executable
 * `pulumi-resource-azure-disk-sas`, the source plugin `provider/` run by the Node language host's
 * `run-plugin`, and the single executable of a release. Operations end at once and ask for no wait.
 */
async function pluginColdStart(emulator: AzureEmulator, providerText: string): Promise<void> {
  const quickstart = join(__dirname, "..", "examples", "quickstart");
  const root = join(__dirname, "..");
  const standalone = await singleExecutable();
  try {
    await timePlugins(emulator, providerText, quickstart, root, standalone.executable);
  } finally {
    rmSync(standalone.work, { recursive: true, force: true });
  }
}

/** The cold start of each form of the plugin, and its table. */
async function timePlugins(
  emulator: AzureEmulator,
  providerText: string,
  quickstart: string,
  root: string,
  executable: string,
): Promise<void> {
  const inputs = {
    diskRestorePointId: emulator.diskRestorePointId(0),
    access: "Read",
    durationInSeconds: 600,
  };
  const forms = {
    dynamic: {
      start: () => startProviderPlugin(quickstart),
      urn: "urn:pulumi:bench::quickstart::pulumi-nodejs:dynamic/azure-disk-sas:DiskRestorePointAccess::cold",
      inputs: { ...inputs, __provider: providerText },
    },
    executable: {
      start: () => startAzureDiskSasPlugin("executable"),
      urn: pluginUrn("DiskRestorePointAccess"),
      inputs,
    },
    source: {
      start: () => startAzureDiskSasPlugin("source"),
      urn: pluginUrn("DiskRestorePointAccess"),
      inputs,
    },
    "single executable": {
      start: () => startProviderPlugin(root, process.env, [executable]),
      urn: pluginUrn("DiskRestorePointAccess"),
      inputs,
    },
  };
  type Form = keyof typeof forms;
  type Timing = { start: number; check: number; create: number };
  const timings = Object.fromEntries(
    Object.keys(forms).map((form): [string, Timing[]] => [form, []]),
  ) as Record<Form, Timing[]>;
  const timed = async <T>(action: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const result = await action();
    return [result, performance.now() - started];
  };
  for (let round = 0; round < 7; round++) {
    for (const form of Object.keys(forms) as Form[]) {
      const { start, urn, inputs: news } = forms[form];
      const [plugin, startMs] = await timed<ProviderPlugin>(start);
      await plugin.configure({});
      const [, check] = await timed(() => plugin.check(urn, {}, news));
      const [created, create] = await timed(() => plugin.create(urn, news));
      await plugin.delete(urn, created.id, created.properties);
      await plugin.stop();
      timings[form].push({ start: startMs, check, create });
    }
  }
  const medians = (form: Form): Timing => ({
    start: median(timings[form].map((t) => t.start)),
    check: median(timings[form].map((t) => t.check)),
    create: median(timings[form].map((t) => t.create)),
  });
  const dynamic = medians("dynamic");
  console.log(
    "\nProvider plugin cold start, in ms (medians of 7 rounds, each plugin in a fresh process): until the port is printed, then the first Check and the first Create; the ratio is to the dynamic provider's sum.\n",
  );
  console.log("| plugin | start | 1st Check | 1st Create | start + Check + Create | ratio |");
  console.log("|---|---|---|---|---|---|");
  for (const form of Object.keys(forms) as Form[]) {
    const t = medians(form);
    const sum = t.start + t.check + t.create;
    const dynamicSum = dynamic.start + dynamic.check + dynamic.create;
    console.log(
      `| ${form} | ${Math.round(t.start)} | ${Math.round(t.check)} | ${Math.round(t.create)} | ${Math.round(sum)} | ${(sum / dynamicSum).toFixed(2)}x |`,
    );
  }
}

/**
 * The plugin as one executable (`npm run package-plugin`), unpacked, and what each form of the
 * plugin puts on a machine: the release tarball and its executable, against the npm package with
 * the dependencies npm installs beside it (Node.js itself not counted).
 */
async function singleExecutable(): Promise<{ executable: string; work: string }> {
  const work = mkdtempSync(join(tmpdir(), "bench-plugin-"));
  const tarball = packagePlugin(work);
  await run("tar", ["-xzf", tarball, "-C", work]);
  const executable = join(work, pluginExecutableName());
  const project = join(work, "npm");
  mkdirSync(project);
  const { stdout: packed } = await run("npm", [
    "pack",
    "--silent",
    "--ignore-scripts",
    "--pack-destination",
    project,
  ]);
  const npmTarball = join(project, packed.trim().split("\n").pop()!);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "p", private: true }));
  await run(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--omit=dev", npmTarball],
    project,
  );
  const bytes = async (path: string) =>
    Number((await run("du", ["-sb", path])).stdout.split("\t")[0]);
  const MiB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  console.log("\nWhat each form of the plugin puts on a machine:\n");
  console.log("| form | download | on disk | needs |");
  console.log("|---|---|---|---|");
  console.log(
    `| single executable | ${MiB(statSync(tarball).size)} (tarball) | ${MiB(statSync(executable).size)} | nothing |`,
  );
  console.log(
    `| npm package | ${MiB(statSync(npmTarball).size)} (package) + its dependencies | ${MiB(await bytes(join(project, "node_modules")))} (node_modules) | Node.js 20 or later |`,
  );
  return { executable, work };
}

/** Runs a command to completion and returns its output; fails if it fails. */
function run(command: string, args: string[], cwd?: string): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: "utf8", cwd }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(" ")}: ${stderr}`)) : resolve({ stdout }),
    );
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function diskRestorePointTarget(id: string) {
  return accessTarget("diskRestorePoint", parseArmId(accessTargetPaths.diskRestorePoint, id)!);
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
