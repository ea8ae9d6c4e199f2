import { createRequire } from "node:module";
import { join } from "node:path";
import { startProviderPlugin, type Properties, type ProviderPlugin } from "./providerPlugin";
import { isWireSecret, StateSecrets } from "./stateSecrets";

/** One resource in the recorded state, as a checkpoint holds it: secrets encrypted. */
export interface StateResource {
  urn: string;
  type: string;
  name: string;
  id: string;
  inputs: Properties;
  outputs: Properties;
  /** The outputs kept secret: those the program asked for, and those whose input was secret. */
  secretOutputs: string[];
  /** `retainOnDelete`: deleting it forgets it without asking the provider to delete it. */
  retainOnDelete?: true;
}

/** What one `up` did, resource by resource, in order: `create os-disk`, `same os-disk`, ... */
export type StepLog = string[];

const dynamicType = /^pulumi-nodejs:dynamic\//;

/**
 * A stand-in for the Pulumi engine, for machines without the Pulumi CLI. It runs a program under
 * `pulumi.runtime.setMocks`, and hands each dynamic resource to `@pulumi/pulumi`'s real
 * dynamic-provider plugin over gRPC, doing what the engine does: stack config to Configure; secrets
 * stripped before they are sent; outputs re-marked secret where the program asked
 * (`additionalSecretOutputs`) or the same-named input was secret; Check, then Diff against the
 * recorded outputs; replacement in the order Diff (or the program) asks; outputs, not inputs, to Read
 * and Delete; an empty id from Read meaning deleted; resources gone from the program deleted, but
 * for those it retains on delete (`retainOnDelete`), which are only forgotten.
 */
export class Engine {
  /** The recorded state, as after the last operation. */
  resources: StateResource[] = [];
  /** The stack outputs of the last `up`, secrets encrypted. */
  stackOutputs: Properties = {};
  /** The steps of every operation so far. */
  readonly steps: StepLog = [];
  /**
   * How long the provider took for each step, in milliseconds, by the step's index in `steps`, as
   * `pulumi up` shows a resource's time (`created (1s)`).
   */
  readonly stepMs: number[] = [];
  /**
   * How long the last `up` took to start: the plugin process, the program, until the program's
   * first resource reached the provider.
   */
  startupMs: number | undefined;
  /** What the provider plugin processes printed. */
  readonly pluginLog: string[] = [];
  /**
   * What the program logged (`pulumi.log`, which under the engine's mocks goes to the console), as
   * `pulumi up` shows it beside its resources: `warning: ...`.
   */
  readonly programLog: string[] = [];
  /** The largest peak resident memory of a provider plugin process so far, in bytes. */
  pluginPeakMemoryBytes = 0;
  /** The process id of the provider plugin while an operation runs. */
  pluginPid: number | undefined;
  private readonly secrets = new StateSecrets();
  private readonly program: NodeJS.Require;

  constructor(
    readonly programDir: string,
    readonly project: string,
    public config: Record<string, string> = {},
    readonly stack = "dev",
    /** What other providers' resources and functions answer: their outputs, by type token. */
    readonly standIns: ProviderStandIns = {},
  ) {
    this.program = createRequire(join(programDir, "index.js"));
  }

  /** `pulumi up`: runs the program and converges the recorded state on it; returns its exports. */
  async up(): Promise<Properties> {
    const started = Date.now();
    this.startupMs = undefined;
    return this.withProgramLog(() =>
      this.withPlugin(async (plugin) => {
        const seen = new Set<string>();
        const exports = await this.runProgram(async (registration) => {
          this.startupMs ??= Date.now() - started;
          seen.add(registration.urn);
          return this.step(plugin, registration);
        });
        for (const gone of [...this.resources].reverse().filter((r) => !seen.has(r.urn))) {
          await this.deleteResource(plugin, gone, "delete");
        }
        return exports;
      }),
    );
  }

