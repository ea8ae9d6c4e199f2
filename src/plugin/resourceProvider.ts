import { useConfiguration } from "../lifecycle/configuration";
import type { InputFailure } from "../lifecycle/validateInputs";
import { packageVersion } from "../packageInfo";
import { pluginResources, resourceOfUrn, type PluginResource } from "./pluginResources";
import { checkProviderConfig, providerConfigLookup } from "./providerConfig";
import type { CopyContext } from "../copyLifecycle/copyProgress";
import type { StatusLine } from "./engineStatus";
import type { PulumiRpc } from "./pulumiRpc";
import { packageSchema } from "./schema";
import {
  concealProperties,
  isSecret,
  revealProperties,
  secretPropertyNames,
  type WireProperties,
} from "./wireSecrets";

/** A gRPC unary handler as `@grpc/grpc-js` calls it. */
type Handler = (
  call: { request: never },
  callback: (error: { code: number; details: string } | null, response?: unknown) => void,
) => void;

/** A protobuf `Struct`, as requests carry properties. */
interface StructLike {
  toJavaScript(): Record<string, unknown>;
}

const properties = (struct: StructLike | undefined): WireProperties => struct?.toJavaScript() ?? {};

/** How often a long create shows its progress on the resource: every two seconds. */
export const statusIntervalMs = 2000;

/**
 * The `pulumirpc.ResourceProvider` service of the plugin: the four access resources and
 * `DiskCopy` on the same lifecycle as the dynamic resources, with the provider's own
 * configuration (`CheckConfig`, `DiffConfig`, `Configure`) and secrets: secret inputs arrive
 * wrapped and are unwrapped; SAS outputs, and every property that came in secret, go back wrapped.
 * A copy shows its progress as the resource's status line (`status`), and `Cancel` stops every
 * copy under way: each revokes what it granted and fails.
 */
