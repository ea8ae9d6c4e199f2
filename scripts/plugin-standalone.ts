/**
 * The entry of the plugin's single executable (`npm run package-plugin`): the plugin with every
 * module it loads bundled in, so that it runs with no Node.js and no `node_modules` on the machine.
 * The gRPC runtime is required here by name, which lets the bundler find it.
 *
 * @packageDocumentation
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-return -- static requires the bundler follows */
// The built package (`npm run build`), as npm users run it: compiled to CommonJS, whose requires
// choose each dependency's CommonJS build.
const { serve } = require("../dist/plugin/main") as typeof import("../src/plugin/main");

const bundled: Record<string, () => unknown> = {
  "@grpc/grpc-js": () => require("@grpc/grpc-js"),
  "./proto/provider_pb.js": () => require("@pulumi/pulumi/proto/provider_pb.js"),
  "./proto/plugin_pb.js": () => require("@pulumi/pulumi/proto/plugin_pb.js"),
  "./proto/engine_pb.js": () => require("@pulumi/pulumi/proto/engine_pb.js"),
  "./proto/engine_grpc_pb.js": () => require("@pulumi/pulumi/proto/engine_grpc_pb.js"),
  "./proto/provider_grpc_pb.js": () => require("@pulumi/pulumi/proto/provider_grpc_pb.js"),
  "google-protobuf/google/protobuf/struct_pb.js": () =>
    require("google-protobuf/google/protobuf/struct_pb.js"),
  "google-protobuf/google/protobuf/empty_pb.js": () =>
    require("google-protobuf/google/protobuf/empty_pb.js"),
};

serve(process.argv.slice(2), (id) => {
  const load = bundled[id];
  if (!load) throw new Error(`The plugin's bundle lacks ${id}.`);
  return load();
}).catch((error: Error) => {
  console.error(`pulumi-resource-azure-disk-sas could not start: ${error.message}`);
  process.exit(1);
});
