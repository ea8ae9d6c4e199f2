import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";

/** A property bag as it crosses the wire: plain JSON, secrets wrapped where the plugin accepts them. */
export type Properties = Record<string, unknown>;

/** A check's answer: the inputs to use and the refused properties. */
export interface CheckResult {
  inputs: Properties;
  failures: { property: string; reason: string }[];
}

/** A provider plugin's answers, as plain values. */
export interface ProviderPlugin {
  getPluginInfo(): Promise<{ version: string }>;
  getSchema(): Promise<string>;
  handshake(): Promise<{ acceptSecrets: boolean }>;
  checkConfig(urn: string, olds: Properties, news: Properties): Promise<CheckResult>;
  diffConfig(urn: string, olds: Properties, news: Properties): Promise<{ changes: DiffChanges }>;
  /**
   * Configures the provider as the engine does: `args` are its configuration as properties,
   * `variables` the same as `package:config:key` strings.
   */
  configure(
    args: Properties,
    variables?: Record<string, string>,
  ): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }>;
  check(urn: string, olds: Properties, news: Properties): Promise<CheckResult>;
  diff(
    urn: string,
    id: string,
    olds: Properties,
    news: Properties,
  ): Promise<{
    changes: DiffChanges;
    replaces: string[];
    deleteBeforeReplace: boolean;
  }>;
  create(urn: string, properties: Properties): Promise<{ id: string; properties: Properties }>;
  read(
    urn: string,
    id: string,
    properties: Properties,
    inputs: Properties,
  ): Promise<{ id: string; properties: Properties; inputs: Properties }>;
  update(
    urn: string,
    id: string,
    olds: Properties,
    news: Properties,
  ): Promise<{ properties: Properties }>;
  delete(urn: string, id: string, properties: Properties): Promise<void>;
  /** Asks the plugin to stop what it is doing, as the engine does on Ctrl-C. */
  cancel(): Promise<void>;
  /** Everything the plugin process wrote to stdout and stderr. */
  readonly log: string[];
  readonly pid: number;
  /** The plugin process's peak resident memory so far, in bytes (Linux `VmHWM`). */
  peakMemoryBytes(): number;
  stop(): Promise<void>;
}

/** What a diff reports. */
export type DiffChanges = "none" | "some" | "unknown";

/**
 * Starts a provider plugin in the program's folder, as `pulumi up` does, and talks
 * `pulumirpc.ResourceProvider` to it over gRPC: by default `@pulumi/pulumi`'s own dynamic-provider
 * plugin from the program's node_modules; else the command `plugin` (its first element the
 * executable), to which the engine's address is appended: `engineAddress`, or one that answers
 * nothing.
 */
