/**
 * The outcome of the no-LLM answer checks (answer-checks.ts) as stored in the turn and the saved analysis. A zod
 * schema because it crosses the save boundary; browser-safe.
 */
import { z } from 'zod';

export const CHECK_IDS = ['row-count', 'one-row-per-group', 'single-number', 'columns', 'conditions', 'measure', 'percent'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const CHECK_LABELS: Record<CheckId, string> = {
  'row-count': 'Number of rows',
  'one-row-per-group': 'One row per group',
  'single-number': 'A single number',
  columns: 'Columns named in the question',
  conditions: 'Conditions in the question',
  measure: 'The measure asked for',
  percent: 'Percentages',
};

export const checkOutcomeSchema = z.object({
  id: z.enum(CHECK_IDS),
  status: z.enum(['pass', 'fail']),
  /** For people (and for the repair model): what was expected and what the run produced. */
  message: z.string().max(600),
});
export type CheckOutcome = z.infer<typeof checkOutcomeSchema>;

export const checkReportSchema = z.object({
  /** Only the checks that applied to this question; an empty list means nothing in the question could be checked. */
  outcomes: z.array(checkOutcomeSchema).max(CHECK_IDS.length * 4),
  /** Whether a failed check already sent the run back through the repair loop once. */
  repaired: z.boolean(),
});
export type CheckReport = z.infer<typeof checkReportSchema>;

export function failedChecks(report: Pick<CheckReport, 'outcomes'> | undefined): CheckOutcome[] {
  return report?.outcomes.filter((outcome) => outcome.status === 'fail') ?? [];
}

/** One paragraph naming each failed check: the repair request's "error" and the answer's warning. */
export function describeFailures(outcomes: CheckOutcome[]): string {
  return outcomes.map((outcome) => `${CHECK_LABELS[outcome.id]}: ${outcome.message}`).join(' ');
}
