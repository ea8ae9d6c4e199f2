import type * as pulumi from "@pulumi/pulumi";
import { configure } from "../lifecycle/configuration";
import type { InputFailure } from "../lifecycle/validateInputs";
import { withoutUndefined } from "../withoutUndefined";
import { pickCopyInputs, type DiskCopyInputs, type DiskCopyOutputs } from "./copyInputs";
import type { CopyContext } from "./copyProgress";
import { createCopy } from "./createCopy";
import { deleteCopy } from "./deleteCopy";
import { diffCopy } from "./diffCopy";
import { refreshCopy } from "./refreshCopy";
import { validateCopyInputs } from "./validateCopyInputs";

/** The provider of `DiskCopy`: the dynamic provider's operations, and the plugin's. */
export interface CopyProvider {
  configure: typeof configure;
  check: (
    olds: object,
    news: object,
  ) => Promise<{ inputs: DiskCopyInputs; failures: InputFailure[] }>;
  diff: (id: string, olds: object, news: object) => Promise<pulumi.dynamic.DiffResult>;
  /** Copies; `context` carries progress and cancellation where the host has them. */
  create: (
    inputs: object,
    context?: CopyContext,
  ) => Promise<pulumi.dynamic.CreateResult<DiskCopyOutputs>>;
  read: (id: string, outputs: object) => Promise<pulumi.dynamic.ReadResult<DiskCopyOutputs>>;
  update: (
    id: string,
    olds: object,
    news: object,
  ) => Promise<pulumi.dynamic.UpdateResult<DiskCopyOutputs>>;
  delete: (id: string, outputs: object) => Promise<void>;
}

/**
 * What the dynamic provider can do with a copy's progress: a line on its standard output every
 * half minute, which `pulumi up` shows among the stack's messages. It gets no cancellation.
 */
const dynamicProviderContext: CopyContext = {
  progress: (message) => console.log(message),
  progressIntervalMs: 30_000,
};

/**
 * The provider of `DiskCopy`: check refuses bad inputs at preview, diff replaces the copy on
 * another source or destination, create copies, read reports a copy gone once its destination no
 * longer holds it, update applies the options, delete removes the blob the copy made.
 */
export const copyProvider: CopyProvider = {
  configure,
  check: async (_olds, news) => ({
    inputs: news,
    failures: validateCopyInputs(news as Record<string, unknown>),
  }),
  diff: async (_id, olds, news) => diffCopy(olds as DiskCopyOutputs, pickCopyInputs(news)),
  create: (news, context = dynamicProviderContext) => createCopy(news, context),
  read: (id, olds) => refreshCopy(id, olds as DiskCopyOutputs),
  update: async (_id, olds, news) => {
    const { __provider: _engineOwned, ...recorded } = olds as DiskCopyOutputs & {
      __provider?: string;
    };
    const { overwrite, verify, grantDurationInSeconds } = pickCopyInputs(news);
    return {
      outs: withoutUndefined({
        ...recorded,
        overwrite,
        verify,
        grantDurationInSeconds,
      }),
    };
  },
  delete: (_id, olds) => deleteCopy(olds as DiskCopyOutputs),
};
