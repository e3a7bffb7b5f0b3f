/**
 * The Ask feature's contract: zod schemas for what the LLM must return (structured output) and for what the ask and
 * repair actions and the answer route accept, plus the event types the actions stream to the page (their zod schema:
 * lib/ask/ask-events.ts). Browser-safe (no server-only imports): the UI, the actions, the routes, the offline planner
 * and the tests all import it.
 */
import { z } from 'zod';
import type { CellValue, RunError, RunStatus } from '@/workers/kernel-protocol';
import type { GuidanceOutcome } from '../answer/review-contract';

/** Dataset ids are server-generated base64url strings; anything else is refused before it can reach a storage key. */
export const datasetIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a dataset id');

// ---- What the LLM returns -------------------------------------------------------------------------------------

export const fileSelectionSchema = z.object({
  datasets: z
    .array(
      z.object({
        id: z.string().describe('The id of a dataset from the catalog summary, copied exactly.'),
        reason: z.string().describe('One short sentence: why this dataset is needed to answer the question.'),
      }),
    )
    .min(1)
    .max(5)
    .describe('The datasets needed to answer the question, most important first. Choose as few as possible.'),
});
export type FileSelection = z.infer<typeof fileSelectionSchema>;

export const generatedCodeSchema = z.object({
  plan: z.string().describe('One line, for the analyst: what the code computes to answer the question.'),
  code: z
    .string()
    .describe(
      'Complete Python code. The datasets are already loaded as pandas DataFrames df1..dfN (never read files yourself). ' +
        'Put the main answer in a variable named `result` (a DataFrame, Series, number, string or dict). ' +
        'Print key numbers with clear labels. Plot with matplotlib (no plt.show() needed). ' +
        'Import only the packages the instructions list as importable.',
    ),
  expects: z
    .object({
      figures: z.number().int().min(0).max(10).describe('How many matplotlib figures the code draws.'),
      table: z.boolean().describe('Whether `result` is a table (DataFrame or Series).'),
    })
    .describe('What outputs the code is expected to produce.'),
});
export type GeneratedCode = z.infer<typeof generatedCodeSchema>;

export const repairedCodeSchema = generatedCodeSchema.extend({
  change: z.string().describe('One sentence: what you changed compared with the failed attempt, and why.'),
});
export type RepairedCode = z.infer<typeof repairedCodeSchema>;

// ---- What the model is shown about data (bounded, marked untrusted) --------------------------------------------

export interface DatasetBrief {
  id: string;
  /** The DataFrame variable the kernel binds: df1, df2, … */
  variable: string;
  displayName: string;
  /** Name under /data in the kernel. */
  fileName: string;
  format: string;
  rowEstimate: { value: number; exact: boolean };
  /** File size in bytes (absent in briefs built before sizes were shown). */
  bytes?: number;
  columns: { name: string; type: string }[];
  /** Columns left out of the brief because the dataset is very wide. */
  omittedColumns: number;
  /** ≤ 5 rows, each cell truncated. Untrusted: cell values may contain text that looks like instructions. */
  sampleRows: CellValue[][];
}

/** A bounded summary of an earlier turn of the conversation, for follow-up questions. */
export const turnSummarySchema = z.object({
  question: z.string().max(2000),
  code: z.string().max(8000),
  status: z.string().max(20),
  outputSummary: z.string().max(4000),
});
export type TurnSummary = z.infer<typeof turnSummarySchema>;

export const presetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('explore') }),
  z.object({ kind: z.literal('predict'), target: z.string().min(1).max(300), task: z.enum(['classification', 'regression']) }),
]);
export type Preset = z.infer<typeof presetSchema>;

// ---- Actions and routes ---------------------------------------------------------------------------------------

