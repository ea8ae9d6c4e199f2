import * as pulumi from "@pulumi/pulumi";
import { kindOutputs } from "./kinds/kindOutputs";
import type { TargetKind } from "./kinds/targetKind";
import { assertTypeScriptCompatible } from "./typescriptCompatibility";

/**
 * What every resource of this package shares: a dynamic resource typed
 * `pulumi-nodejs:dynamic/azure-disk-sas:<type>`, replaced by deleting first (a revoke acts on the
 * disk, snapshot or restore point, not on one SAS), its SAS outputs secret in state
 * (`additionalSecretOutputs`) and in the program.
 */
export abstract class AccessResource extends pulumi.dynamic.Resource {
  protected constructor(
    provider: pulumi.dynamic.ResourceProvider,
    kind: TargetKind,
    name: string,
    args: object,
    opts?: pulumi.CustomResourceOptions,
  ) {
    assertTypeScriptCompatible();
    const outputs = kindOutputs(kind);
    const unset: Record<string, undefined> = Object.fromEntries(
      [...outputs.secret, ...outputs.plain].map((output) => [output, undefined]),
    );
    super(
      provider,
      name,
      // Every output must be a property from the start, even when no input sets it.
      { ...unset, ...args },
      pulumi.mergeOptions(
        { deleteBeforeReplace: true, additionalSecretOutputs: [...outputs.secret] },
        opts,
      ),
      "azure-disk-sas",
      kind.resource,
    );
    // The engine applies additionalSecretOutputs to the state; marking the outputs here as well
    // keeps them secret in the program wherever the engine does not (under unit-test mocks).
    for (const output of outputs.secret) {
      const value = (this as unknown as Record<string, pulumi.Output<unknown>>)[output]!;
      Object.defineProperty(this, output, { value: pulumi.secret(value), enumerable: true });
    }
  }
}
