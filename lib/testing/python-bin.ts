/**
 * Test-only: the interpreter that Vitest tests spawn to run Python (the export runs, the offline planner's programs,
 * literal round trips).
 *
 * The default is the twin runtime's launcher, scripts/browser-runtime/python: CPython inside a chroot with the browser's
 * versions (Python 3.14, pandas 3, numpy 2.4; NOTES.md "The twin runtime"), built by scripts/browser-runtime/ensure-twin.sh
 * (.ci/run calls it). Those tests assert pandas-3 behaviour, so there is deliberately no quiet fallback to the
 * machine's own python3: without the twin they fail and the launcher says how to build it. PYTHON_BIN overrides the
 * interpreter (e.g. to see what another Python does), at the price of those assertions.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const TWIN_PYTHON = path.resolve(__dirname, '../../scripts/browser-runtime/python');

export const PYTHON_BIN = process.env.PYTHON_BIN || TWIN_PYTHON;

/** Throws, with the interpreter's own message, unless PYTHON_BIN can import every module named. */
export function assertPythonHas({ modules }: { modules: string[] }): void {
  const probe = spawnSync(PYTHON_BIN, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8', timeout: 60_000 });
  if (probe.status !== 0) {
    throw new Error(
      `${PYTHON_BIN} cannot import ${modules.join(', ')} (status ${probe.status ?? probe.signal}):\n${probe.stderr}` +
        `${probe.error ? String(probe.error) : ''}`,
    );
  }
}
