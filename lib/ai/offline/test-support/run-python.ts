/** Test-only: runs planner programs through workers/python/kernel_runner under Debian's CPython (run_planned.py). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DatasetBinding, RunResult } from '@/workers/kernel-protocol';

/** Debian's interpreter, which has pandas, scipy, sklearn and matplotlib; the pyenv python3 first on PATH does not. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
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

export function pythonAvailable(): boolean {
  if (!existsSync(SYSTEM_PYTHON)) return false;
  const probe = spawnSync(SYSTEM_PYTHON, ['-c', 'import pandas, scipy, sklearn, matplotlib'], { encoding: 'utf8' });
  return probe.status === 0;
}

/** One Python process for all cases: the imports (pandas, sklearn) dominate the cost of each run. */
export function runPlanned(input: RunPlannedInput): { results: Record<string, PlannedRun>; references: Record<string, WelchReference> } {
  const child = spawnSync(SYSTEM_PYTHON, [DRIVER], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, MPLBACKEND: 'Agg', PYTHONHASHSEED: '0', PYTHONIOENCODING: 'utf-8' },
    timeout: 240_000,
  });
  if (child.status !== 0) throw new Error(`run_planned.py failed (${child.status ?? child.signal}):\n${child.stderr}`);
  return JSON.parse(child.stdout) as { results: Record<string, PlannedRun>; references: Record<string, WelchReference> };
}