  /** Runs `operation`, keeping what the program logs to the console in {@link programLog}. */
  private async withProgramLog<T>(operation: () => Promise<T>): Promise<T> {
    const { log, warn, error } = console;
    const keep =
      (write: (...args: unknown[]) => void) =>
      (...args: unknown[]) => {
        this.programLog.push(args.map(String).join(" "));
        write(...args);
      };
    Object.assign(console, { log: keep(log), warn: keep(warn), error: keep(error) });
    try {
      return await operation();
    } finally {
      Object.assign(console, { log, warn, error });
    }
  }

  /** `pulumi refresh`: reads each resource; one whose provider answers no id is dropped. */
  async refresh(): Promise<void> {
    await this.withPlugin(async (plugin) => {
      for (const resource of [...this.resources]) {
        const read = await plugin.read(
          resource.urn,
          resource.id,
          this.secrets.open(resource.outputs),
          this.secrets.open(resource.inputs),
        );
        if (read.id === "") {
          this.steps.push(`refresh ${resource.name}: gone`);
          this.resources = this.resources.filter((r) => r !== resource);
        } else {
          this.steps.push(`refresh ${resource.name}`);
          resource.outputs = this.secrets.seal(read.properties, new Set(resource.secretOutputs));
        }
      }
    });
  }

  /** `pulumi destroy`: deletes every resource, newest first. */
  async destroy(): Promise<void> {
    await this.withPlugin(async (plugin) => {
      for (const resource of [...this.resources].reverse()) {
        await this.deleteResource(plugin, resource, "delete");
      }
      this.stackOutputs = {};
    });
  }

  /**
   * Takes over a state that another engine recorded (`stateText`), its secrets encrypted with
   * `key`: as a stack's checkpoint is taken over by a newer CLI and newer providers.
   */
  restore(stateText: string, key: Buffer): void {
    const recorded = JSON.parse(stateText) as { resources: StateResource[]; outputs: Properties };
    const theirs = new StateSecrets(key);
    this.resources = recorded.resources.map((resource) => ({
      ...resource,
      inputs: this.secrets.rekey(resource.inputs, theirs),
      outputs: this.secrets.rekey(resource.outputs, theirs),
    }));
    this.stackOutputs = this.secrets.rekey(recorded.outputs, theirs);
  }

  /** The recorded state as a checkpoint file would hold it. */
  stateText(): string {
    return JSON.stringify({ resources: this.resources, outputs: this.stackOutputs }, null, 2);
  }

  private async step(plugin: ProviderPlugin, registration: Registration): Promise<Registered> {
    const { urn, type, name } = registration;
    const old = this.resources.find((r) => r.urn === urn);
    const checked = await plugin.check(
      urn,
      old ? this.secrets.open(old.inputs) : {},
      registration.inputs,
    );
    if (checked.failures.length > 0) {
      throw new Error(
        `${name}: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`,
      );
    }
    const record = (id: string, outputs: Properties): Registered => {
      const resource: StateResource = {
        urn,
        type,
        name,
        id,
        inputs: this.secrets.seal(checked.inputs, registration.secretInputs),
        outputs: this.secrets.seal(outputs, registration.secretOutputs),
        secretOutputs: [...registration.secretOutputs],
        ...(registration.retainOnDelete ? { retainOnDelete: true as const } : {}),
      };
      this.resources = [...this.resources.filter((r) => r.urn !== urn), resource];
      return { id, outputs };
    };
    if (!old) {
      const created = await this.timed(`create ${name}`, () => plugin.create(urn, checked.inputs));
      return record(created.id, created.properties);
    }
    const oldOutputs = this.secrets.open(old.outputs);
    const diff = await plugin.diff(urn, old.id, oldOutputs, checked.inputs);
    if (diff.replaces.length > 0) {
      const deleteFirst = diff.deleteBeforeReplace || registration.deleteBeforeReplace;
      if (deleteFirst) {
        await this.deleteResource(
          plugin,
          old,
          `delete ${name} (replace: ${diff.replaces.join(", ")})`,
        );
      }
      const created = await this.timed(`create ${name} (replace)`, () =>
        plugin.create(urn, checked.inputs),
      );
      const registered = record(created.id, created.properties);
      if (!deleteFirst) {
        await this.deleteResource(plugin, old, `delete ${name} (replaced)`, false);
      }
      return registered;
    }
    if (diff.changes === "none") {
      this.steps.push(`same ${name}`);
      return record(old.id, oldOutputs);
    }
    const updated = await this.timed(`update ${name}`, () =>
      plugin.update(urn, old.id, oldOutputs, checked.inputs),
    );
    return record(old.id, updated.properties);
  }

