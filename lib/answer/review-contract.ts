/**
 * The reviewer's contract (REVIEW_MODEL): the verdict the model must return (structured output), what /api/review
 * accepts and answers, and the outcome a turn records. Browser-safe: the page, the route and the saved record use it.
 */
import { z } from 'zod';

export const reviewVerdictSchema = z.object({
  verdict: z
    .enum(['answers', 'partly', 'not'])
    .describe(
      'answers: the output answers the question as asked. partly: it answers part of it, or answers it with a caveat that matters. not: it answers a different question.',
    ),
  reasons: z.array(z.string().max(400)).min(1).max(5).describe('One to five short reasons for the verdict, each citing the code or the outputs.'),
  mismatch: z
    .string()
    .max(400)
    .describe(
      'The concrete mismatch between the question and the output ("asked for 5 states, the table has 10"); an empty string when the verdict is "answers".',
    ),
});

export const reviewRequestSchema = z.object({
  question: z.string().trim().min(1).max(2000),
  code: z.string().max(20_000),
  /** The same bounded rendering of the outputs the answer model reads (lib/ask/client/summarize-run.ts). */
  outputs: z.string().max(30_000),
  /** The no-LLM checks that failed, as sentences (the reviewer may confirm or dismiss them). */
  failedChecks: z.array(z.string().max(700)).max(10).default([]),
});
export type ReviewRequest = z.infer<typeof reviewRequestSchema>;

export const reviewOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('reviewed'), model: z.string().max(200), verdict: reviewVerdictSchema }),
  /** The reviewer timed out, failed or answered something that is not a verdict: the answer stands, unreviewed. */
  z.object({ status: z.literal('unreviewed'), model: z.string().max(200), reason: z.string().max(600) }),
]);
export type ReviewOutcome = z.infer<typeof reviewOutcomeSchema>;

const reviewCostSchema = z.object({
  llmCalls: z.number().int().min(0),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
});

/** /api/review's body: `review` is null when no reviewer is configured (REVIEW_MODEL unset). */
export const reviewResponseSchema = z.object({ review: reviewOutcomeSchema.nullable(), cost: reviewCostSchema });
export type ReviewResponse = z.infer<typeof reviewResponseSchema>;

// ---- Guidance before code: the reviewer's analysis plan for broad requests -------------------------------------

export const guidancePlanSchema = z.object({
  steps: z
    .array(z.string().min(1).max(300))
    .min(2)
    .max(7)
    .describe('The analysis to run, in order: two to seven concrete steps naming the columns and methods to use.'),
});

export const guidanceOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('planned'), model: z.string().max(200), steps: guidancePlanSchema.shape.steps }),
  /** The reviewer could not propose a plan (timeout, malformed output): the generator went ahead on its own. */
  z.object({ status: z.literal('skipped'), model: z.string().max(200), reason: z.string().max(600) }),
]);
export type GuidanceOutcome = z.infer<typeof guidanceOutcomeSchema>;

const BROAD = /\b(?:analy[sz]e|explore|investigate|profile|dig into|look into|tell me (?:everything |something )?about|insights?|eda)\b/i;
const WHOLE = /\b(?:data(?:set)?s?|files?|tables?|spreadsheets?|this|it|everything)\b/i;

/** A broad request (the Explore and Predict presets, "analyse this dataset"): the reviewer plans before code is written. */
export function isBroadRequest({ question, preset }: { question: string; preset?: { kind: string } | undefined }): boolean {
  if (preset) return true;
  return BROAD.test(question) && WHOLE.test(question) && question.trim().split(/\s+/).length <= 12;
}
