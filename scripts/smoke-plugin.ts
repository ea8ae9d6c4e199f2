// `node --import tsx scripts/smoke-plugin.ts [dir]`: unpacks this platform's plugin tarball from
// `dir` (release/), starts the executable as the engine would, from an empty folder and with no
// Node.js on its PATH, and checks that it serves: GetPluginInfo answers this package's version.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { packageVersion } from "../src/packageInfo";
import { installedPulumi, loadPulumiRpc } from "../src/plugin/pulumiRpc";
import { pluginExecutableName, pluginTarballName, pulumiPlatform } from "./package-plugin";

/** The environment of a machine without Node.js: this one's, its PATH an empty folder. */
export function withoutNode(emptyDir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name.toUpperCase() !== "PATH"),
  );
  return { ...env, PATH: emptyDir };
}

/**
 * Starts the executable of `tarball` and asks its version.
 *
 * @returns the version GetPluginInfo reports.
 */
export async function smokePlugin(tarball: string): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), "smoke-plugin-"));
  try {
    const unpacked = join(work, "plugin");
    const empty = join(work, "empty");
    mkdirSync(unpacked);
    mkdirSync(empty);
    execFileSync("tar", ["-xzf", tarball], { cwd: unpacked });
    const child = spawn(join(unpacked, pluginExecutableName()), ["127.0.0.1:1"], {
      cwd: empty,
      env: withoutNode(empty),
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
      const port = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once("line", resolve);
        child.once("error", reject);
        child.once("exit", (code) =>
          reject(new Error(`The plugin exited with code ${code}: ${stderr}`)),
        );
      });
      const fromPulumi = installedPulumi();
      const rpc = loadPulumiRpc(fromPulumi);
      const { ResourceProviderClient } = fromPulumi(
        "./proto/provider_grpc_pb.js",
      ) as typeof import("@pulumi/pulumi/proto/provider_grpc_pb");
      const client = new ResourceProviderClient(
        `127.0.0.1:${port.trim()}`,
        rpc.grpc.credentials.createInsecure(),
      );
      try {
        return await new Promise<string>((resolve, reject) =>
          client.getPluginInfo(new rpc.Empty(), (error, info) =>
            error ? reject(error) : resolve(info.getVersion()),
          ),
        );
      } finally {
        client.close();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true, maxRetries: 5 });
  }
}

if (require.main === module) {
  const tarball = join(
    process.argv[2] ?? "release",
    pluginTarballName(packageVersion, pulumiPlatform()),
  );
  smokePlugin(tarball).then(
    (version) => {
      if (version !== packageVersion) {
        console.error(`The plugin reports version ${version}, not ${packageVersion}.`);
        process.exit(1);
      }
      console.log(`${tarball}: serves, version ${version}`);
    },
    (error: Error) => {
      console.error(`${tarball} does not serve: ${error.message}`);
      process.exit(1);
    },
  );
}
