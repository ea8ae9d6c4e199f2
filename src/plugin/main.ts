/**
 * The provider plugin `pulumi-resource-azure-disk-sas`: serves `pulumirpc.ResourceProvider` for
 * Pulumi programs in every language and prints its port, as the engine expects of a plugin.
 *
 * @packageDocumentation
 */
import { engineAddressOf, engineStatus } from "./engineStatus";
import { loadPulumiRpc, type PulumiModuleLoader } from "./pulumiRpc";
import { resourceProviderService } from "./resourceProvider";

/**
 * Starts the plugin's gRPC server on a free port of 127.0.0.1 and prints the port on stdout.
 *
 * @param args the plugin's arguments, as the engine passes them: its flags, then its address.
 * @param fromPulumi where the gRPC runtime comes from: the installed `@pulumi/pulumi`, or the bundle
 *   of the plugin's single executable.
 * @returns the port.
 */
export async function serve(
  args: readonly string[] = process.argv.slice(2),
  fromPulumi?: PulumiModuleLoader,
): Promise<number> {
  const rpc = loadPulumiRpc(fromPulumi);
  const server = new rpc.grpc.Server({
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
  });
  server.addService(
    rpc.service,
    resourceProviderService(rpc, engineStatus(rpc, engineAddressOf(args))) as never,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", rpc.grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  process.stdout.write(`${port}\n`);
  return port;
}
