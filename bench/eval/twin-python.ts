/** The eval's two Python steps (eval_truth.py, eval_run.py), each one process under the twin runtime. */
import { runPythonJson } from '@/lib/testing/python-json';
import path from 'node:path';

// run-eval.mjs starts the bundle from the project root.
export const REPO = process.cwd();
const PYTHON = process.env.PYTHON_BIN || path.join(REPO, 'scripts/browser-runtime/python');

/** Runs a script of bench/eval with JSON on stdin; returns its parsed stdout (checked by the caller). */
export function runTwinScript({ script, input }: { script: string; input: unknown }): unknown {
  return runPythonJson({ python: PYTHON, script: path.join(REPO, 'bench/eval', script), input, timeoutMs: 900_000, maxBufferBytes: 256 * 1024 * 1024 });
}
