/** The kernel's RunResult as eval_run.py prints it, validated at the process boundary (no unchecked casts). */
import { z } from 'zod';
import { DEFAULT_KERNEL_LIMITS } from '@/workers/kernel-protocol';
import { resultValueSchema, runStatusSchema } from '@/workers/kernel-schema';
import type { AnswerRun } from './score';

// eval_run.py configures the Python half with the default limits (workers/testing/kernel_setup.py), so its results
// fit the same schema the page checks the kernel's answers with.
const runResult = z.object({ status: runStatusSchema, stdout: z.string(), result: resultValueSchema(DEFAULT_KERNEL_LIMITS).nullable() });

export const runOutputSchema = z.record(z.string(), runResult);

export function toAnswerRun(value: z.infer<typeof runResult>): AnswerRun {
  return { status: value.status, stdout: value.stdout, result: value.result };
}
