import type * as pulumi from "@pulumi/pulumi";
import { configure } from "../lifecycle/configuration";
import type { InputFailure } from "../lifecycle/validateInputs";
import { withoutUndefined } from "../withoutUndefined";
import { pickCopyInputs, type DiskCopyInputs, type DiskCopyOutputs } from "./copyInputs";
import type { CopyContext } from "./copyProgress";
import { copyPlanNote } from "./copyPlanNote";
import { createCopy } from "./createCopy";
import { deleteCopy } from "./deleteCopy";
import { diffCopy, sourceIdChanged } from "./diffCopy";
import { refreshCopy } from "./refreshCopy";
import { validateCopyInputs } from "./validateCopyInputs";

/** The provider of `DiskCopy`: the dynamic provider's operations, and the plugin's. */
export interface CopyProvider {
  configure: typeof configure;
  check: (
    olds: object,
    news: object,
  ) => Promise<{ inputs: DiskCopyInputs; failures: InputFailure[] }>;
  /** Compares; `note` receives what the plan of another source does, and why. */
  diff: (
    id: string,
    olds: object,
    news: object,
    note?: (message: string) => void,
  ) => Promise<pulumi.dynamic.DiffResult>;
  /** Copies; `context` carries progress and cancellation where the host has them. */
  create: (
    inputs: object,
    context?: CopyContext,
  ) => Promise<pulumi.dynamic.CreateResult<DiskCopyOutputs>>;
  read: (id: string, outputs: object) => Promise<pulumi.dynamic.ReadResult<DiskCopyOutputs>>;
  /** Copies over the earlier copy when the source changed; `context` as for `create`. */
  update: (
    id: string,
    olds: object,
    news: object,
    context?: CopyContext,
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
  note: (message) => console.log(message),
};

/**
 * The provider of `DiskCopy`: check refuses bad inputs at preview, diff replaces the copy on
 * another destination (or another source into a disk) and says how another source will be
 * copied, create copies, read reports a copy gone once its destination no
 * longer holds it, update copies another source over the earlier copy (or applies the options
 * alone), delete removes the blob the copy made.
 */
export const copyProvider: CopyProvider = {
  configure,
  check: async (_olds, news) => ({
    inputs: news,
    failures: validateCopyInputs(news as Record<string, unknown>),
  }),
  diff: async (_id, olds, news, note = dynamicProviderContext.note) => {
    const recorded = olds as DiskCopyOutputs;
    const inputs = pickCopyInputs(news);
    const result = diffCopy(recorded, inputs);
    // A preview that cannot read Azure still plans: it only says less.
    const plan = await copyPlanNote(recorded, inputs, result).catch(() => undefined);
    if (plan) {
      note?.(plan);
    }
    return result;
  },
  create: (news, context = dynamicProviderContext) => createCopy(news, context),
  read: (id, olds) => refreshCopy(id, olds as DiskCopyOutputs),
  update: async (_id, olds, news, context = dynamicProviderContext) => {
    const { __provider: _engineOwned, ...recorded } = olds as DiskCopyOutputs & {
      __provider?: string;
    };
    if (sourceIdChanged(recorded, pickCopyInputs(news))) {
      const { outs } = await createCopy(news, context, recorded.source);
      return { outs };
    }
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
