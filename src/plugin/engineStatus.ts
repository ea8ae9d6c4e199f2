import type { PulumiRpc } from "./pulumiRpc";

/**
 * Shows a resource's status in `pulumi up`'s display, in place of the one before; a `lasting`
 * message stays among the resource's messages in the update's output.
 */
export type StatusLine = (urn: string, message: string, lasting?: boolean) => void;

/**
 * Connects to the engine that started the plugin, and returns what shows a status line on a
 * resource: `Engine.Log` with `ephemeral`, as Pulumi's own providers report a long operation's
 * progress (shown beside the resource while it runs, not kept in the update's output). Without an
 * engine address, or when the engine does not answer, nothing is shown.
 */
export function engineStatus(rpc: PulumiRpc, engineAddress: string | undefined): StatusLine {
  if (!engineAddress) {
    return () => undefined;
  }
  const client = new rpc.EngineClient(engineAddress, rpc.grpc.credentials.createInsecure());
  return (urn, message, lasting = false) => {
    const request = new rpc.engine.LogRequest()
      .setSeverity(rpc.engine.LogSeverity.INFO)
      .setUrn(urn)
      .setMessage(message)
      .setEphemeral(!lasting);
    client.log(request, () => undefined);
  };
}

/**
 * The engine's address among a plugin's arguments, as the engine passes them: the first argument
 * that is not one of its flags (`--logtostderr`, `-v=N`, `--tracing <endpoint>`, `--logflow`).
 */
export function engineAddressOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--tracing") {
      i++;
    } else if (!arg.startsWith("-")) {
      return arg;
    }
  }
  return undefined;
}
