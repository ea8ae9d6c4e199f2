// `npm run package-plugin`: the provider plugin as one executable with Node.js inside (a Node.js
// single executable application), for the platform it runs on, packed as Pulumi's engine downloads
// a plugin: `release/pulumi-resource-azure-disk-sas-v<version>-<os>-<arch>.tar.gz`, the executable
// at the tarball's root. It embeds the Node.js that runs this script (`process.execPath`).
// Options: `--out <dir>` instead of release/, `--platform <os-arch>` to refuse another platform.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildSync } from "esbuild";
import { packageVersion } from "../src/packageInfo";

const root = join(__dirname, "..");
const pluginName = "pulumi-resource-azure-disk-sas";
/** The fuse Node.js looks for to know it carries an application (Node.js 20 and later). */
const seaFuse = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
/** The packages that must be bundled once: the plugin builds messages the stubs must recognise. */
const bundledOnce = ["@grpc/grpc-js", "google-protobuf", "@pulumi/pulumi"];

/** Pulumi's name of an operating system and an architecture, as its plugin tarballs carry them. */
export function pulumiPlatform(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  const os = { linux: "linux", darwin: "darwin", win32: "windows" }[platform as string];
  const cpu = { x64: "amd64", arm64: "arm64" }[arch];
  if (!os || !cpu) throw new Error(`Pulumi has no plugin platform for ${platform}-${arch}.`);
  return `${os}-${cpu}`;
}

/** The name of the plugin's executable on a platform, as the engine looks for it. */
export function pluginExecutableName(platform: NodeJS.Platform = process.platform): string {
  return platform === "win32" ? `${pluginName}.exe` : pluginName;
}

/** The name of the plugin's tarball for a version and a platform. */
export function pluginTarballName(version: string, platform: string): string {
  return `${pluginName}-v${version}-${platform}.tar.gz`;
}

/**
 * Builds the plugin's executable from the built package (run `npm run build` first) and packs it.
 *
 * @returns the tarball's path.
 */
export function packagePlugin(outDir = join(root, "release")): string {
  const work = mkdtempSync(join(tmpdir(), "package-plugin-"));
  try {
    const bundle = join(work, "plugin.js");
    const { metafile } = buildSync({
      entryPoints: [join(root, "scripts", "plugin-standalone.ts")],
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      outfile: bundle,
      metafile: true,
      logLevel: "warning",
      // Resolved only where modules are installed, never in the executable.
      external: ["@pulumi/pulumi/package.json", "@azure/arm-compute/package.json"],
    });
    for (const name of bundledOnce) {
      const copies = new Set(
        Object.keys(metafile.inputs).flatMap((input) => {
          const at = input.lastIndexOf(`node_modules/${name}/`);
          return at < 0 ? [] : [input.slice(0, at)];
        }),
      );
      if (copies.size !== 1) {
        throw new Error(`The bundle holds ${copies.size} copies of ${name}: it needs exactly one.`);
      }
    }

    const blob = join(work, "plugin.blob");
    writeFileSync(
      join(work, "sea-config.json"),
      // The code cache spares the plugin compiling its bundle at every start. From Node.js 24 on
      // (the releases'), NODE_OPTIONS meant for the user's own Node.js programs is ignored;
      // earlier versions ignore the field.
      JSON.stringify({
        main: bundle,
        output: blob,
        disableExperimentalSEAWarning: true,
        useCodeCache: true,
        execArgvExtension: "none",
      }),
    );
    execFileSync(process.execPath, ["--experimental-sea-config", "sea-config.json"], {
      cwd: work,
      stdio: "pipe",
    });

    const executable = pluginExecutableName();
    const image = join(work, "image");
    mkdirSync(image);
    copyFileSync(process.execPath, join(image, executable));
    copyFileSync(join(root, "LICENSE"), join(image, "LICENSE"));
    const mac = process.platform === "darwin";
    if (mac) execFileSync("codesign", ["--remove-signature", join(image, executable)]);
    execFileSync(
      process.execPath,
      [
        require.resolve("postject/dist/cli.js"),
        join(image, executable),
        "NODE_SEA_BLOB",
        blob,
        "--sentinel-fuse",
        seaFuse,
        ...(mac ? ["--macho-segment-name", "NODE_SEA"] : []),
      ],
      { stdio: "pipe" },
    );
    if (mac) execFileSync("codesign", ["--sign", "-", join(image, executable)]);

    // Relative paths only: GNU tar (Git for Windows') takes `C:` for a remote host.
    const name = pluginTarballName(packageVersion, pulumiPlatform());
    // COPYFILE_DISABLE: macOS's tar adds no `._*` files of extended attributes.
    execFileSync("tar", ["-czf", name, executable, "LICENSE"], {
      cwd: image,
      env: { ...process.env, COPYFILE_DISABLE: "1" },
    });
    mkdirSync(outDir, { recursive: true });
    const tarball = join(outDir, name);
    copyFileSync(join(image, name), tarball);
    return tarball;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  // `--platform <os-arch>`: the platform a release job means to build, refused on another runner.
  const { values } = parseArgs({
    options: { platform: { type: "string" }, out: { type: "string" } },
  });
  if (values.platform && values.platform !== pulumiPlatform()) {
    console.error(
      `This machine builds the plugin for ${pulumiPlatform()}, not ${values.platform}.`,
    );
    process.exit(1);
  }
  console.log(packagePlugin(values.out));
}
