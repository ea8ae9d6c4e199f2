import * as pulumi from "@pulumi/pulumi";
import { createRequire } from "node:module";
import { join } from "node:path";

/** A resource the program registered, as recorded after `up`. */
export interface RecordedResource {
  type: string;
  name: string;
  id: string;
  /** The inputs the program sent, `__provider` included. */
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** The part of a dynamic provider this engine calls. */
interface DynamicProvider {
  check?(olds: unknown, news: unknown): Promise<{ inputs?: Record<string, unknown>; failures?: { property: string; reason: string }[] }>;
  create(inputs: unknown): Promise<{ id: string; outs?: Record<string, unknown> }>;
  delete?(id: string, outputs: unknown): Promise<void>;
}

/**
 * Runs a Pulumi program in this process under `pulumi.runtime.setMocks`, handing each dynamic
 * resource to its provider the way the dynamic-provider plugin does: the stored `__provider` text is
 * evaluated with `require` resolving from the program's folder, then `check` and `create` are called.
 */
export async function up(programDir: string, config: Record<string, string>): Promise<{
  resources: RecordedResource[];
  /** The program's exports as the program holds them: outputs, with their secretness. */
  outputs: Record<string, unknown>;
  /** The values of those exports. */
  exports: Record<string, unknown>;
}> {
  const resources: RecordedResource[] = [];
  const pending: Promise<unknown>[] = [];
  // A resource that fails leaves its outputs unresolved for ever: the run fails with it instead.
  let fail: (error: unknown) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (fail = reject));
  failure.catch(() => undefined);
  const project = "quickstart";
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const registered = register(programDir, args);
        registered.catch(fail);
        pending.push(registered);
        return registered.then((resource) => {
          resources.push(resource);
          return { id: resource.id, state: resource.outputs };
        });
      },
      call: () => ({}),
    },
    project,
    "dev",
    false,
  );
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`${project}:${k}`, v])));
  // The program is CommonJS, as Pulumi's Node.js runtime loads it.
  const program = createRequire(__filename)(join(programDir, "index.ts")) as Record<string, unknown>;
  const exports: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(program)) {
    exports[name] = pulumi.Output.isInstance(value) ? await Promise.race([new Promise((resolve) => value.apply(resolve)), failure]) : value;
  }
  await Promise.race([Promise.all(pending), failure]);
  return { resources, outputs: program, exports };
}

/** Deletes what `up` created, newest first, through each resource's stored provider. */
export async function destroy(programDir: string, resources: RecordedResource[]): Promise<void> {
  for (const resource of [...resources].reverse()) {
    const provider = loadProvider(programDir, resource.inputs["__provider"]);
    await provider?.delete?.(resource.id, { ...resource.outputs, __provider: resource.inputs["__provider"] });
  }
}

async function register(programDir: string, args: pulumi.runtime.MockResourceArgs): Promise<RecordedResource> {
  const inputs = args.inputs as Record<string, unknown>;
  const provider = loadProvider(programDir, inputs["__provider"]);
  if (!provider) {
    return { type: args.type, name: args.name, id: `${args.name}-id`, inputs, outputs: inputs };
  }
  const checked = (await provider.check?.({}, inputs)) ?? {};
  if (checked.failures && checked.failures.length > 0) {
    throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
  }
  const created = await provider.create(checked.inputs ?? inputs);
  return { type: args.type, name: args.name, id: created.id, inputs, outputs: { ...created.outs } };
}

/** Evaluates a stored `__provider` as the plugin does, resolving `require` from the program's folder. */
function loadProvider(programDir: string, text: unknown): DynamicProvider | undefined {
  if (typeof text !== "string") {
    return undefined;
  }
  const module = { exports: {} as { handler?: () => DynamicProvider } };
  new Function("exports", "require", "module", text)(module.exports, createRequire(join(programDir, "__provider.js")), module);
  return module.exports.handler?.();
}