export function resourceProviderService(
  rpc: PulumiRpc,
  status: StatusLine = () => undefined,
): Record<string, Handler> {
  const { grpc, provider: proto, plugin, Struct, Empty } = rpc;
  const cancellation = new AbortController();
  const struct = (value: WireProperties) =>
    Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
  let schema: string | undefined;
  /** What a copy of the resource `urn` reports through, and what stops it. */
  const copyContext = (urn: string): CopyContext => ({
    progress: (message) => status(urn, message),
    progressIntervalMs: statusIntervalMs,
    signal: cancellation.signal,
    note: (message) => status(urn, message, true),
  });

  /** Answers with the handler's response, or with its error's message as the gRPC error. */
  const unary =
    <Request>(handle: (request: Request) => Promise<unknown>): Handler =>
    (call, callback) => {
      handle(call.request as Request).then(
        (response) => callback(null, response),
        (error: unknown) =>
          callback({
            code: grpc.status.UNKNOWN,
            details: error instanceof Error ? error.message : String(error),
          }),
      );
    };
  const resourceOf = (urn: string): PluginResource => {
    const resource = resourceOfUrn(urn);
    if (!resource) {
      const served = pluginResources.map(({ token }) => token).join(", ");
      throw new Error(
        `The plugin azure-disk-sas serves no resource type of ${urn}: only ${served}.`,
      );
    }
    return resource;
  };
  const checkResponse = (inputs: StructLike | undefined, failures: InputFailure[]) => {
    const response = new proto.CheckResponse();
    response.setInputs(inputs as never);
    response.setFailuresList(
      failures.map(({ property, reason }) => {
        const failure = new proto.CheckFailure();
        failure.setProperty(property);
        failure.setReason(reason);
        return failure;
      }),
    );
    return response;
  };

  return {
    getPluginInfo: unary(async () => new plugin.PluginInfo().setVersion(packageVersion)),
    getSchema: unary(async () => {
      schema ??= JSON.stringify(packageSchema(packageVersion));
      return new proto.GetSchemaResponse().setSchema(schema);
    }),
    handshake: unary(async () =>
      new proto.ProviderHandshakeResponse()
        .setAcceptSecrets(true)
        .setAcceptResources(true)
        .setAcceptOutputs(false),
    ),
    attach: unary(async () => new Empty()),
    cancel: unary(async () => {
      cancellation.abort();
      return new Empty();
    }),
    checkConfig: unary(async (request: InstanceType<typeof proto.CheckRequest>) =>
      checkResponse(request.getNews(), checkProviderConfig(properties(request.getNews()))),
    ),
    diffConfig: unary(async (request: InstanceType<typeof proto.DiffRequest>) => {
      const same =
        JSON.stringify(revealProperties(properties(request.getOlds()))) ===
        JSON.stringify(revealProperties(properties(request.getNews())));
      return new proto.DiffResponse().setChanges(
        same ? proto.DiffResponse.DiffChanges.DIFF_NONE : proto.DiffResponse.DiffChanges.DIFF_SOME,
      );
    }),
    configure: unary(async (request: InstanceType<typeof proto.ConfigureRequest>) => {
      const variables = Object.fromEntries(
        request
          .getVariablesMap()
          .getEntryList()
          .map(([key, value]) => [key.split(":").at(-1)!, value]),
      );
      useConfiguration(providerConfigLookup({ ...variables, ...properties(request.getArgs()) }));
      return new proto.ConfigureResponse()
        .setAcceptsecrets(true)
        .setAcceptresources(true)
        .setSupportspreview(false);
    }),
    check: unary(async (request: InstanceType<typeof proto.CheckRequest>) => {
      const resource = resourceOf(request.getUrn());
      const given = properties(request.getNews());
      const news = revealProperties(given);
      // Inputs that always hold a secret (a SAS handed in) are recorded secret, however given.
      const inputs = resource.secretInputs.some((name) => name in given)
        ? struct(
            concealProperties(
              given,
              resource.secretInputs.filter((name) => name in given && !isSecret(given[name])),
            ),
          )
        : request.getNews();
      return checkResponse(inputs, resource.validate(news));
    }),
    diff: unary(async (request: InstanceType<typeof proto.DiffRequest>) => {
      const { provider } = resourceOf(request.getUrn());
      const result = await provider.diff(
        request.getId(),
        revealProperties(properties(request.getOlds())),
        revealProperties(properties(request.getNews())),
        (message) => status(request.getUrn(), message, true),
      );
      const replaces = result.replaces ?? [];
      return new proto.DiffResponse()
        .setChanges(
          result.changes
            ? proto.DiffResponse.DiffChanges.DIFF_SOME
            : proto.DiffResponse.DiffChanges.DIFF_NONE,
        )
        .setReplacesList(replaces)
        .setDeletebeforereplace(replaces.length > 0 && result.deleteBeforeReplace === true);
    }),
    create: unary(async (request: InstanceType<typeof proto.CreateRequest>) => {
      const { provider, secretOutputs } = resourceOf(request.getUrn());
      const inputs = properties(request.getProperties());
      const { id, outs } = await provider.create(
        revealProperties(inputs),
        copyContext(request.getUrn()),
      );
      return new proto.CreateResponse()
        .setId(id)
        .setProperties(
          struct(
            concealProperties((outs ?? {}) as WireProperties, [
              ...secretOutputs,
              ...secretPropertyNames(inputs),
            ]),
          ),
        );
    }),
    read: unary(async (request: InstanceType<typeof proto.ReadRequest>) => {
      const { provider, secretOutputs } = resourceOf(request.getUrn());
      const recorded = properties(request.getProperties());
      const { id, props } = await provider.read(request.getId(), revealProperties(recorded));
      const response = new proto.ReadResponse();
      if (id === undefined || props === undefined) {
        return response;
      }
      return response
        .setId(id)
        .setProperties(
          struct(
            concealProperties(props as WireProperties, [
              ...secretOutputs,
              ...secretPropertyNames(recorded),
            ]),
          ),
        )
        .setInputs(request.getInputs());
    }),
    update: unary(async (request: InstanceType<typeof proto.UpdateRequest>) => {
      const { provider, secretOutputs } = resourceOf(request.getUrn());
      const olds = properties(request.getOlds());
      const news = properties(request.getNews());
      const { outs } = await provider.update(
        request.getId(),
        revealProperties(olds),
        revealProperties(news),
        copyContext(request.getUrn()),
      );
      const secrets = [
        ...secretOutputs,
        ...secretPropertyNames(olds),
        ...secretPropertyNames(news),
      ];
      return new proto.UpdateResponse().setProperties(
        struct(concealProperties((outs ?? {}) as WireProperties, secrets)),
      );
    }),
    delete: unary(async (request: InstanceType<typeof proto.DeleteRequest>) => {
      const { provider } = resourceOf(request.getUrn());
      await provider.delete(request.getId(), revealProperties(properties(request.getProperties())));
      return new Empty();
    }),
  };
}
