/** The kernel's RunResult as eval_run.py prints it, validated at the process boundary (no unchecked casts). */
import { z } from 'zod';
import type { CellValue, JsonValue, ResultValue } from '@/workers/kernel-protocol';
import type { AnswerRun } from './score';

const cell: z.ZodType<CellValue> = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const json: z.ZodType<JsonValue> = z.lazy(() => z.union([cell, z.array(json), z.record(z.string(), json)]));

const result: z.ZodType<ResultValue> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('table'),
    source: z.enum(['dataframe', 'series']),
    columns: z.array(z.string()),
    dtypes: z.array(z.string()),
    rows: z.array(z.array(cell)),
    totalRows: z.number(),
    totalColumns: z.number(),
    truncated: z.boolean(),
  }),
  z.object({ kind: z.literal('scalar'), value: cell, pyType: z.string(), truncated: z.boolean() }),
  z.object({ kind: z.literal('json'), value: json, truncated: z.boolean() }),
  z.object({ kind: z.literal('repr'), text: z.string(), pyType: z.string(), truncated: z.boolean() }),
]);

const runResult = z.object({ status: z.string(), stdout: z.string(), result: result.nullable() });

export const runOutputSchema = z.record(z.string(), runResult);

export function toAnswerRun(value: z.infer<typeof runResult>): AnswerRun {
  return { status: value.status, stdout: value.stdout, result: value.result };
}
