// The main job: the quickstart's whole SAS lifecycle (up, read through the SAS, destroy, SAS refused)
// against the local Azure emulator, or against real Azure when AZURE_DISK_SAS_TARGET=azure (then
// DISK_RESTORE_POINT_ID names the disk restore point and the usual Azure credentials apply).
// With a `pulumi` binary on PATH it runs the real `pulumi up` on a local file backend; without one it
// runs the engine stand-in over @pulumi/pulumi's own dynamic-provider plugin.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { maskSasSignatures } from "../src/redact";
import { startAzureEmulator, type AzureEmulator } from "../test/emulator";
import { Engine } from "../test/harness/engine";
import { readRange } from "../test/support/readRange";

const quickstart = join(__dirname, "..", "examples", "quickstart");

/** What the quickstart exports. */
interface Exported {
  accessSAS: string;
  expiresAt: string;
}

/** One way of running the quickstart: returns what it exported, and a destroy. */
interface Runner {
  description: string;
  up(config: Record<string, string>): Promise<Exported>;
  /** What the engine measured of the last `up`, line by line, where it can tell. */
  timings(): string[];
  /** What the provider printed, line by line, where the engine shows it. */
  providerOutput(): string[];
  destroy(): Promise<void>;
  /** Whether the engine showed this error already, as `pulumi up` shows a failed step. */
  showed(error: unknown): boolean;
}

let runner: Runner | undefined;

async function main(): Promise<void> {
  const realAzure = process.env["AZURE_DISK_SAS_TARGET"] === "azure";
  let emulator: AzureEmulator | undefined;
  let diskRestorePointId = process.env["DISK_RESTORE_POINT_ID"];
  if (!realAzure) {
    emulator = await startAzureEmulator();
    emulator.resourceManager.settings.durationMs = 1500;
    Object.assign(process.env, emulator.env);
    diskRestorePointId = emulator.diskRestorePointId(0);
    console.log(
      `Azure: the local emulator at ${emulator.url} (AZURE_DISK_SAS_TARGET=azure for real Azure)`,
    );
  } else if (!diskRestorePointId) {
    throw new Error("Set DISK_RESTORE_POINT_ID to the full ARM id of a disk restore point.");
  } else {
    console.log("Azure: real Azure, with the credentials of this environment");
  }
  runner = hasPulumiCli() ? pulumiCli() : engineStandIn();
  console.log(`Engine: ${runner.description}`);
  try {
    console.log(`\n== up: examples/quickstart, diskRestorePointId=${diskRestorePointId}`);
    const operationsBefore = emulator?.resourceManager.operations.list().length ?? 0;
    const { accessSAS: sas, expiresAt } = await runner.up({ diskRestorePointId });
    for (const line of runner.timings()) {
      console.log(line);
    }
    const grant = emulator?.resourceManager.operations.list()[operationsBefore];
    console.log(
      grant?.endTime
        ? `Azure's grant operation (beginGetAccess, start to end as the emulator ran it): ${grant.endTime.getTime() - grant.startTime.getTime()} ms`
        : "Azure's grant operation: its start and end reach only the provider's status polls with real Azure",
    );
    console.log(`accessSAS (secret, signature masked): ${maskSasSignatures(sas)}`);
    console.log(`expiresAt: ${expiresAt} (the quickstart grants for an hour)`);

    const before = await readHead(sas);
    console.log(`range read 0-63 through the SAS: HTTP ${before.status} "${before.text}"`);

    console.log("\n== destroy: revokes access");
    await runner.destroy();
    const after = await readHead(sas);
    console.log(
      `range read through the same SAS after revoke: HTTP ${after.status}${after.status === 403 ? " (refused)" : ""}`,
    );
    const output = runner.providerOutput();
    if (output.length > 0) console.log(`\nprovider output:\n${output.join("\n")}`);
    if (before.status !== 206 || after.status !== 403) {
      throw new Error(
        `The SAS lifecycle did not behave as expected: a read through the SAS answered HTTP ${before.status} before the destroy (206 expected) and HTTP ${after.status} after it (403 expected).`,
      );
    }
    console.log(
      realAzure
        ? "\nThe SAS lifecycle worked on Azure: granted, read through, revoked, then refused. Next: pulumi up in examples/quickstart, or the other examples (docs/_index.md#examples)."
        : "\nThe SAS lifecycle worked: granted, read through, revoked, then refused. Next: AZURE_DISK_SAS_TARGET=azure DISK_RESTORE_POINT_ID=<a disk restore point's id> npm start runs it on Azure; docs/_index.md#examples has the other examples.",
    );
  } finally {
    await emulator?.stop();
  }
}

