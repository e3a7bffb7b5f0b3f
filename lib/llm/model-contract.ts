/**
 * The model layer's contract, shared by the page, the routes, the model calls and the offline planner (which writes the
 * same GeneratedCode without a model): zod schemas for what a model must return (structured output), what it is told
 * besides the question and the data (earlier turns, a preset), which provider answered, what the calls cost and how a
 * model-backed request fails; the types are inferred from them. Browser-safe (no server-only imports).
 * lib/ask/contracts.ts re-exports all of it as part of the Ask feature's contract.
 */
import { z } from 'zod';

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

// ---- What the model is told besides the question and the data -------------------------------------------------

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

// ---- Who answered, at what cost, and how a request fails ------------------------------------------------------

export const providerInfoSchema = z.object({
  kind: z.enum(['gemini', 'openai-compatible', 'offline', 'scripted']),
  model: z.string().max(500),
  /** Shown in the UI, e.g. "Offline planner (no API key set)". */
  label: z.string().max(500),
});
export type ProviderInfo = z.infer<typeof providerInfoSchema>;

export const llmMetricsSchema = z.object({
  llmCalls: z.number().int().nonnegative(),
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
  generationMs: z.number().nonnegative(),
});
export type LlmMetrics = z.infer<typeof llmMetricsSchema>;

export const ASK_ERROR_CODES = [
  'bad_request',
  'rate_limited',
  /** A daily LLM token budget (the caller's or the server's) is spent: lib/llm/server/token-budget.ts. */
  'token_budget',
  'llm_timeout',
  'llm_quota',
  'llm_malformed',
  'llm_refusal',
  'llm_network',
  'dataset_missing',
  'no_plan',
] as const;

/** The longest message an AskError carries (a kernel message quoted in it is cut to fit before it is stored). */
export const ASK_ERROR_MESSAGE_MAX = 10_000;

/** How a model-backed request fails, as the page shows it; the page parses it wherever it arrives (events, refusals, saved conversations). */
export const askErrorSchema = z.object({
  code: z.enum(ASK_ERROR_CODES),
  /** For people: what happened and what to do. */
  message: z.string().max(ASK_ERROR_MESSAGE_MAX),
  retryable: z.boolean(),
});
export type AskError = z.infer<typeof askErrorSchema>;
export type AskErrorCode = AskError['code'];
