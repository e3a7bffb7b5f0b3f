// The usual server-side design: a fresh CPython process per execution. The twin's interpreter (the browser's
// versions) runs the same standard-library workload as the warm kernel, started the way an executor would start it
// (a new process, isolated mode), and once more importing pandas first, as a data-analysis executor must.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { percentile, row } from '../support/figures.mjs';
import { STDLIB_WORKLOAD } from './kernel.mjs';

function interpreter() {
  const twin = spawnSync('scripts/browser-runtime/twin-dir.sh', { encoding: 'utf8' });
  const root = twin.status === 0 ? twin.stdout.trim() : '';
  if (root && existsSync(path.join(root, '.twin-complete')) && process.getuid?.() === 0) {
    return { command: 'chroot', prefix: [root, '/usr/bin/python3'], label: 'twin CPython' };
  }
  return { command: 'python3', prefix: [], label: 'host python3 (no twin)' };
}

function timeRuns({ command, prefix, code, runs }) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(command, [...prefix, '-I', '-c', code], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
    times.push(performance.now() - started);
  }
  return times;
}

export function measureCpythonProcess({ kernelWorkloadMs }) {
  const python = interpreter();
  const plain = timeRuns({ ...python, code: STDLIB_WORKLOAD, runs: 15 });
  const withPandas = timeRuns({ ...python, code: `import pandas\n${STDLIB_WORKLOAD}`, runs: 5 });
  const ratio = percentile(plain, 50) / percentile(kernelWorkloadMs, 50);
  return [
    row({ name: `fresh process per run (${python.label}), same workload`, unit: 'ms', samples: plain }),
    row({ name: `fresh process per run + import pandas`, unit: 'ms', samples: withPandas }),
    row({ name: 'fresh process / warm kernel (median ratio)', unit: 'x', value: ratio, note: 'above 1: the warm kernel is faster' }),
  ];
}