function engineStandIn(): Runner {
  let engine: Engine | undefined;
  return {
    description:
      "no pulumi binary on PATH: the engine stand-in, driving @pulumi/pulumi's dynamic-provider plugin over gRPC",
    async up(config) {
      engine = new Engine(quickstart, "quickstart", config);
      const outputs = await engine.up();
      return { accessSAS: String(outputs["accessSAS"]), expiresAt: String(outputs["expiresAt"]) };
    },
    timings() {
      if (!engine) {
        return [];
      }
      const create = engine.steps.indexOf("create os-disk");
      return [
        `engine start (provider plugin process, program, until the first resource): ${engine.startupMs} ms`,
        `grant (the provider's Create: sign-in, beginGetAccess, waiting for Azure's operation): ${engine.stepMs[create]} ms`,
      ];
    },
    providerOutput() {
      return (engine?.pluginLog ?? []).flatMap((chunk) => chunk.split("\n")).filter(Boolean);
    },
    async destroy() {
      await engine?.destroy();
    },
    showed(error) {
      const message = error instanceof Error ? error.message : String(error);
      return engine?.programLog.some((line) => line.includes(message)) ?? false;
    },
  };
}

function pulumiCli(): Runner {
  const backend = mkdtempSync(join(tmpdir(), "pulumi-backend-"));
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: process.env["PULUMI_CONFIG_PASSPHRASE"] ?? "quickstart-demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  const pulumi = (...args: string[]) => {
    try {
      return execFileSync("pulumi", [...args, "--non-interactive"], {
        cwd: quickstart,
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      });
    } catch (error) {
      // pulumi shows a failed step's error on its standard output: shown here, once.
      process.stdout.write((error as { stdout?: string }).stdout ?? "");
      throw error;
    }
  };
  return {
    description: `pulumi ${pulumi("version").trim()}, local file backend ${backend}`,
    async up(config) {
      pulumi("stack", "select", "--create", "demo");
      for (const [key, value] of Object.entries(config)) {
        pulumi("config", "set", key, value);
      }
      console.log(pulumi("up", "--yes", "--skip-preview"));
      return {
        accessSAS: pulumi("stack", "output", "accessSAS", "--show-secrets").trim(),
        expiresAt: pulumi("stack", "output", "expiresAt").trim(),
      };
    },
    timings: () => [],
    providerOutput: () => [],
    async destroy() {
      pulumi("destroy", "--yes", "--skip-preview");
      pulumi("stack", "rm", "--yes", "demo");
      rmSync(backend, { recursive: true, force: true });
    },
    // A failed pulumi command's own output, which holds its error, is shown above.
    showed: (error) => (error as { status?: unknown }).status !== undefined,
  };
}

function hasPulumiCli(): boolean {
  try {
    execFileSync("pulumi", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** The first 64 bytes through the SAS, as text without padding. */
async function readHead(sas: string): Promise<{ status: number; text: string }> {
  const { status, bytes } = await readRange(sas, 0, 63);
  return { status, text: status === 206 ? bytes.toString("utf8").replace(/\0+/g, "") : "" };
}

main().catch((error: unknown) => {
  // Shown once: as the engine reported it, or here. The provider keeps secrets out of its errors.
  if (!runner?.showed(error)) console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
