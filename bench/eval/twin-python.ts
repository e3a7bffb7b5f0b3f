/** The eval's two Python steps (eval_truth.py, eval_run.py), each one process under the twin runtime. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

// run-eval.mjs starts the bundle from the project root.
export const REPO = process.cwd();
const PYTHON = process.env.PYTHON_BIN || path.join(REPO, 'scripts/browser-runtime/python');

/** Runs a script of bench/eval with JSON on stdin; returns its parsed stdout (checked by the caller). */
export function runTwinScript({ script, input }: { script: string; input: unknown }): unknown {
  const child = spawnSync(PYTHON, [path.join(REPO, 'bench/eval', script)], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, MPLBACKEND: 'Agg', PYTHONHASHSEED: '0', PYTHONIOENCODING: 'utf-8' },
    timeout: 900_000,
  });
  if (child.status !== 0) throw new Error(`${script} failed (${child.status ?? child.signal}):\n${child.stderr}`);
  return JSON.parse(child.stdout);
}