export async function startProviderPlugin(
  programDir: string,
  env: NodeJS.ProcessEnv = process.env,
  plugin?: readonly string[],
  engineAddress = "127.0.0.1:1",
): Promise<ProviderPlugin> {
  const fromProgram = createRequire(join(programDir, "index.js"));
  const pulumiDir = dirname(fromProgram.resolve("@pulumi/pulumi/package.json"));
  // The program's own @pulumi/pulumi: its plugin, its gRPC stubs, its protobuf runtime.
  const fromPulumi = createRequire(join(pulumiDir, "index.js"));
  const grpc = fromPulumi("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
  const proto = fromPulumi(
    "./proto/provider_pb.js",
  ) as typeof import("@pulumi/pulumi/proto/provider_pb");
  const { ResourceProviderClient } = fromPulumi(
    "./proto/provider_grpc_pb.js",
  ) as typeof import("@pulumi/pulumi/proto/provider_grpc_pb");
  const { Struct } = fromPulumi(
    "google-protobuf/google/protobuf/struct_pb.js",
  ) as typeof import("google-protobuf/google/protobuf/struct_pb");
  const { Empty } = fromPulumi(
    "google-protobuf/google/protobuf/empty_pb.js",
  ) as typeof import("google-protobuf/google/protobuf/empty_pb");

  const [command, ...args] = plugin ?? [
    process.execPath,
    join(pulumiDir, "cmd", "dynamic-provider", "index.js"),
  ];
  const child = spawn(command!, [...args, engineAddress], {
    cwd: programDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  child.stderr.on("data", (chunk: Buffer) => log.push(chunk.toString("utf8")));
  const port = await firstLine(child, log);
  leaveNoPluginBehind(child);
  child.stdout.on("data", (chunk: Buffer) => log.push(chunk.toString("utf8")));
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());

  /** Settles a promise from a gRPC callback; the plugin's error message travels in `details`. */
  const settle =
    <T>(resolve: (value: T) => void, reject: (error: Error) => void) =>
    (error: { details?: string; message: string } | null, response: T) =>
      error ? reject(new Error(error.details || error.message)) : resolve(response);
  const struct = (value: Properties) =>
    Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
  const plain = (value: { toJavaScript(): Record<string, unknown> } | undefined): Properties =>
    value?.toJavaScript() ?? {};
  const changesOf = (response: InstanceType<typeof proto.DiffResponse>) =>
    (["unknown", "none", "some"] as const)[response.getChanges()] ?? "unknown";
  const checkResultOf = (response: InstanceType<typeof proto.CheckResponse>) => ({
    inputs: plain(response.getInputs()),
    failures: response
      .getFailuresList()
      .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
  });

  return {
    log,
    pid: child.pid!,
    peakMemoryBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) * 1024;
    },
    async getPluginInfo() {
      const response = await new Promise<{ getVersion(): string }>((resolve, reject) =>
        client.getPluginInfo(new Empty(), settle(resolve, reject)),
      );
      return { version: response.getVersion() };
    },
    async getSchema() {
      const response = await new Promise<InstanceType<typeof proto.GetSchemaResponse>>(
        (resolve, reject) =>
          client.getSchema(new proto.GetSchemaRequest(), settle(resolve, reject)),
      );
      return response.getSchema();
    },
    async handshake() {
      const request = new proto.ProviderHandshakeRequest();
      request.setEngineAddress("127.0.0.1:1");
      const response = await new Promise<InstanceType<typeof proto.ProviderHandshakeResponse>>(
        (resolve, reject) => client.handshake(request, settle(resolve, reject)),
      );
      return { acceptSecrets: response.getAcceptSecrets() };
    },
    async checkConfig(urn, olds, news) {
      const request = new proto.CheckRequest();
      request.setUrn(urn);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response = await new Promise<InstanceType<typeof proto.CheckResponse>>(
        (resolve, reject) => client.checkConfig(request, settle(resolve, reject)),
      );
      return checkResultOf(response);
    },
    async diffConfig(urn, olds, news) {
      const request = new proto.DiffRequest();
      request.setUrn(urn);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response = await new Promise<InstanceType<typeof proto.DiffResponse>>(
        (resolve, reject) => client.diffConfig(request, settle(resolve, reject)),
      );
      return { changes: changesOf(response) };
    },
    async configure(args, variables = {}) {
      const request = new proto.ConfigureRequest();
      request.setArgs(struct(args));
      for (const [key, value] of Object.entries(variables)) {
        request.getVariablesMap().set(key, value);
      }
      request.setAcceptsecrets(true);
      request.setAcceptresources(true);
      const response = await new Promise<InstanceType<typeof proto.ConfigureResponse>>(
        (resolve, reject) => client.configure(request, settle(resolve, reject)),
      );
      return {
        acceptSecrets: response.getAcceptsecrets(),
        supportsPreview: response.getSupportspreview(),
      };
    },
    async check(urn, olds, news) {
      const request = new proto.CheckRequest();
      request.setUrn(urn);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response = await new Promise<InstanceType<typeof proto.CheckResponse>>(
        (resolve, reject) => client.check(request, settle(resolve, reject)),
      );
      return checkResultOf(response);
    },
    async diff(urn, id, olds, news) {
      const request = new proto.DiffRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response = await new Promise<InstanceType<typeof proto.DiffResponse>>(
        (resolve, reject) => client.diff(request, settle(resolve, reject)),
      );
      return {
        changes: changesOf(response),
        replaces: response.getReplacesList(),
        deleteBeforeReplace: response.getDeletebeforereplace(),
      };
    },
    async create(urn, properties) {
      const request = new proto.CreateRequest();
      request.setUrn(urn);
      request.setProperties(struct(properties));
      const response = await new Promise<InstanceType<typeof proto.CreateResponse>>(
        (resolve, reject) => client.create(request, settle(resolve, reject)),
      );
      return { id: response.getId(), properties: plain(response.getProperties()) };
    },
    async read(urn, id, properties, inputs) {
      const request = new proto.ReadRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setProperties(struct(properties));
      request.setInputs(struct(inputs));
      const response = await new Promise<InstanceType<typeof proto.ReadResponse>>(
        (resolve, reject) => client.read(request, settle(resolve, reject)),
      );
      return {
        id: response.getId(),
        properties: plain(response.getProperties()),
        inputs: plain(response.getInputs()),
      };
    },
    async update(urn, id, olds, news) {
      const request = new proto.UpdateRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response = await new Promise<InstanceType<typeof proto.UpdateResponse>>(
        (resolve, reject) => client.update(request, settle(resolve, reject)),
      );
      return { properties: plain(response.getProperties()) };
    },
    async delete(urn, id, properties) {
      const request = new proto.DeleteRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setProperties(struct(properties));
      await new Promise((resolve, reject) => client.delete(request, settle(resolve, reject)));
    },
    async cancel() {
      await new Promise((resolve, reject) => client.cancel(new Empty(), settle(resolve, reject)));
    },
    async stop() {
      client.close();
      if (child.exitCode === null && child.signalCode === null) {
        child.ref();
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
      }
    },
  };
}

