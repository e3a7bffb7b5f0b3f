/**
 * The saved analysis: everything a colleague needs to see the result without running anything, and everything
 * needed to re-run it. Browser-safe (the save action, the share page, the embed and the exports all read it). Stored
 * through the storage interface as `analyses/<id>.json`, figures as `analyses/<id>/figures/<n>.png`.
 */
import { z } from 'zod';
import { guidanceOutcomeSchema, reviewOutcomeSchema } from '@/lib/answer/review-contract';
import { checkReportSchema } from '@/lib/answer/check-report';
import { VEGA_LITE_MIMES } from '@/lib/kernel/vega-spec';
import { chartSpecSchema, runStatusSchema } from '@/workers/kernel-schema';
import { analysisIdSchema } from './analysis-ids';

const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const savedTableSchema = z.object({
  columns: z.array(z.string().max(500)).max(50),
  dtypes: z.array(z.string().max(100)).max(50),
  rows: z.array(z.array(cellSchema).max(50)).max(200),
  totalRows: z.number().int().min(0),
  totalColumns: z.number().int().min(0),
  truncated: z.boolean(),
  source: z.enum(['dataframe', 'series']),
});

export const savedFigureSchema = z.object({
  /** Storage key of the PNG (analyses/<id>/figures/<n>.png); the page gets it through a short-lived URL or route. */
  key: z.string().max(300),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

export const savedResultSchema = z.discriminatedUnion('kind', [
  savedTableSchema.extend({ kind: z.literal('table') }),
  z.object({ kind: z.literal('scalar'), value: cellSchema, pyType: z.string().max(100), truncated: z.boolean() }),
  z.object({ kind: z.literal('json'), value: z.unknown(), truncated: z.boolean() }),
  z.object({ kind: z.literal('repr'), text: z.string().max(20_000), pyType: z.string().max(100), truncated: z.boolean() }),
  z.object({
    kind: z.literal('chart'),
    mime: z.enum(VEGA_LITE_MIMES),
    spec: chartSpecSchema,
    /** The chart drawn as PNG in the saver's browser (analyses/<id>/figures/<turn>-<attempt>-chart.png): the exports' fallback. */
    png: savedFigureSchema.nullable(),
  }),
]);

export const savedAttemptSchema = z.object({
  number: z.number().int().min(1),
  code: z.string().max(50_000),
  change: z.string().max(2000).optional(),
  fixedBy: z.enum(['llm', 'local']).optional(),
  status: runStatusSchema,
  stdout: z.string().max(100_000),
  stderr: z.string().max(100_000),
  error: z.object({ type: z.string().max(200), message: z.string().max(4000), line: z.number().int().nullable(), traceback: z.string().max(8000) }).nullable(),
  figures: z.array(savedFigureSchema).max(10),
  result: savedResultSchema.nullable(),
  timings: z.object({ validateMs: z.number(), loadPackagesMs: z.number(), executeMs: z.number(), totalMs: z.number() }),
});

/** `df1`, `df2`, … as the kernel binds them. */
export const datasetVariableSchema = z.string().regex(/^df[1-9][0-9]{0,2}$/, 'a dataset variable is df1, df2, …');

/**
 * Which dataset a variable was bound to when the question's code ran: the id of an entry of the record's `datasets`
 * (which carries its file name, format and reading options).
 */
export const savedTurnBindingSchema = z.object({
  variable: datasetVariableSchema,
  datasetId: z.string().max(64),
});

/** The answer's number check (lib/answer/number-check.ts), computed from the saved answer and outputs when saving. */
const savedNumberCheckSchema = z.object({
  checked: z.number().int().min(0),
  unmatched: z.number().int().min(0),
  notFound: z.array(z.object({ text: z.string().max(100) })).max(50),
});

export const savedTurnSchema = z.object({
  question: z.string().max(2000),
  plan: z.string().max(2000).optional(),
  attempts: z.array(savedAttemptSchema).max(10),
  answer: z.string().max(50_000),
  provider: z.object({ kind: z.string().max(40), model: z.string().max(200), label: z.string().max(200) }).optional(),
  metrics: z.object({
    llmCalls: z.number().int().min(0),
    inputTokens: z.number().int().min(0),
    outputTokens: z.number().int().min(0),
    generationMs: z.number().min(0),
    fetchMs: z.number().min(0),
    runMs: z.number().min(0),
    repairAttempts: z.number().int().min(0),
    answerMs: z.number().min(0),
  }),
  /**
   * The variables bound when this question's code ran (added with per-question bindings; absent in older records,
   * which read as the record's `datasets` list for every question: see turnBindings in saved-bindings.ts).
   */
  bindings: z.array(savedTurnBindingSchema).max(20).optional(),
  /** The answer's number check (absent in older records: computed from the answer and outputs when read). */
  numberCheck: savedNumberCheckSchema.optional(),
  /** The no-LLM answer checks of the final attempt (added later: optional, so older records still parse). */
  checks: checkReportSchema.optional(),
  /** The reviewer's verdict or why there is none (added later: optional). */
  review: reviewOutcomeSchema.optional(),
  /** The reviewer's analysis plan for a broad request (added later: optional). */
  guidance: guidanceOutcomeSchema.optional(),
});

/**
 * How the kernel read the file (the catalog's sniffed reading options, DatasetBinding['options']), so an export reads
 * it the same way with plain pandas. `names` is left out when the file has more columns than fit here.
 */
export const savedBindingOptionsSchema = z.object({
  delimiter: z.string().length(1).optional(),
  encoding: z.string().max(20).optional(),
  decimal: z.string().length(1).optional(),
  thousands: z.string().length(1).optional(),
  quoteChar: z.string().length(1).optional(),
  skipRows: z.number().int().min(0).max(100_000).optional(),
  hasHeader: z.boolean().optional(),
  names: z.array(z.string().max(500)).max(1000).optional(),
  sheet: z.string().max(200).optional(),
});

export const savedDatasetSchema = z.object({
  id: z.string().max(64),
  displayName: z.string().max(300),
  /** Name under /data and in exports' data folder. */
  fileName: z.string().max(300),
  variable: z.string().max(64),
  format: z.string().max(20),
  size: z.number().int().min(0),
  contentHash: z.string().max(200).optional(),
  /** Added with the exports (optional, so records saved before it still parse). */
  options: savedBindingOptionsSchema.optional(),
});

export const analysisRecordSchema = z.object({
  version: z.literal(1),
  id: analysisIdSchema,
  title: z.string().max(300),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** SHA-256 of the owner's anonymous token (cookie); the token itself is never stored. */
  ownerHash: z.string().max(128),
  visibility: z.enum(['link', 'revoked']),
  /** ISO time after which the link stops working; null: never. */
  expiresAt: z.string().nullable(),
  /** Whether viewers may re-run the code with the data (fresh short-lived URLs are issued only then). */
  allowRerun: z.boolean(),
  datasets: z.array(savedDatasetSchema).max(20),
  turns: z.array(savedTurnSchema).min(1).max(20),
  versions: z.object({ pyodide: z.string().max(40), python: z.string().max(40), packages: z.array(z.string().max(100)).max(100) }),
});

export type AnalysisRecord = z.infer<typeof analysisRecordSchema>;
export type SavedTurn = z.infer<typeof savedTurnSchema>;
export type SavedAttempt = z.infer<typeof savedAttemptSchema>;
export type SavedDataset = z.infer<typeof savedDatasetSchema>;
export type SavedResult = z.infer<typeof savedResultSchema>;
export type SavedFigure = z.infer<typeof savedFigureSchema>;
export type SavedBindingOptions = z.infer<typeof savedBindingOptionsSchema>;
