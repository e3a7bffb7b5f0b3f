/** The eval's vocabulary: a question about one file, its kind, and how its answer is checked against the truth. */

export const DATASET_KEYS = [
  'macro',
  'grunfeld',
  'statecrime',
  'fair',
  'longley',
  'copper',
  'heart',
  'cpunish',
  'committee',
  'engel',
  'fertility',
  'iris',
  'macro_dated',
  'macro_gaps',
] as const;
export type DatasetKey = (typeof DATASET_KEYS)[number];

/** The standard kinds the ≥ 60 % target is about, then the questions whose only right answer is a refusal. */
export const STANDARD_KINDS = ['overview', 'missing', 'distribution', 'correlation', 'x-by-y', 'top-n', 'trend', 'compare'] as const;
export type QuestionKind = (typeof STANDARD_KINDS)[number] | 'out-of-repertoire';

/**
 * `truth` is a hand-written pandas expression over `df` (the file read with plain pd.read_csv in eval_truth.py),
 * never anything the planner produced.
 * - numbers: a scalar or a list; every number must appear in the answer's result or printed output (lenient for
 *   small integers, which a wrong table may hold by chance: prefer `series` for counts of one column).
 * - series: each label must appear in a row of the result table together with its value; `exact`: the table has
 *   exactly these rows, in this order (top N).
 * - values: the result table's measure column equals the truth's values in order (period labels are written in
 *   several ways; the values are not).
 * - refuse: the only right answer is an honest refusal.
 */
export type Check =
  | { type: 'numbers'; truth: string }
  | { type: 'series'; truth: string; exact?: boolean }
  | { type: 'values'; truth: string }
  | { type: 'refuse' };

export interface EvalQuestion {
  id: string;
  kind: QuestionKind;
  dataset: DatasetKey;
  question: string;
  /** Earlier questions of the same conversation, oldest first: the question is a follow-up ("and only for 1950?"). */
  history?: string[];
  check: Check;
}

export function truthOf({ check }: { check: Check }): string | null {
  return check.type === 'refuse' ? null : check.truth;
}
