import { z } from 'zod';
import { datasetIdSchema } from '@/lib/files/dataset-ids';
import { resultValueBranches, runResultSchema } from '@/workers/kernel-schema';
import type { KernelLimits } from '@/workers/kernel-protocol';
import { datasetVariableSchema, savedTurnBindingSchema, savedTurnSchema } from './analysis-record';

/**
 * The body of `POST /api/analyses`: what the workspace has after its questions (TurnState, RunResult), as JSON.
 * Browser-safe, so the page can check what it sends with the same schema.
 *
 * Two kinds of limits. What people or the LLM wrote (title, question, plan, code, answer) must fit the record and is
 * refused when it does not. What the kernel printed or returned (stdout, stderr, errors, tables, reprs) is accepted
 * larger and cut on save (lib/share/save-caps.ts), because the kernel's own caps are configurable and a save must
 * not fail over a long traceback. The whole body is capped by ANALYSIS_MAX_SAVE_MB before it is parsed.
 */

/**
 * The kernel's caps as a save applies them: none of its own (the body cap bounds everything), since the page that
 * saves may have run its kernel with larger caps than the defaults. The shapes are the kernel's (kernel-schema.ts).
 */
const ANY_SIZE = Number.MAX_SAFE_INTEGER;
const SAVE_LIMITS: KernelLimits = {
  maxStreamChars: ANY_SIZE,
  maxFigures: ANY_SIZE,
  maxFigurePixels: ANY_SIZE,
  maxTableRows: ANY_SIZE,
  maxTableColumns: ANY_SIZE,
  maxCellChars: ANY_SIZE,
  maxReprChars: ANY_SIZE,
};

const figureInputSchema = z.object({
  /** Base64 PNG without a data: prefix, as the kernel returns it; checked to be a real PNG of at most 5 MB on save. */
  pngBase64: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

const kernelResult = resultValueBranches(SAVE_LIMITS);

export const resultInputSchema = z.discriminatedUnion('kind', [
  kernelResult.table,
  kernelResult.scalar,
  kernelResult.json,
  kernelResult.repr,
  kernelResult.chart.extend({
    /** The chart as PNG, drawn by the saving browser (lib/share/client/chart-images.ts); absent when it could not be drawn. */
    png: figureInputSchema.optional(),
  }),
]);

/**
 * A RunResult (workers/kernel-schema.ts) as JSON; the fields the record does not keep (truncation flags, dropped
 * figures, packages) are accepted and dropped. Figures are checked as PNGs when saved, so they only need to be there.
 */
export const runResultInputSchema = runResultSchema(SAVE_LIMITS)
  .pick({ status: true, stdout: true, stderr: true, error: true, timings: true })
  .extend({ figures: z.array(figureInputSchema), result: resultInputSchema.nullable() });

const authoredAttempt = savedTurnSchema.shape.attempts.element.pick({ number: true, code: true, change: true, fixedBy: true });

const attemptInputSchema = authoredAttempt.extend({
  /** Absent when the attempt never ran (cancelled before the kernel answered); such attempts are not saved. */
  result: runResultInputSchema.optional(),
});

export const turnInputSchema = savedTurnSchema
  .pick({ question: true, plan: true, answer: true, provider: true, metrics: true, checks: true, review: true, guidance: true })
  .extend({
    attempts: z.array(attemptInputSchema).max(10),
    /**
     * The variables bound when the question's code ran, each naming one of `datasetIds` (the kernel client's bindings,
     * lib/kernel). Absent: the analysis-level `datasetIds`/`variables` held for this question.
     */
    bindings: z
      .array(savedTurnBindingSchema.extend({ datasetId: datasetIdSchema }))
      .max(20)
      .optional(),
  });

const variableSchema = datasetVariableSchema;

export const saveAnalysisInputSchema = z
  .object({
    /** Default: the first question, shortened. */
    title: z.string().trim().max(300).optional(),
    turns: z.array(turnInputSchema).min(1, 'There is nothing to save yet: ask a question first.').max(20),
    /** The datasets the code used, in df1..dfN order. Names and formats are read from the catalog, never from here. */
    datasetIds: z.array(datasetIdSchema).max(20),
    /**
     * The variable each dataset is bound to, parallel to datasetIds (with per-question bindings: the first question's
     * that used it, so two datasets may share one across questions). Default: df1..dfN in order.
     */
    variables: z.array(variableSchema).max(20).optional(),
    versions: z.object({
      pyodide: z.string().max(40),
      python: z.string().max(40),
      packages: z.array(z.string().max(100)).max(100),
    }),
    /** Days until the link stops working; null: never. Default: ANALYSIS_DEFAULT_EXPIRY_DAYS. */
    expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
    /** Whether viewers may re-run the code with the data. */
    allowRerun: z.boolean(),
  })
  .superRefine((input, context) => {
    if (new Set(input.datasetIds).size !== input.datasetIds.length) {
      context.addIssue({ code: 'custom', path: ['datasetIds'], message: 'a dataset is listed twice' });
    }
    if (input.variables) {
      if (input.variables.length !== input.datasetIds.length) {
        context.addIssue({ code: 'custom', path: ['variables'], message: 'needs one variable per dataset id' });
      } else if (!input.turns.some((turn) => turn.bindings) && new Set(input.variables).size !== input.variables.length) {
        context.addIssue({ code: 'custom', path: ['variables'], message: 'a variable is bound twice' });
      }
    }
    const listed = new Set(input.datasetIds);
    input.turns.forEach((turn, index) => {
      if (!turn.bindings) return;
      if (new Set(turn.bindings.map((binding) => binding.variable)).size !== turn.bindings.length) {
        context.addIssue({ code: 'custom', path: ['turns', index, 'bindings'], message: 'a variable is bound twice in one question' });
      }
      if (turn.bindings.some((binding) => !listed.has(binding.datasetId))) {
        context.addIssue({ code: 'custom', path: ['turns', index, 'bindings'], message: 'a question binds a dataset that datasetIds does not list' });
      }
    });
  });

export type SaveAnalysisInput = z.infer<typeof saveAnalysisInputSchema>;
export type TurnInput = z.infer<typeof turnInputSchema>;
export type RunResultInput = z.infer<typeof runResultInputSchema>;
export type ResultInput = z.infer<typeof resultInputSchema>;