  private async deleteResource(
    plugin: ProviderPlugin,
    resource: StateResource,
    step: string,
    forget = true,
  ): Promise<void> {
    if (resource.retainOnDelete) {
      this.steps.push(`retain ${resource.name}`);
    } else {
      await this.timed(step === "delete" ? `delete ${resource.name}` : step, () =>
        plugin.delete(resource.urn, resource.id, this.secrets.open(resource.outputs)),
      );
    }
    if (forget) {
      this.resources = this.resources.filter((r) => r !== resource);
    }
  }

  /** Logs a step and times the provider call that makes it. */
  private async timed<T>(step: string, call: () => Promise<T>): Promise<T> {
    const index = this.steps.push(step) - 1;
    const started = Date.now();
    try {
      return await call();
    } finally {
      this.stepMs[index] = Date.now() - started;
    }
  }

  /** Starts the provider plugin for one operation, configured with the stack config. */
  private async withPlugin<T>(operation: (plugin: ProviderPlugin) => Promise<T>): Promise<T> {
    const plugin = await startProviderPlugin(this.programDir);
    this.pluginPid = plugin.pid;
    try {
      await plugin.configure(this.stackConfig());
      return await operation(plugin);
    } finally {
      this.pluginPeakMemoryBytes = Math.max(this.pluginPeakMemoryBytes, plugin.peakMemoryBytes());
      await plugin.stop();
      this.pluginPid = undefined;
      this.pluginLog.push(...plugin.log);
    }
  }

