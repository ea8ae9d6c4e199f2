import type * as pulumi from "@pulumi/pulumi";
import { validateInputs } from "./validateInputs";
import type { DiskRestorePointAccessInputs } from "./inputs";

/** The provider's `check`: runs at `pulumi preview`, refusing bad inputs before anything is called. */
export async function check(
  _olds: DiskRestorePointAccessInputs,
  news: DiskRestorePointAccessInputs,
): Promise<pulumi.dynamic.CheckResult<DiskRestorePointAccessInputs>> {
  return { inputs: news, failures: validateInputs(news as unknown as Record<string, unknown>) };
}