/** The plugins still running, which the test process ends when it ends. */
const running = new Set<ChildProcess>();
process.once("exit", () => running.forEach((child) => child.kill("SIGKILL")));

/**
 * A plugin a failed test never stopped must neither keep the test process waiting (until its
 * timeout) nor outlive it: once it serves, its process and pipes are not waited for (a call in
 * flight holds the process), and it is killed at exit.
 */
function leaveNoPluginBehind(child: ChildProcess): void {
  running.add(child);
  child.once("exit", () => running.delete(child));
  child.unref();
  for (const pipe of [child.stdout, child.stderr]) {
    (pipe as unknown as { unref?: () => void } | null)?.unref?.();
  }
}

/** The plugin prints its gRPC port as its first line; else the error quotes what it wrote. */
function firstLine(child: ChildProcess, log: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      lines.close();
      resolve(line.trim());
    });
    child.once("exit", (code) =>
      reject(
        new Error(
          `The provider plugin exited with code ${code} before printing its port: ${log.join("")}`,
        ),
      ),
    );
  });
}

const root = join(__dirname, "..", "..");
const installedPackage = join(root, "node_modules", "pulumi-azure-disk-sas");

/**
 * Starts the package's own provider plugin as the engine does, from the installed package: as the
 * executable `pulumi-resource-azure-disk-sas` (a plugin on the PATH or in the plugin cache), or as
 * the source plugin of `provider/` (PulumiPlugin.yaml), which the Node language host runs with
 * `@pulumi/pulumi/cmd/run-plugin`.
 */
export function startAzureDiskSasPlugin(
  form: "executable" | "source" = "executable",
  env: NodeJS.ProcessEnv = process.env,
  engineAddress?: string,
): Promise<ProviderPlugin> {
  const providerDir = join(root, "provider");
  const command =
    form === "executable"
      ? [join(installedPackage, "bin", "pulumi-resource-azure-disk-sas")]
      : [
          process.execPath,
          createRequire(join(providerDir, "index.js")).resolve("@pulumi/pulumi/cmd/run-plugin"),
          providerDir,
        ];
  return startProviderPlugin(root, env, command, engineAddress);
}

/** The URN of a resource of the plugin, and of its default provider. */
export function pluginUrn(resource: string, name = "test"): string {
  return resource === "provider"
    ? `urn:pulumi:dev::disk-sas::pulumi:providers:azure-disk-sas::default`
    : `urn:pulumi:dev::disk-sas::azure-disk-sas:index:${resource}::${name}`;
}