  private stackConfig(): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.config).map(([k, v]) => [
        k.includes(":") ? k : `${this.project}:${k}`,
        v,
      ]),
    );
  }

  /**
   * Runs the program afresh under `pulumi.runtime.setMocks`, with a monitor that sees each resource's
   * whole registration (its secrets and options), and returns the program's exports.
   */
  private async runProgram(
    register: (registration: Registration) => Promise<Registered>,
  ): Promise<Properties> {
    const pulumi = this.program("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const settings = this.program("@pulumi/pulumi/runtime/settings") as {
      getMonitor(): {
        registerResource(request: RegisterResourceRequest, callback: unknown): unknown;
      };
      waitForRPCs(): Promise<void>;
    };
    const { project, stack } = this;
    const registrations = new Map<string, Registration>();
    const pending: Promise<unknown>[] = [];
    // A resource that fails leaves its outputs unresolved for ever: the run fails with it instead.
    let fail: (error: unknown) => void = () => undefined;
    const failure = new Promise<never>((_, reject) => (fail = reject));
    failure.catch(() => undefined);

    const standIns = this.standIns;
    const mocks = {
      newResource(args: { type: string; name: string; inputs: Properties }) {
        const registration = registrations.get(`${args.type}::${args.name}`)!;
        const standIn = standIns.resources?.[args.type];
        const registered = dynamicType.test(args.type)
          ? register(registration)
          : Promise.resolve(standIn ? standIn(args.name, args.inputs) : args.inputs).then(
              ({ id, ...outputs }) => ({
                id: typeof id === "string" ? id : `${args.name}-id`,
                outputs,
              }),
            );
        registered.catch((error: unknown) => {
          // Reported as the engine reports a failed step, word for word, so the program ends failed
          // rather than with promises that never settled.
          const message = error instanceof Error ? error.message : String(error);
          void pulumi.log.error(`${args.name}: ${message}`);
          fail(error);
        });
        pending.push(registered);
        // A failed step fails the run (above); the program's resource stays unresolved, as the
        // engine leaves it, rather than rejecting inside @pulumi/pulumi where nothing handles it.
        return registered.then(
          ({ id, outputs }) => ({ id, state: outputs }),
          () => new Promise<never>(() => undefined),
        );
      },
      call: (args: { token: string; inputs: Properties }) =>
        standIns.calls?.[args.token]?.(args.inputs) ?? {},
    };
    await pulumi.runtime.setMocks(mocks, project, stack, false);
    // The mocks receive inputs with secrets unwrapped and no options: read the whole registration
    // (secrets, additionalSecretOutputs, deleteBeforeReplace) as the monitor receives it.
    const monitor = settings.getMonitor();
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) => {
      const raw: Properties = request.getObject()?.toJavaScript() ?? {};
      const secretInputs = new Set(Object.keys(raw).filter((k) => isWireSecret(raw[k])));
      registrations.set(`${request.getType()}::${request.getName()}`, {
        urn: `urn:pulumi:${stack}::${project}::${request.getType()}::${request.getName()}`,
        type: request.getType(),
        name: request.getName(),
        inputs: Object.fromEntries(
          Object.entries(raw).map(([k, v]) => [k, isWireSecret(v) ? v.value : v]),
        ),
        secretInputs,
        secretOutputs: new Set([...request.getAdditionalsecretoutputsList(), ...secretInputs]),
        deleteBeforeReplace: request.getDeletebeforereplace(),
        retainOnDelete: request.getRetainondelete() === true,
      });
      return registerResource(request, callback);
    };
    pulumi.runtime.setAllConfig(this.stackConfig());

    for (const file of Object.keys(this.program.cache)) {
      if (file.startsWith(this.programDir) && !file.includes("node_modules")) {
        delete this.program.cache[file];
      }
    }
    const program = this.program(this.programDir) as Record<string, unknown>;
    const exports: Properties = {};
    const secretExports = new Set<string>();
    for (const [name, value] of Object.entries(program)) {
      if (pulumi.Output.isInstance(value)) {
        exports[name] = await Promise.race([
          new Promise((resolve) => value.apply(resolve)),
          failure,
        ]);
        if (await pulumi.isSecret(value)) {
          secretExports.add(name);
        }
      } else {
        exports[name] = value;
      }
    }
    // Every resource, also those no export depends on: the program ends when its RPCs do.
    await Promise.race([settings.waitForRPCs(), failure]);
    await Promise.race([Promise.all(pending), failure]);
    this.stackOutputs = this.secrets.seal(exports, secretExports);
    return exports;
  }
}

/**
 * Stand-ins for the providers other than the dynamic one, which cannot run here (such as
 * azure-native): each resource type's outputs from its inputs (an `id` among them is the
 * resource's id), each function's result. Types not named keep their inputs as outputs. They run
 * at every `up`, as a provider's check and diff would: they must be idempotent.
 */
export interface ProviderStandIns {
  resources?: Record<
    string,
    (name: string, inputs: Properties) => Properties | Promise<Properties>
  >;
  calls?: Record<string, (inputs: Properties) => Properties>;
}

/** The parts of the monitor's `RegisterResourceRequest` that the engine reads. */
type RegisterResourceRequest = Pick<
  import("@pulumi/pulumi/proto/resource_pb").RegisterResourceRequest,
  | "getObject"
  | "getType"
  | "getName"
  | "getAdditionalsecretoutputsList"
  | "getDeletebeforereplace"
  | "getRetainondelete"
>;

/** A resource's id and outputs, as the program receives them. */
interface Registered {
  id: string;
  outputs: Properties;
}

/** One resource registration, as the monitor received it from the program. */
interface Registration {
  urn: string;
  type: string;
  name: string;
  /** The inputs with secrets unwrapped: the plugin accepts no secrets. */
  inputs: Properties;
  secretInputs: Set<string>;
  secretOutputs: Set<string>;
  deleteBeforeReplace: boolean;
  retainOnDelete: boolean;
}
