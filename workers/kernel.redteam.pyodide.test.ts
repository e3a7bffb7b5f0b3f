// Tier 3: the guardrail red-team corpus (e2e/redteam/*.json) through the real kernel on Pyodide in Node, and the
// Pyodide-only holes: the kernel's module folder and site-packages are not writable, the FFI is not importable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PyodideAPI } from 'pyodide';
import type { Kernel } from './kernel-core';
import type { RunResult } from './kernel-protocol';
import { bootNodeKernelWithRuntime } from './testing/node-kernel';
import { classifyRun, formatTable, summarize, guardrailPrograms, type CorpusRow } from '@/e2e/redteam/guardrail-programs';
import { ordinaryFiles, ordinaryPrograms } from '@/e2e/redteam/ordinary-programs';

let kernel: Kernel;
let pyodide: PyodideAPI;

beforeAll(async () => {
  ({ kernel, pyodide } = await bootNodeKernelWithRuntime({ limits: { maxStreamChars: 20_000 } }));
  kernel.mountFiles(Object.entries(ordinaryFiles).map(([name, text]) => ({ name, data: new TextEncoder().encode(text).buffer as ArrayBuffer })));
});

function errorText(result: RunResult): string {
  return result.error ? `${result.error.type}: ${result.error.message}` : '';
}

/** Switches the AST check off behind the kernel's back (test harness only), to reach what only the runtime guards stop. */
function withoutAstCheck<T>(task: () => Promise<T>): Promise<T> {
  pyodide.runPython('import kernel_policy as _kp, kernel_checker as _kc\n_kp.check_tree = lambda tree, policy: []');
  return task().finally(() => pyodide.runPython('_kp.check_tree = _kc.check_tree'));
}

describe('guardrail red-team corpus on Pyodide in Node', () => {
  it('refuses or contains every hostile program and runs every ordinary one', async () => {
    const rows: CorpusRow[] = [];
    for (const program of guardrailPrograms) {
      kernel.reset();
      const result = await kernel.run({ code: program.code });
      const outcome = classifyRun({ status: result.status, stdout: result.stdout, errorText: errorText(result) });
      rows.push({
        id: program.id,
        technique: program.technique,
        expect: program.expect,
        outcome,
        status: result.status,
        detail: errorText(result).slice(0, 160) || result.stdout.slice(0, 80),
      });
    }
    const falsePositives: string[] = [];
    for (const program of ordinaryPrograms) {
      kernel.reset();
      const result = await kernel.run({ code: program.code });
      if (result.status !== 'ok') falsePositives.push(`${program.id}: ${errorText(result)}`);
    }
    console.log(formatTable('Pyodide in Node', rows, { total: ordinaryPrograms.length, falsePositives }));
    const { counts, mismatches } = summarize(rows);
    expect(counts.escaped).toBe(0);
    expect(counts.unclear).toBe(0);
    expect(mismatches).toEqual([]);
    expect(falsePositives).toEqual([]);
  });

  it('keeps the kernel module folder and site-packages read-only for user code, even past the AST check', async () => {
    for (const target of ['/kernel/planted.py', '/lib/python3.14/site-packages/planted.py', '/home/pyodide/planted.py']) {
      const result = await withoutAstCheck(() => kernel.run({ code: `import io\nio.FileIO(${JSON.stringify(target)}, 'w').write(b'x = 1')` }));
      expect(result.status, target).toBe('policy');
      expect(result.error?.rule).toBe('file');
      expect(pyodide.FS.analyzePath(target).exists).toBe(false);
    }
    // Emscripten's file system enforces the mode bits too: the Python audit hook is not the only lock on /kernel.
    expect(() => pyodide.FS.writeFile('/kernel/planted.py', 'x = 1')).toThrow();
  });

  it('refuses a module written by user code when it is imported, even past the AST check', async () => {
    const result = await withoutAstCheck(() =>
      kernel.run({
        code: "import io, statistics\nio.FileIO('/data/planted_mod.py', 'w').write(b'print(1)')\nstatistics.sys.path.insert(0, '/data')\nimport planted_mod",
      }),
    );
    expect(result.status).toBe('policy');
    expect(result.error?.rule).toBe('import');
    const shadow = await withoutAstCheck(() =>
      kernel.run({
        code: "import io, statistics\nio.FileIO('/data/heapq.py', 'w').write(b'print(1)')\nstatistics.sys.modules.pop('heapq', None)\nimport heapq",
      }),
    );
    expect(shadow.status).toBe('policy');
    expect(shadow.error?.message).toContain("'/data");
    pyodide.runPython("import sys\nsys.path[:] = [p for p in sys.path if p != '/data']");
  });

  it("refuses Pyodide's FFI and the event loop with clear messages, even past the AST check", async () => {
    for (const module of ['pyodide', 'pyodide.ffi', 'pyodide.webloop', '_pyodide', '_pyodide_core', 'pyodide_js', 'js', 'asyncio']) {
      const result = await withoutAstCheck(() => kernel.run({ code: `import ${module}` }));
      expect(result.status, module).toBe('policy');
      expect(result.error?.rule).toBe('import');
      expect(result.error?.message).toMatch(/is refused \(import rule\): (the JavaScript bridge|the event loop)/);
    }
  });

  it('keeps the path clean: no writable folder on sys.path in Pyodide', () => {
    const path = z.array(z.string()).parse(JSON.parse(String(pyodide.runPython('import sys, json\njson.dumps(sys.path)'))));
    expect(path).toContain('/kernel');
    expect(path.filter((entry) => entry === '' || entry.startsWith('/home/pyodide') || entry.startsWith('/data') || entry.startsWith('/tmp'))).toEqual([]);
  });
});

afterAll(() => {
  kernel?.reset();
});
