// The main job: the quickstart's whole SAS lifecycle against the local Azure emulator, or against
// real Azure when AZURE_DISK_SAS_TARGET=azure (then DISK_RESTORE_POINT_ID names the disk restore point
// and the usual Azure credentials apply).
import { join } from "node:path";
import { maskSasSignatures } from "../src/redact";
import { startAzureEmulator, type AzureEmulator } from "../test/emulator";
import { destroy, up } from "../test/harness/inProcessEngine";

async function main(): Promise<void> {
  const realAzure = process.env["AZURE_DISK_SAS_TARGET"] === "azure";
  let emulator: AzureEmulator | undefined;
  let diskRestorePointId = process.env["DISK_RESTORE_POINT_ID"];
  if (!realAzure) {
    emulator = await startAzureEmulator();
    emulator.resourceManager.settings.durationMs = 1500;
    Object.assign(process.env, emulator.env);
    diskRestorePointId = emulator.diskRestorePointId(0);
    console.log(`Azure emulator at ${emulator.url} (set AZURE_DISK_SAS_TARGET=azure for real Azure)`);
  } else if (!diskRestorePointId) {
    throw new Error("Set DISK_RESTORE_POINT_ID to the full ARM id of a disk restore point.");
  }
  try {
    const program = join(__dirname, "..", "examples", "quickstart");
    console.log(`\n== up: examples/quickstart, diskRestorePointId=${diskRestorePointId}`);
    const started = Date.now();
    const { resources, exports } = await up(program, { diskRestorePointId: diskRestorePointId!, durationInSeconds: "900" });
    const sas = String(exports["accessSAS"]);
    console.log(`granted in ${Date.now() - started} ms; expires at ${String(exports["expiresAt"])}`);
    console.log(`accessSAS (secret, signature masked): ${maskSasSignatures(sas)}`);

    const before = await readRange(sas);
    console.log(`range read 0-63 through the SAS: HTTP ${before.status} "${before.text}"`);

    console.log("\n== destroy: revokes access");
    await destroy(program, resources);
    const after = await readRange(sas);
    console.log(`range read through the same SAS after revoke: HTTP ${after.status}${after.status === 403 ? " (refused)" : ""}`);
    if (before.status !== 206 || after.status !== 403) {
      throw new Error("The SAS lifecycle did not behave as expected.");
    }
  } finally {
    await emulator?.stop();
  }
}

async function readRange(sas: string): Promise<{ status: number; text: string }> {
  const response = await fetch(sas, { headers: { range: "bytes=0-63" } });
  const text = Buffer.from(await response.arrayBuffer()).toString("utf8").replace(/\0+/g, "");
  return { status: response.status, text: response.ok ? text : "" };
}

main().catch((error: unknown) => {
  console.error(maskSasSignatures(error instanceof Error ? error.message : String(error)));
  process.exit(1);
});
