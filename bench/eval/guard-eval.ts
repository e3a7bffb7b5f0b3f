/**
 * The second half of `npm run eval`: the answer checks (lib/answer) on the planner's own answers, then on the
 * mutation set (mutations.ts: correct programs given a classic miss, run on the twin and scored against the same
 * truth), and the before/after table.
 */
import type { DatasetBrief } from '@/lib/ask/contracts';
import { checkAnswer } from '@/lib/answer/answer-checks';
import { summarizeRun } from '@/lib/ask/client/summarize-run';
import { BY_BOTH, BY_CHECKS, BY_REVIEWER, NO_GUARD, guardRow, renderGuardTable, type Flagged, type GuardRow } from './checks-table';
import { MUTATION_KINDS, mutateProgram, type MutationKind } from './mutations';
import type { Check } from './question-types';
import { runOutputSchema, toAnswerRun } from './run-schema';
import { scoreAnswer, type AnswerRun, type TruthValue, type Verdict } from './score';
import { runTwinScript } from './twin-python';

export interface GuardCase {
  id: string;
  question: string;
  check: Check;
  verdict: Verdict;
  code: string;
  run: AnswerRun;
  brief: DatasetBrief;
  binding: unknown;
  truth: TruthValue | undefined;
}

/** Asks the reviewer about one answer; true when it disagrees ("partly" or "not"), null when it could not review. */
export type EvalReviewer = (args: { question: string; code: string; outputs: string; failedChecks: string[] }) => Promise<boolean | null>;

export interface MutantDetail extends Flagged {
  id: string;
  kind: MutationKind;
  why: string;
  checks: string[];
}

function failedOf({ item }: { item: Pick<GuardCase, 'question' | 'code' | 'run' | 'brief'> }): { failed: string[]; messages: string[] } {
  const outcomes = checkAnswer({ question: item.question, code: item.code, run: item.run, datasets: [item.brief] });
  const failed = outcomes.filter((outcome) => outcome.status === 'fail');
  return { failed: failed.map((outcome) => outcome.id), messages: failed.map((outcome) => `${outcome.id}: ${outcome.message}`) };
}

/** The run's outputs as the page renders them for the answer and review models (stdout and the result only here). */
function outputsOf(run: AnswerRun): string {
  return summarizeRun({
    result: {
      status: 'ok',
      stdout: run.stdout,
      stderr: '',
      stdoutTruncated: false,
      stderrTruncated: false,
      figures: [],
      figuresDropped: 0,
      result: run.result,
      error: null,
      timings: { validateMs: 0, loadPackagesMs: 0, executeMs: 0, totalMs: 0 },
      packagesLoaded: [],
    },
  });
}

async function withReview<ITEM extends Flagged & { id: string; checks: string[] }>({
  items,
  sources,
  reviewer,
}: {
  items: ITEM[];
  sources: Map<string, { question: string; code: string; run: AnswerRun }>;
  reviewer: EvalReviewer | null;
}): Promise<{ items: ITEM[]; unreviewed: number }> {
  if (!reviewer) return { items, unreviewed: 0 };
  let unreviewed = 0;
  const reviewed: ITEM[] = [];
  for (const item of items) {
    const source = sources.get(item.id);
    if (!source || item.verdict === 'refused') {
      reviewed.push(item);
      continue;
    }
    const flagged = await reviewer({ question: source.question, code: source.code, outputs: outputsOf(source.run), failedChecks: item.checks });
    if (flagged === null) unreviewed += 1;
    reviewed.push({ ...item, reviewerFlagged: flagged === true });
  }
  return { items: reviewed, unreviewed };
}

