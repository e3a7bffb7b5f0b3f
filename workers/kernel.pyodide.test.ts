// Tier 3: the kernel (kernel-core + the Python half) on real Pyodide from npm, in Node, with standard-library code.
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from './kernel-core';
import type { StreamChunk } from './kernel-protocol';
import type { PyodideAPI } from 'pyodide';
import { bootNodeKernelWithRuntime } from './testing/node-kernel';

let kernel: Kernel;
let pyodide: PyodideAPI;
const interruptBuffer = new Uint8Array(new SharedArrayBuffer(1));

/** Writes SIGINT (2) into the interrupt buffer from another thread after `delayMs`, as the page does. */
function interruptFromAnotherThread(delayMs: number): Worker {
  return new Worker(
    `const { workerData } = require('node:worker_threads');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.delayMs);
     new Uint8Array(workerData.buffer)[0] = 2;`,
    { eval: true, workerData: { buffer: interruptBuffer.buffer, delayMs } },
  );
}

beforeAll(async () => {
  ({ kernel, pyodide } = await bootNodeKernelWithRuntime({ interruptBuffer }));
});

describe('kernel on Pyodide in Node', () => {
  it('boots the pinned Pyodide and reports versions', () => {
    expect(kernel.info.pyodideVersion).toBe('314.0.7');
    expect(kernel.info.pythonVersion).toMatch(/^3\.\d+\.\d+$/);
    expect(kernel.info.interruptible).toBe(true);
  });

  it('runs standard-library code: stdout, last expression, timings', async () => {
    const result = await kernel.run({ code: 'import statistics\nprint("hello", 6 * 7)\nstatistics.mean([1, 2, 3, 4])' });
    expect(result.status).toBe('ok');
    expect(result.stdout).toBe('hello 42\n');
    expect(result.result).toMatchObject({ kind: 'scalar', value: 2.5 });
    expect(result.timings.executeMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.executeMs);
  });

  it('streams output while running', async () => {
    const chunks: StreamChunk[] = [];
    const result = await kernel.run({ code: 'import time\nfor i in range(3):\n    print(i)\n    time.sleep(0.06)' }, (chunk) => chunks.push(chunk));
    expect(result.stdout).toBe('0\n1\n2\n');
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('0\n1\n2\n');
  });

  it('keeps variables between runs until reset', async () => {
    await kernel.run({ code: 'total = sum(range(10))' });
    const again = await kernel.run({ code: 'result = {"total": total}' });
    expect(again.result).toEqual({ kind: 'json', value: { total: 45 }, truncated: false });
    kernel.reset();
    const afterReset = await kernel.run({ code: 'total' });
    expect(afterReset.status).toBe('python');
    expect(afterReset.error).toMatchObject({ type: 'NameError', line: 1 });
  });

  it('refuses what the policy forbids, saying which rule', async () => {
    const os = await kernel.run({ code: 'import os\nos.listdir("/")' });
    expect(os.status).toBe('policy');
    expect(os.error).toMatchObject({ type: 'PolicyViolation', rule: 'import', line: 1 });
    expect(os.error?.message).toContain('os');

    const bridge = await kernel.run({ code: 'x = 1\nimport js' });
    expect(bridge.status).toBe('policy');
    expect(bridge.error?.line).toBe(2);

    const evalCall = await kernel.run({ code: 'eval("1+1")' });
    expect(evalCall.status).toBe('policy');
    expect(evalCall.error?.rule).toBe('call');

    const dunder = await kernel.run({ code: '().__class__.__base__.__subclasses__()' });
    expect(dunder.status).toBe('policy');
    expect(dunder.error?.rule).toBe('dunder');
  });

  it('leaves Python no JavaScript bridge, even past the AST policy', () => {
    // Kernel-internal check (not user code): the modules are gone from the import system and from sys.modules.
    const probe = pyodide.runPython('import importlib.util, sys\n[importlib.util.find_spec(n) is None and n not in sys.modules for n in ("js", "pyodide_js")]');
    expect(probe.toJs()).toEqual([true, true]);
    probe.destroy();
  });

  it('reports Python errors with the line in the user code', async () => {
    const result = await kernel.run({ code: 'a = 1\nb = {"x": 1}\nb["missing"]' });
    expect(result.status).toBe('python');
    expect(result.error).toMatchObject({ type: 'KeyError', line: 3 });
    expect(result.error?.traceback).not.toContain('kernel_runner');
  });

  it('interrupts `while True: pass` from another thread and stays usable with its state', async () => {
    await kernel.run({ code: 'kept = "still here"' });
    const interrupter = interruptFromAnotherThread(300);
    const started = performance.now();
    const result = await kernel.run({ code: 'n = 0\nwhile True:\n    n += 1' });
    const elapsed = performance.now() - started;
    await interrupter.terminate();
    expect(result.status).toBe('interrupted');
    expect(elapsed).toBeLessThan(5000);
    const next = await kernel.run({ code: 'result = kept' });
    expect(next.status).toBe('ok');
    expect(next.result).toMatchObject({ kind: 'scalar', value: 'still here' });
  });

  it('turns an unreachable package mirror into a load error naming the package and the URL', async () => {
    const result = await kernel.run({ code: 'import pandas as pd\npd.DataFrame()' });
    expect(result.status).toBe('load');
    expect(result.error?.type).toBe('PackageLoadError');
    expect(result.error?.message).toContain('"pandas"');
    expect(result.error?.message).toContain('http://127.0.0.1:9/unreachable-mirror/pandas-');
    expect(result.error?.hint).toContain('PYODIDE_PACKAGES_URL');
    // One reason, said once, with the dependencies that failed alongside.
    expect(result.error?.message).not.toContain('The following error occurred');
    expect(result.error?.message).toMatch(/dependencies .*numpy/);
  });

  it('mounts files under /data for the csv module', async () => {
    const csv = new TextEncoder().encode('city,sales\nOslo,10\nLima,32\n');
    const mounted = kernel.mountFiles([{ name: 'sales.csv', data: csv.buffer.slice(0) as ArrayBuffer }]);
    expect(mounted).toEqual([{ name: 'sales.csv', path: '/data/sales.csv', bytes: csv.byteLength }]);
    const result = await kernel.run({
      code: 'import csv\nwith open("/data/sales.csv") as f:\n    rows = list(csv.DictReader(f))\nresult = sum(int(r["sales"]) for r in rows)',
    });
    expect(result.status).toBe('ok');
    expect(result.result).toMatchObject({ kind: 'scalar', value: 42 });
    expect(() => kernel.mountFiles([{ name: '../etc/passwd', data: new ArrayBuffer(1) }])).toThrow(/path separators/);
  });

  it('binds a mounted file to df1 lazily: unreferenced it costs nothing, referenced it needs pandas', async () => {
    const csv = new TextEncoder().encode('a,b\n1,2\n');
    const mounted = kernel.mountFiles([
      { name: 'ab.csv', data: csv.buffer.slice(0) as ArrayBuffer, binding: { variable: 'df1', format: 'csv', options: { delimiter: ',' } } },
    ]);
    expect(mounted[0]).toMatchObject({ path: '/data/ab.csv', variable: 'df1' });
    const untouched = await kernel.run({ code: 'print("no dataframe needed")' });
    expect(untouched.status).toBe('ok');
    const needsPandas = await kernel.run({ code: 'result = df1.shape' });
    expect(needsPandas.status).toBe('load');
    expect(needsPandas.error?.message).toContain('"pandas"');
    expect(() => kernel.mountFiles([{ name: 'x.csv', data: new ArrayBuffer(1), binding: { variable: 'df1; import os', format: 'csv' } }])).toThrow(
      /identifier/,
    );
  });
});

afterAll(() => {
  kernel?.reset();
});
