import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Runs a Python script with `input` as JSON on stdin and returns its stdout parsed as JSON, for the callers to check
 * (planner programs and exports under the twin runtime, the eval's truth scripts). The run is deterministic where
 * Python allows: matplotlib without a display (Agg), a fixed hash seed, UTF-8 streams. A script that fails throws
 * with its stderr. Imports nothing of the app, so the eval's bundle can use it too.
 */
export function runPythonJson({
  python,
  script,
  input,
  timeoutMs,
  maxBufferBytes,
}: {
  /** The interpreter (PYTHON_BIN in tests, lib/testing/python-bin.ts). */
  python: string;
  /** Path of the script. */
  script: string;
  input: unknown;
  timeoutMs: number;
  maxBufferBytes: number;
}): unknown {
  const child = spawnSync(python, [script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: maxBufferBytes,
    env: { ...process.env, MPLBACKEND: 'Agg', PYTHONHASHSEED: '0', PYTHONIOENCODING: 'utf-8' },
    timeout: timeoutMs,
  });
  if (child.status !== 0) throw new Error(`${path.basename(script)} failed (${child.status ?? child.signal}):\n${child.stderr}`);
  return JSON.parse(child.stdout);
}
