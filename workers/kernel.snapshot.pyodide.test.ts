// Tier 3: a kernel booted from the boot snapshot (scripts/boot-snapshot.mjs, what the browser restores instead of
// starting Python) is the same kernel: it runs code, and our bootstrap still ran on top of it — the JavaScript bridge is
// gone and the import rule holds.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PyodideAPI } from 'pyodide';
import { makeBootSnapshot } from '@/scripts/boot-snapshot.mjs';
import type { Kernel } from './kernel-core';
import { bootNodeKernel, bootNodeKernelWithRuntime } from './testing/node-kernel';

let kernel: Kernel;
let pyodide: PyodideAPI;

beforeAll(async () => {
  const snapshot = await makeBootSnapshot({ pyodideDir: path.resolve(__dirname, '..', 'node_modules', 'pyodide') });
  ({ kernel, pyodide } = await bootNodeKernelWithRuntime({ snapshot }));
}, 120_000);

describe('kernel booted from the boot snapshot', () => {
  it('runs standard-library code and binds a mounted file', async () => {
    kernel.mountFiles([{ name: 'sales.csv', data: new TextEncoder().encode('region,units\nNorth,14\nSouth,9\n').buffer }]);
    const result = await kernel.run({
      code: 'import csv, statistics\nrows = list(csv.DictReader(open("/data/sales.csv")))\nprint(statistics.mean(int(r["units"]) for r in rows))',
    });
    expect(result.status).toBe('ok');
    expect(result.stdout).toBe('11.5\n');
  });

  it('has the environment the boot passes (the snapshot bakes it in)', () => {
    expect(String(pyodide.runPython('import os; os.environ.get("MPLBACKEND", "")'))).toBe('Agg');
  });

  it('still severs the JavaScript bridge and refuses it by the import rule', async () => {
    const modules = String(pyodide.runPython('import sys; ",".join(sorted(m for m in sys.modules if m.split(".")[0] in ("js", "pyodide_js")))'));
    expect(modules).toBe('');
    const result = await kernel.run({ code: 'import js' });
    expect(result.status).toBe('policy');
    expect(result.error?.rule).toBe('import');
  });

  it('calls C through the trampoline this runtime chose, as a kernel that started Python itself does', async () => {
    // The snapshot carries the choice of the runtime that made it (call-trampoline.ts); the boot puts this one's back.
    const fresh = await bootNodeKernel();
    expect(kernel.info.callTrampoline).toMatch(/^(wasm|javascript)$/);
    expect(kernel.info.callTrampoline).toBe(fresh.info.callTrampoline);
  }, 120_000);
});
