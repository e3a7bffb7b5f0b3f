/**
 * `npm run eval` (built and started by run-eval.mjs): every question of questions-*.ts through the product's path —
 * catalog sniffer → brief → offline planner (or the configured model) → kernel_runner under the twin — scored
 * against truth computed separately (eval_truth.py). Prints the table and writes the details to bench/results/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { prepareDataset, type PreparedDataset } from './prepare-data';
import { evalProvider, planQuestion, type Planned } from './plan-source';
import { ANALYSE_QUESTIONS } from './questions-analyse';
import { DESCRIBE_QUESTIONS } from './questions-describe';
import { FOLLOW_UP_QUESTIONS } from './questions-followup';
import { HOLDOUT_QUESTIONS } from './questions-holdout';
import { truthOf, type EvalQuestion } from './question-types';
import { evalReviewer } from './eval-reviewer';
import { checkedQuestion } from '@/lib/answer/question-reading';
import { evaluateGuards, type GuardCase } from './guard-eval';
import { renderTable, tableRows } from './report';
import { scoreAnswer, type Answer, type AnswerRun, type TruthValue } from './score';
import { runOutputSchema, toAnswerRun } from './run-schema';
import { REPO, runTwinScript } from './twin-python';

const SITE_PACKAGES = '/usr/lib/python3/dist-packages';
// The planner says this when it answers something other than what was asked (lib/planner).
const DECLARED = /not what was asked/i;

const truthValue: z.ZodType<TruthValue> = z.lazy(() =>
  z.union([z.number(), z.null(), z.string(), z.boolean(), z.array(truthValue), z.object({ series: z.array(z.tuple([z.string(), truthValue])) })]),
);
const truthOutput = z.object({
  files: z.record(z.string(), z.string()),
  truths: z.record(z.string(), z.union([z.object({ ok: z.literal(true), value: truthValue }), z.object({ ok: z.literal(false), error: z.string() })])),
});
async function main(): Promise<void> {
  const questions: EvalQuestion[] = [...DESCRIBE_QUESTIONS, ...ANALYSE_QUESTIONS, ...HOLDOUT_QUESTIONS, ...FOLLOW_UP_QUESTIONS];
  const only = process.env.EVAL_ONLY ? new RegExp(process.env.EVAL_ONLY) : null;
  const selected = only ? questions.filter((question) => only.test(question.id)) : questions;
  const workDir = mkdtempSync(path.join(tmpdir(), 'ask-eval-'));
  try {
    const truthRun = truthOutput.parse(
      runTwinScript({
        script: 'eval_truth.py',
        input: {
          twinData: SITE_PACKAGES,
          workDir,
          questions: selected.map((question) => ({ id: question.id, dataset: question.dataset, truth: truthOf({ check: question.check }) })),
        },
      }),
    );
    const datasets = new Map<string, PreparedDataset | { error: string }>();
    for (const [key, file] of Object.entries(truthRun.files)) {
      // Every file is in the temp folder, which has the same path on the host and in the twin.
      datasets.set(key, await prepareDataset({ key, file }));
    }
    const provider = evalProvider();
    const planned = new Map<string, Planned>();
    for (const question of selected) {
      const dataset = datasets.get(question.dataset);
      if (!dataset || 'error' in dataset) {
        planned.set(question.id, { status: 'failed', message: `registration failed: ${dataset?.error ?? 'no file'}` });
        continue;
      }
      planned.set(question.id, await planQuestion({ question: question.question, history: question.history, brief: dataset.brief, provider }));
    }
    const cases = selected.flatMap((question) => {
      const plan = planned.get(question.id);
      const dataset = datasets.get(question.dataset);
      return plan?.status === 'planned' && dataset && !('error' in dataset) ? [{ id: question.id, code: plan.code, binding: dataset.binding }] : [];
    });
    const runs = runOutputSchema.parse(runTwinScript({ script: 'eval_run.py', input: { dataDir: workDir, cases } }));
    const details = selected.map((question) => {
      const plan = planned.get(question.id) ?? { status: 'failed', message: 'not planned' };
      const raw = runs[question.id];
      const run: AnswerRun = raw ? toAnswerRun(raw) : { status: 'error', stdout: '', result: null };
      const answer: Answer =
        plan.status === 'declined'
          ? { planned: false, message: plan.message }
          : plan.status === 'failed'
            ? { planned: true, plan: plan.message, declaresSubstitution: false, run: { status: 'error', stdout: '', result: null } }
            : { planned: true, plan: plan.plan, declaresSubstitution: DECLARED.test(plan.plan), run };
      const truth = truthRun.truths[question.id];
      const scored = scoreAnswer({ check: question.check, answer, truth: truth?.ok ? truth.value : undefined });
      return {
        ...question,
        ...scored,
        plan: plan.status === 'planned' ? plan.plan : plan.message,
        code: plan.status === 'planned' ? plan.code : undefined,
        truthError: truth && !truth.ok ? truth.error : undefined,
        stdout: run.stdout.slice(0, 1500),
      };
    });
    const guardCases: GuardCase[] = details.flatMap((detail) => {
      const dataset = datasets.get(detail.dataset);
      const raw = runs[detail.id];
      const truth = truthRun.truths[detail.id];
      if (!detail.code || !raw || !dataset || 'error' in dataset) return [];
      // A follow-up is checked as the turn checks it: together with the question it narrows.
      const question = checkedQuestion({ question: detail.question, earlier: detail.history ?? [], datasets: [dataset.brief] });
      return [
        {
          ...detail,
          question,
          code: detail.code,
          run: toAnswerRun(raw),
          brief: dataset.brief,
          binding: dataset.binding,
          truth: truth?.ok ? truth.value : undefined,
        },
      ];
    });
    const guards = await evaluateGuards({ cases: guardCases, dataDir: workDir, reviewer: evalReviewer() });
    const rows = tableRows({ scored: details });
    console.log(`\nAnswer quality: ${provider.info.label}, ${details.length} questions over statsmodels/scikit-learn datasets\n`);
    console.log(renderTable({ rows }));
    for (const item of details.filter((detail) => detail.verdict !== 'correct')) {
      console.log(`  ${item.verdict.padEnd(7)} ${item.id}: ${item.why.replace(/\s+/g, ' ').slice(0, 150)}`);
    }
    console.log("\nAnswer checks (lib/answer), on the planner's answers and on correct programs given a classic miss:\n");
    console.log(guards.table);
    console.log(
      `\n${guards.mutants.length} mutants (${guards.leftOut} more left out: still correct, or no longer ran)${guards.unreviewed > 0 ? `; ${guards.unreviewed} answers the reviewer could not review` : ''}.`,
    );
    for (const item of [...guards.planner, ...guards.mutants].filter(
      (entry) => entry.verdict !== 'refused' && (entry.verdict === 'correct') === entry.failedChecks.length > 0,
    )) {
      console.log(`  ${item.verdict === 'correct' ? 'flagged' : 'missed '} ${item.id}: ${item.checks.join(' | ').slice(0, 200) || 'no check failed'}`);
    }
    const outDir = path.join(REPO, 'bench/results');
    mkdirSync(outDir, { recursive: true });
    const outFile = path.join(outDir, `eval-${provider.info.kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    const registrations = Object.fromEntries(
      [...datasets].map(([key, value]) => [key, 'error' in value ? value : { columns: value.columns, warnings: value.warnings }]),
    );
    writeFileSync(
      outFile,
      JSON.stringify(
        { provider: provider.info, rows, registrations, details, guards: { rows: guards.rows, planner: guards.planner, mutants: guards.mutants } },
        null,
        2,
      ),
    );
    console.log(`\nDetails: ${path.relative(REPO, outFile)}`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
