/**
 * The checks on the eval's own programs, without Python: every question of `npm run eval` is planned by the offline
 * planner, and the checks that read only the code (columns, conditions, measure) must pass on every program, while
 * the code-level mutations (a dropped condition, a row count instead of the measure) must fail at least one.
 * `npm run eval` measures the same on the twin's outputs (row counts, groups) — this is the fast half.
 */
import { describe, expect, it } from 'vitest';
import { MUTATION_KINDS, mutateProgram } from '@/bench/eval/mutations';
import { ANALYSE_QUESTIONS } from '@/bench/eval/questions-analyse';
import { DESCRIBE_QUESTIONS } from '@/bench/eval/questions-describe';
import { HOLDOUT_QUESTIONS } from '@/bench/eval/questions-holdout';
import { planOffline } from '@/lib/planner/plan-offline';
import { checkAnswer } from './answer-checks';
import { evalBrief } from './test-support/eval-schemas';

const planned = [...DESCRIBE_QUESTIONS, ...ANALYSE_QUESTIONS, ...HOLDOUT_QUESTIONS].flatMap((question) => {
  const brief = evalBrief(question.dataset);
  if (!brief || question.check.type === 'refuse') return [];
  const plan = planOffline({ question: question.question, datasets: [brief] });
  return plan.ok ? [{ ...question, brief, code: plan.generated.code }] : [];
});

const failures = ({ question, code, brief }: { question: string; code: string; brief: NonNullable<ReturnType<typeof evalBrief>> }) =>
  checkAnswer({ question, code, run: { stdout: '', result: null }, datasets: [brief] }).filter((outcome) => outcome.status === 'fail');

describe("the eval's planner programs", () => {
  it('plans most of the eval (the set the checks are measured on)', () => {
    expect(planned.length).toBeGreaterThanOrEqual(65);
  });
  it.each(planned.map((item) => [item.id, item] as const))('%s: no check fails on the correct program', (_id, item) => {
    expect(failures({ question: item.question, code: item.code, brief: item.brief })).toEqual([]);
  });
});

describe('code-level mutations of the same programs', () => {
  const mutants = planned.flatMap((item) =>
    MUTATION_KINDS.filter((kind) => kind !== 'wrong-n').flatMap((kind) => {
      const code = mutateProgram({ kind, code: item.code });
      return code === null ? [] : [{ ...item, kind, code }];
    }),
  );
  it('there are mutants of both kinds', () => {
    expect(mutants.filter((mutant) => mutant.kind === 'dropped-condition').length).toBeGreaterThanOrEqual(10);
    expect(mutants.filter((mutant) => mutant.kind === 'wrong-measure').length).toBeGreaterThanOrEqual(30);
  });
  it.each(mutants.map((mutant) => [`${mutant.id} ${mutant.kind}`, mutant] as const))('%s is caught', (_name, mutant) => {
    expect(failures({ question: mutant.question, code: mutant.code, brief: mutant.brief }).length).toBeGreaterThan(0);
  });
});
