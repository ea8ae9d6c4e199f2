import { createRequire } from "node:module";
import { join } from "node:path";

/** One message a provider plugin sent the engine (`Engine.Log`). */
export interface EngineLogEntry {
  severity: "debug" | "info" | "warning" | "error";
  urn: string;
  message: string;
  /** A status line shown in place, not kept in the update's output. */
  ephemeral: boolean;
  at: number;
}

/** The engine's side of `pulumirpc.Engine` that plugins call, recording what they log. */
export interface EngineLogServer {
  /** `127.0.0.1:{port}`: the address the engine passes a plugin as its argument. */
  address: string;
  entries: EngineLogEntry[];
  stop(): Promise<void>;
}

/**
 * Serves `pulumirpc.Engine` as the engine does for its plugins, with the gRPC stubs of the
 * `@pulumi/pulumi` that `fromDir` resolves: `Log` is recorded, the rest is not needed here.
 */
export async function startEngineLog(
  fromDir = join(__dirname, "..", ".."),
): Promise<EngineLogServer> {
  const fromProgram = createRequire(join(fromDir, "index.js"));
  const fromPulumi = createRequire(fromProgram.resolve("@pulumi/pulumi/package.json"));
  const grpc = fromPulumi("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
  const { EngineService } = fromPulumi(
    "./proto/engine_grpc_pb.js",
  ) as typeof import("@pulumi/pulumi/proto/engine_grpc_pb");
  const { Empty } = fromPulumi(
    "google-protobuf/google/protobuf/empty_pb.js",
  ) as typeof import("google-protobuf/google/protobuf/empty_pb");
  const severities = ["debug", "info", "warning", "error"] as const;
  const entries: EngineLogEntry[] = [];
  const server = new grpc.Server();
  server.addService(EngineService, {
    log: (
      call: { request: import("@pulumi/pulumi/proto/engine_pb").LogRequest },
      callback: (error: null, response: unknown) => void,
    ) => {
      const request = call.request;
      entries.push({
        severity: severities[request.getSeverity()] ?? "info",
        urn: request.getUrn(),
        message: request.getMessage(),
        ephemeral: request.getEphemeral(),
        at: Date.now(),
      });
      callback(null, new Empty());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    entries,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