export async function evaluateGuards({
  cases,
  dataDir,
  reviewer,
}: {
  cases: GuardCase[];
  dataDir: string;
  reviewer: { label: string; review: EvalReviewer } | null;
}): Promise<{
  table: string;
  rows: GuardRow[];
  planner: (Flagged & { id: string; checks: string[] })[];
  mutants: MutantDetail[];
  leftOut: number;
  unreviewed: number;
}> {
  const planner = cases.map((item) => {
    const { failed, messages } = item.code ? failedOf({ item }) : { failed: [], messages: [] };
    return { id: item.id, verdict: item.verdict, failedChecks: failed, checks: messages };
  });

  const mutated = cases
    .filter((item) => item.verdict === 'correct' && item.truth !== undefined)
    .flatMap((item) =>
      MUTATION_KINDS.flatMap((kind) => {
        const code = mutateProgram({ kind, code: item.code });
        return code === null ? [] : [{ item, kind, code, id: `${item.id}~${kind}` }];
      }),
    );
  const runs = runOutputSchema.parse(
    runTwinScript({
      script: 'eval_run.py',
      input: { dataDir, cases: mutated.map((mutant) => ({ id: mutant.id, code: mutant.code, binding: mutant.item.binding })) },
    }),
  );
  const sources = new Map<string, { question: string; code: string; run: AnswerRun }>(cases.map((item) => [item.id, item]));
  const allMutants: MutantDetail[] = mutated.map((mutant): MutantDetail => {
    const raw = runs[mutant.id];
    const run: AnswerRun = raw ? toAnswerRun(raw) : { status: 'error', stdout: '', result: null };
    const scored = scoreAnswer({ check: mutant.item.check, answer: { planned: true, plan: '', declaresSubstitution: false, run }, truth: mutant.item.truth });
    // A mutation that still matches the truth (or no longer runs) is not a silent miss: it is left out and counted.
    if (scored.verdict !== 'wrong' || run.status !== 'ok')
      return {
        id: mutant.id,
        kind: mutant.kind,
        verdict: 'refused',
        why: `not a silent miss (${run.status}, ${scored.verdict})`,
        failedChecks: [],
        checks: [],
      };
    const { failed, messages } = failedOf({ item: { ...mutant.item, code: mutant.code, run } });
    sources.set(mutant.id, { question: mutant.item.question, code: mutant.code, run });
    return { id: mutant.id, kind: mutant.kind, verdict: scored.verdict, why: scored.why, failedChecks: failed, checks: messages };
  });

  const plannerReviewed = await withReview({ items: planner, sources, reviewer: reviewer?.review ?? null });
  const mutantsReviewed = await withReview({ items: allMutants.filter((mutant) => mutant.verdict !== 'refused'), sources, reviewer: reviewer?.review ?? null });
  const mutants = mutantsReviewed.items;
  const reviewRows: GuardRow[] = reviewer
    ? [
        guardRow({ label: `planner · reviewer (${reviewer.label})`, items: plannerReviewed.items, guard: BY_REVIEWER }),
        guardRow({ label: 'planner · checks + reviewer', items: plannerReviewed.items, guard: BY_BOTH }),
        guardRow({ label: `mutants all · reviewer (${reviewer.label})`, items: mutants, guard: BY_REVIEWER }),
        guardRow({ label: 'mutants all · checks + reviewer', items: mutants, guard: BY_BOTH }),
      ]
    : [];
  const rows: GuardRow[] = [
    guardRow({ label: 'planner · no checks', items: planner, guard: NO_GUARD }),
    guardRow({ label: 'planner · checks', items: planner, guard: BY_CHECKS }),
    ...MUTATION_KINDS.flatMap((kind) => {
      const items = mutants.filter((mutant) => mutant.kind === kind);
      return [
        guardRow({ label: `mutants ${kind} · no checks`, items, guard: NO_GUARD }),
        guardRow({ label: `mutants ${kind} · checks`, items, guard: BY_CHECKS }),
      ];
    }),
    guardRow({ label: 'mutants all · no checks', items: mutants, guard: NO_GUARD }),
    guardRow({ label: 'mutants all · checks', items: mutants, guard: BY_CHECKS }),
    ...reviewRows,
  ];
  return {
    table: renderGuardTable({ rows }),
    rows,
    planner: plannerReviewed.items,
    mutants,
    leftOut: allMutants.length - mutants.length,
    unreviewed: plannerReviewed.unreviewed + mutantsReviewed.unreviewed,
  };
}
