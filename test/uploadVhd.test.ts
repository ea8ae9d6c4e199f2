import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import * as managedDisk from "../src/providers/managedDisk";
import { Engine } from "./harness/engine";
import { azureNativeStandIns } from "./support/azureNativeStandIns";
import { fixedVhd } from "./support/fixedVhd";
import { postedActions, readRange, useAzureEmulator } from "./support/useAzureEmulator";

const emulator = useAzureEmulator();
const example = join(__dirname, "..", "examples", "upload-vhd");
const files = mkdtempSync(join(tmpdir(), "vhd-"));

/** Writes a VHD file to upload and returns its path. */
function vhdFile(name: string, bytes: Buffer): string {
  const path = join(files, name);
  writeFileSync(path, bytes);
  return path;
}

/** Reads the disk's first bytes back as a VM would see them: through a Read grant of its own. */
async function readBack(diskName: string, count: number): Promise<Buffer> {
  const { id, outs } = await managedDisk.create({
    diskId: emulator().diskId(diskName),
    access: "Read",
    durationInSeconds: 60,
  });
  const { bytes } = await readRange(String(outs!.accessSAS), 0, count - 1);
  await managedDisk.delete(id, outs!);
  return bytes;
}

describe("examples/upload-vhd through the real plugin", () => {
  it("a Write SAS takes the VHD, and destroy, revoking it, finishes the upload: the disk reads back what was written", async () => {
    const data = Buffer.from("a disk uploaded through pulumi-azure-disk-sas\n");
    const engine = new Engine(
      example,
      "upload-vhd",
      {
        resourceGroupName: "rg-backup",
        location: "westeurope",
        vhdPath: vhdFile("good.vhd", fixedVhd(data)),
      },
      "dev",
      azureNativeStandIns(emulator()),
    );
    await engine.up();
    const disks = emulator().resourceManager.managedDisks;
    assert.equal(disks.diskState("disks", "uploaded"), "ActiveUpload");
    const upload = engine.resources.find((r) => r.name === "vhd")!;
    assert.match(JSON.stringify(upload.inputs["sasUrl"]), /"ciphertext":"v1:/, "the SAS is secret");

    // A refresh mid-upload keeps the Write grant: ActiveUpload is a live SAS.
    await engine.refresh();
    assert.ok(engine.steps.includes("refresh upload"), engine.steps.join(", "));
    assert.ok(
      engine.resources.some((r) => r.name === "upload"),
      "the grant is still in state",
    );

    const before = emulator().requests.length;
    await engine.destroy();
    assert.deepEqual(postedActions(emulator(), before), ["endGetAccess"]);
    assert.equal(disks.diskState("disks", "uploaded"), "Unattached");
    assert.deepEqual(await readBack("uploaded", data.length), data);
  });

  it("a file that is no VHD: destroy fails with Azure's words and what to fix, the resource stays; uploading a VHD and destroying again finishes", async () => {
    const data = Buffer.from("an image without its VHD footer\n");
    const vhd = fixedVhd(data);
    const config = {
      resourceGroupName: "rg-backup",
      location: "westeurope",
      vhdPath: vhdFile(
        "raw.img",
        Buffer.concat([vhd.subarray(0, vhd.length - 512), Buffer.alloc(512)]),
      ),
    };
    // A new disk of the same name: the first test's is finished.
    emulator().resourceManager.managedDisks.remove("disks", "uploaded");
    const engine = new Engine(
      example,
      "upload-vhd",
      config,
      "dev",
      azureNativeStandIns(emulator()),
    );
    await engine.up();
    const diskId = emulator().diskId("uploaded");

    await assert.rejects(engine.destroy(), {
      message: new RegExp(
        `^Could not revoke access to managed disk ${diskId.replace(/\//g, "\\/")}: HTTP 400 InvalidVhd: The specified cookie value in VHD footer indicates that disk 'uploaded' with blob \\S+ is not a supported VHD\\. Disk is expected to have cookie value 'conectix'\\. \\(x-ms-request-id: [-0-9a-f]+, x-ms-correlation-request-id: [-0-9a-f]+\\)\\. Upload a fixed-size VHD of the disk's uploadSizeBytes: whole MiB of data followed by the 512-byte footer that starts with the cookie 'conectix'`,
      ),
    });
    assert.deepEqual(
      engine.resources.map((r) => r.name),
      ["upload"],
      "the access stays in state for the next try",
    );
    assert.equal(
      emulator().resourceManager.managedDisks.diskState("disks", "uploaded"),
      "ActiveUpload",
    );

    engine.config = { ...config, vhdPath: vhdFile("fixed.vhd", vhd) };
    await engine.up();
    await engine.destroy();
    assert.deepEqual(engine.resources, []);
    assert.deepEqual(await readBack("uploaded", data.length), data);
  });
});
