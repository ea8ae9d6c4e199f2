import type * as pulumi from "@pulumi/pulumi";
import type { TargetKind } from "../kinds/targetKind";
import { configure } from "./configuration";
import { create } from "./create";
import { deleteAccess } from "./delete";
import { diff } from "./diff";
import type { AccessInputs, AccessOutputs } from "./properties";
import { read } from "./read";
import { update } from "./update";
import { validateInputs } from "./validateInputs";

/**
 * A kind's dynamic provider, written once for every kind. It takes any object as properties, as
 * the engine hands them over: each kind's own types (such as `DiskRestorePointAccessOutputs`)
 * describe them.
 */
export interface AccessProvider {
  configure: typeof configure;
  check: (olds: object, news: object) => Promise<pulumi.dynamic.CheckResult<AccessInputs>>;
  diff: (id: string, olds: object, news: object) => Promise<pulumi.dynamic.DiffResult>;
  create: (inputs: object) => Promise<pulumi.dynamic.CreateResult<AccessOutputs>>;
  read: (id: string, outputs: object) => Promise<pulumi.dynamic.ReadResult<AccessOutputs>>;
  update: (
    id: string,
    olds: object,
    news: object,
  ) => Promise<pulumi.dynamic.UpdateResult<AccessOutputs>>;
  delete: (id: string, outputs: object) => Promise<void>;
}

/**
 * The dynamic provider of a kind's resource: check refuses bad inputs at preview, diff replaces
 * (deleting first) or updates in place, create grants, read reports expired or revoked access gone,
 * update applies the options, delete revokes.
 */
export function accessProvider(kind: TargetKind): AccessProvider {
  const inputs = (properties: object) => properties as AccessInputs;
  const outputs = (properties: object) => properties as AccessOutputs;
  return {
    configure,
    check: async (_olds, news) => ({
      inputs: inputs(news),
      failures: validateInputs(kind, inputs(news)),
    }),
    diff: async (_id, olds, news) => diff(kind, outputs(olds), inputs(news)),
    create: (news) => create(kind, inputs(news)),
    read: (id, olds) => read(kind, id, outputs(olds)),
    update: (_id, olds, news) => update(outputs(olds), inputs(news)),
    delete: (_id, olds) => deleteAccess(kind, outputs(olds)),
  };
}
