import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatasetBrief } from '@/lib/ask/contracts';
import { assertPythonHas, PYTHON_BIN } from '@/lib/testing/python-bin';
import { runPythonJson } from '@/lib/testing/python-json';
import type { DatasetBinding, RunResult } from '@/workers/kernel-protocol';
import { planOffline } from '../plan-offline';

const DRIVER = path.join(__dirname, 'run_planned.py');

export type PlannedRun = Omit<RunResult, 'figures' | 'timings' | 'packagesLoaded'> & {
  figures: { width: number; height: number; pngBytes: number }[];
  executeMs: number;
  /** Warnings compiling the code with every category on (run_planned.py). */
  compileWarnings: string[];
};

export interface WelchReference {
  n_a: number;
  n_b: number;
  mean_a: number;
  mean_b: number;
  t_statistic: number;
  p_value: number;
}

export interface RunPlannedInput {
  dataDir: string;
  bindings: (DatasetBinding & { path: string })[];
  cases: { name: string; code: string }[];
  references?: Record<string, { kind: 'welch'; file: string; value: string; group: string; a: string; b: string }>;
}

/** Throws with the interpreter's message unless it has what the planner's programs import. */
export function assertPlannerPython(): void {
  assertPythonHas({ modules: ['pandas', 'scipy', 'sklearn', 'matplotlib'] });
}

/** One Python process for all cases: the imports (pandas, sklearn) dominate the cost of each run. */
export function runPlanned(input: RunPlannedInput): { results: Record<string, PlannedRun>; references: Record<string, WelchReference> } {
  return runPythonJson({ python: PYTHON_BIN, script: DRIVER, input, timeoutMs: 240_000, maxBufferBytes: 64 * 1024 * 1024 }) as {
    results: Record<string, PlannedRun>;
    references: Record<string, WelchReference>;
  };
}

/**
 * Plans each question with the offline planner over one CSV (as df1) and runs every program under the twin: the
 * setup both planner exec tests share. `cleanup` removes the temporary folder.
 */
export function planAndRun({
  csv,
  brief,
  cases,
  prefix,
}: {
  csv: string;
  brief: DatasetBrief;
  cases: Record<string, { question: string; history?: readonly string[] }>;
  prefix: string;
}): { results: Record<string, PlannedRun>; cleanup: () => void } {
  assertPlannerPython();
  const workDir = mkdtempSync(path.join(tmpdir(), prefix));
  const dataDir = path.join(workDir, 'data');
  mkdirSync(dataDir);
  writeFileSync(path.join(dataDir, brief.fileName), csv, 'utf8');
  const planned = Object.entries(cases).map(([name, { question, history = [] }]) => {
    const plan = planOffline({
      question,
      datasets: [brief],
      history: history.map((earlier) => ({ question: earlier, code: '', status: 'ok', outputSummary: '' })),
    });
    if (!plan.ok) throw new Error(`${name}: ${plan.message}`);
    return { name, code: plan.generated.code };
  });
  const { results } = runPlanned({ dataDir, bindings: [{ variable: 'df1', path: path.join(dataDir, brief.fileName), format: 'csv' }], cases: planned });
  return { results, cleanup: () => rmSync(workDir, { recursive: true, force: true }) };
}
