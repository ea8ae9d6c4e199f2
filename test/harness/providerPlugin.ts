import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";

/** A property bag as it crosses the wire: plain JSON, no secrets (the plugin accepts none). */
export type Properties = Record<string, unknown>;

/** The dynamic-provider plugin's answers, as plain values. */
export interface ProviderPlugin {
  configure(config: Record<string, string>): Promise<void>;
  check(
    urn: string,
    olds: Properties,
    news: Properties,
  ): Promise<{ inputs: Properties; failures: { property: string; reason: string }[] }>;
  diff(
    urn: string,
    id: string,
    olds: Properties,
    news: Properties,
  ): Promise<{
    changes: "none" | "some" | "unknown";
    replaces: string[];
    deleteBeforeReplace: boolean;
  }>;
  create(urn: string, properties: Properties): Promise<{ id: string; properties: Properties }>;
  read(
    urn: string,
    id: string,
    properties: Properties,
    inputs: Properties,
  ): Promise<{ id: string; properties: Properties }>;
  update(
    urn: string,
    id: string,
    olds: Properties,
    news: Properties,
  ): Promise<{ properties: Properties }>;
  delete(urn: string, id: string, properties: Properties): Promise<void>;
  /** Everything the plugin process wrote to stdout and stderr. */
  readonly log: string[];
  readonly pid: number;
  /** The plugin process's peak resident memory so far, in bytes (Linux `VmHWM`). */
  peakMemoryBytes(): number;
  stop(): Promise<void>;
}

/**
 * Starts `@pulumi/pulumi`'s own dynamic-provider plugin from the program's node_modules, in the
 * program's folder, as `pulumi up` does, and talks `pulumirpc.ResourceProvider` to it over gRPC.
 */
export async function startProviderPlugin(
  programDir: string,
  env: NodeJS.ProcessEnv = process.env,
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

  const child = spawn(
    process.execPath,
    [join(pulumiDir, "cmd", "dynamic-provider", "index.js"), "127.0.0.1:1"],
    {
      cwd: programDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const log: string[] = [];
  child.stderr.on("data", (chunk: Buffer) => log.push(chunk.toString("utf8")));
  const port = await firstLine(child);
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

  return {
    log,
    pid: child.pid!,
    peakMemoryBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) * 1024;
    },
    async configure(config) {
      const request = new proto.ConfigureRequest();
      request.setArgs(struct(config));
      request.setAcceptsecrets(true);
      await new Promise((resolve, reject) => client.configure(request, settle(resolve, reject)));
    },
    async check(urn, olds, news) {
      const request = new proto.CheckRequest();
      request.setUrn(urn);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response = await new Promise<InstanceType<typeof proto.CheckResponse>>(
        (resolve, reject) => client.check(request, settle(resolve, reject)),
      );
      return {
        inputs: plain(response.getInputs()),
        failures: response
          .getFailuresList()
          .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
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
      const changes = (["unknown", "none", "some"] as const)[response.getChanges()] ?? "unknown";
      return {
        changes,
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
      return { id: response.getId(), properties: plain(response.getProperties()) };
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
    async stop() {
      client.close();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
      }
    },
  };
}

/** The plugin prints its gRPC port as its first line. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      lines.close();
      resolve(line.trim());
    });
    child.once("exit", (code) =>
      reject(new Error(`The provider plugin exited with code ${code} before printing its port.`)),
    );
  });
}
