/**
 * The Ask feature's contract: zod schemas for what the ask and repair actions and the answer route accept, plus the
 * events the actions stream to the page (their schema and type: lib/ask/ask-events.ts); what the LLM must return is
 * lib/llm/model-contract.ts, re-exported here. Browser-safe (no server-only imports): the UI, the actions, the routes,
 * the offline planner and the tests all import it.
 */
import { z } from 'zod';
import type { RunError, RunStatus } from '@/workers/kernel-protocol';
import { datasetIdSchema } from '@/lib/files/dataset-ids';
import { presetSchema, turnSummarySchema } from '@/lib/llm/model-contract';

// Parts of the contract owned by the steps below Ask (the model layer, the registered file, the answer), re-exported
// so the page and the routes keep one place to import the Ask contract from.
export {
  askErrorSchema,
  fileSelectionSchema,
  generatedCodeSchema,
  providerInfoSchema,
  repairedCodeSchema,
  type AskError,
  type AskErrorCode,
  type GeneratedCode,
  type Preset,
  type ProviderInfo,
  type RepairedCode,
  type TurnSummary,
} from '@/lib/llm/model-contract';
export type { DatasetBrief } from '@/lib/files/dataset-briefs';
export { answerRequestSchema, type AnswerRequest } from '@/lib/answer/answer-request';
export type { AskEvent } from './ask-events';

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

const runErrorSchema = z.object({
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

/** How the page classifies a failed run before asking for a repair (lib/ask/classify-error.ts). */
export type RunErrorKind = 'policy' | 'missing_column' | 'name' | 'type' | 'syntax' | 'timeout' | 'memory' | 'package_load' | 'other';

export interface ClassifiedRunError {
  kind: RunErrorKind;
  status: RunStatus;
  error: RunError;
  /** A fix hint computed locally, e.g. 'Did you mean "Revenue"? Columns of df1: …'. */
  suggestion?: string;
}
