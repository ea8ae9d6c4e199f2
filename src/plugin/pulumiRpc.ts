import { createRequire } from "node:module";

/**
 * Loads a module of `@pulumi/pulumi`'s gRPC runtime: a file of that package (`./proto/...`) or a
 * package it depends on, as that package resolves it.
 */
export type PulumiModuleLoader = (id: string) => unknown;

/** Loads them from the installed `@pulumi/pulumi`, wherever its own dependencies are installed. */
export function installedPulumi(): PulumiModuleLoader {
  return createRequire(require.resolve("@pulumi/pulumi/package.json"));
}

/**
 * The gRPC runtime, the `pulumirpc` stubs and the protobuf runtime of `@pulumi/pulumi`: the plugin
 * must build its messages with the very classes the stubs check.
 */
export function loadPulumiRpc(fromPulumi: PulumiModuleLoader = installedPulumi()) {
  return {
    grpc: fromPulumi("@grpc/grpc-js") as typeof import("@grpc/grpc-js"),
    provider: fromPulumi(
      "./proto/provider_pb.js",
    ) as typeof import("@pulumi/pulumi/proto/provider_pb"),
    plugin: fromPulumi("./proto/plugin_pb.js") as typeof import("@pulumi/pulumi/proto/plugin_pb"),
    engine: fromPulumi("./proto/engine_pb.js") as typeof import("@pulumi/pulumi/proto/engine_pb"),
    EngineClient: (
      fromPulumi(
        "./proto/engine_grpc_pb.js",
      ) as typeof import("@pulumi/pulumi/proto/engine_grpc_pb")
    ).EngineClient,
    service: (
      fromPulumi(
        "./proto/provider_grpc_pb.js",
      ) as typeof import("@pulumi/pulumi/proto/provider_grpc_pb")
    ).ResourceProviderService,
    Struct: (
      fromPulumi(
        "google-protobuf/google/protobuf/struct_pb.js",
      ) as typeof import("google-protobuf/google/protobuf/struct_pb")
    ).Struct,
    Empty: (
      fromPulumi(
        "google-protobuf/google/protobuf/empty_pb.js",
      ) as typeof import("google-protobuf/google/protobuf/empty_pb")
    ).Empty,
  };
}

/** What {@link loadPulumiRpc} loads. */
export type PulumiRpc = ReturnType<typeof loadPulumiRpc>;
