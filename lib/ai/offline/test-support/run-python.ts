/** Test-only: runs planner programs through workers/python/kernel_runner under the twin runtime (run_planned.py). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { assertPythonHas, PYTHON_BIN } from '@/lib/testing/python-bin';
import type { DatasetBinding, RunResult } from '@/workers/kernel-protocol';

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
  const child = spawnSync(PYTHON_BIN, [DRIVER], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, MPLBACKEND: 'Agg', PYTHONHASHSEED: '0', PYTHONIOENCODING: 'utf-8' },
    timeout: 240_000,
  });
  if (child.status !== 0) throw new Error(`run_planned.py failed (${child.status ?? child.signal}):\n${child.stderr}`);
  return JSON.parse(child.stdout) as { results: Record<string, PlannedRun>; references: Record<string, WelchReference> };
}