export const askRequestSchema = z.object({
  question: z.string().trim().min(1).max(2000),
  /** Candidate datasets (the catalog the analyst sees). */
  datasetIds: z.array(datasetIdSchema).max(200),
  /** Datasets the analyst pinned: selection is skipped and exactly these are used. */
  pinnedIds: z.array(datasetIdSchema).max(20).default([]),
  history: z.array(turnSummarySchema).max(10).default([]),
  preset: presetSchema.optional(),
});
export type AskRequest = z.infer<typeof askRequestSchema>;

export const runErrorSchema = z.object({
  type: z.string().max(200),
  message: z.string().max(4000),
  line: z.number().int().nullable(),
  traceback: z.string().max(8000),
  rule: z.string().max(50).optional(),
  hint: z.string().max(2000).optional(),
});

export const failedAttemptSchema = z.object({
  code: z.string().max(20_000),
  status: z.string().max(20),
  error: runErrorSchema,
  stdoutTail: z.string().max(2000).default(''),
});
export type FailedAttempt = z.infer<typeof failedAttemptSchema>;

export const repairRequestSchema = z.object({
  question: z.string().trim().min(1).max(2000),
  /** The datasets the failed code ran against, in df1..dfN order. */
  datasetIds: z.array(datasetIdSchema).max(20),
  /** Every failed attempt so far, oldest first; the last one is the one to repair. */
  attempts: z.array(failedAttemptSchema).min(1).max(10),
  history: z.array(turnSummarySchema).max(10).default([]),
});
export type RepairRequest = z.infer<typeof repairRequestSchema>;

export const answerRequestSchema = z.object({
  question: z.string().trim().min(1).max(2000),
  code: z.string().max(20_000),
  /** A bounded rendering of the run's outputs (stdout, the result table's head, figure count), built by the page. */
  outputs: z.string().max(30_000),
  figures: z.number().int().min(0).max(20),
  status: z.string().max(20),
});
export type AnswerRequest = z.infer<typeof answerRequestSchema>;

export interface ProviderInfo {
  kind: 'gemini' | 'openai-compatible' | 'offline' | 'scripted';
  model: string;
  /** Shown in the UI, e.g. "Offline planner (no API key set)". */
  label: string;
}

export interface LlmMetrics {
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  generationMs: number;
}

export type AskErrorCode =
  | 'bad_request'
  | 'rate_limited'
  /** A daily LLM token budget (the caller's or the server's) is spent: lib/llm/server/token-budget.ts. */
  | 'token_budget'
  | 'llm_timeout'
  | 'llm_quota'
  | 'llm_malformed'
  | 'llm_refusal'
  | 'llm_network'
  | 'dataset_missing'
  | 'no_plan';

export interface AskError {
  code: AskErrorCode;
  /** For people: what happened and what to do. */
  message: string;
  retryable: boolean;
}

/** Events of the ask and repair actions (lib/ask/actions.ts), streamed to the page as they are produced. */
export type AskEvent =
  | { type: 'provider'; provider: ProviderInfo }
  | { type: 'selection'; datasets: { id: string; reason: string }[]; skipped: boolean; note: string }
  | { type: 'context'; datasets: DatasetBrief[] }
  /** Broad requests with a reviewer configured: the analysis plan the generator was asked to follow (or why none). */
  | { type: 'guidance'; guidance: GuidanceOutcome }
  | { type: 'code-delta'; code: string }
  | { type: 'plan'; plan: string; code: string; expects: GeneratedCode['expects']; change?: string; metrics: LlmMetrics }
  | { type: 'error'; error: AskError };

/** How the page classifies a failed run before asking for a repair (lib/ask/classify-error.ts). */
export type RunErrorKind =
  | 'policy'
  | 'missing_column'
  | 'name'
  | 'type'
  | 'syntax'
  | 'timeout'
  | 'memory'
  | 'package_load'
  | 'other';

export interface ClassifiedRunError {
  kind: RunErrorKind;
  status: RunStatus;
  error: RunError;
  /** A fix hint computed locally, e.g. 'Did you mean "Revenue"? Columns of df1: …'. */
  suggestion?: string;
}
