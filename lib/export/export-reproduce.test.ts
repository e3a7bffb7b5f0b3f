import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDataset, type PreparedDataset } from '@/bench/eval/prepare-data';
import { analysisRecordSchema, type AnalysisRecord, type SavedDataset } from '@/lib/share/analysis-record';
import { assertPythonHas, PYTHON_BIN, TWIN_PYTHON } from '@/lib/testing/python-bin';
import { runPythonJson } from '@/lib/testing/python-json';
import type { RunResult } from '@/workers/kernel-protocol';
import { exportNotebook, exportPython, exportSourceFromRecord } from './index';

/**
 * A conversation over four real files (statsmodels' datasets from the twin runtime, registered through the catalog's
 * sniffer as an upload would be) in which df1 is bound to three different files: each question's code runs through
 * the kernel's Python half (run_conversation.py) to produce the saved outputs, the record is exported as .py and
 * .ipynb, and both exports are run with plain CPython from their own data folder. Every number the saved analysis
 * shows (printed output and result) must come out of the export at the same question.
 */

const FILES = {
  grunfeld: 'grunfeld/grunfeld.csv',
  longley: 'longley/longley.csv',
  statecrime: 'statecrime/statecrime.csv',
  macro: 'macrodata/macrodata.csv',
} as const;
type Key = keyof typeof FILES;

const QUESTIONS: Array<{ question: string; bind: Array<[string, Key]>; code: string }> = [
  {
    question: 'Which firms invest the most on average?',
    bind: [['df1', 'grunfeld']],
    code: 'top = df1.groupby("firm")["invest"].mean().sort_values(ascending=False).head(4)\nprint("firms", df1["firm"].nunique())\nresult = top.round(2)',
  },
  {
    // df1 is now another file; the code also narrows df1, which the next question must still see.
    question: 'How does total employment follow GNP after 1950?',
    bind: [
      ['df1', 'longley'],
      ['df2', 'statecrime'],
    ],
    code: 'df1 = df1[df1["YEAR"] >= 1950]\nprint("years", int(df1["YEAR"].min()), int(df1["YEAR"].max()))\nround(df1["TOTEMP"].corr(df1["GNP"]), 4)',
  },
  {
    question: 'Which states have the highest poverty, and how many Longley years are left?',
    bind: [
      ['df1', 'longley'],
      ['df2', 'statecrime'],
    ],
    code: 'print("mean poverty", round(df2["poverty"].mean(), 3))\nprint("longley rows", len(df1))\nresult = df2.sort_values("poverty", ascending=False).head(5)[["state", "poverty", "murder"]]',
  },
  {
    question: 'Real GDP per year since 2005, and how big is the Grunfeld panel?',
    bind: [
      ['df1', 'macro'],
      ['df2', 'statecrime'],
      ['df3', 'grunfeld'],
    ],
    code: 'print("grunfeld rows", len(df3))\nresult = df1[df1["year"] >= 2005].groupby("year")["realgdp"].mean().round(1)',
  },
];

const NUMBER = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;

function numbersIn(text: string): number[] {
  return [...text.matchAll(NUMBER)].map((match) => Number(match[0]));
}

/** Every number the saved attempt shows: its printed output and its result (a scalar, or a table's cells). */
function savedNumbers(attempt: AnalysisRecord['turns'][number]['attempts'][number]): number[] {
  const found = numbersIn(attempt.stdout);
  const result = attempt.result;
  if (result?.kind === 'scalar' && typeof result.value === 'number') found.push(result.value);
  if (result?.kind === 'table') for (const row of result.rows) for (const cell of row) if (typeof cell === 'number') found.push(cell);
  return found;
}

/** Printed to the precision pandas shows (6 significant decimals), a number agrees with the saved one. */
function agrees(saved: number, printed: number): boolean {
  return Math.abs(saved - printed) <= 1e-6 * Math.max(1, Math.abs(saved));
}

function twinRoot(): string {
  const out = spawnSync(path.join(path.dirname(TWIN_PYTHON), 'twin-dir.sh'), { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`twin-dir.sh failed: ${out.stderr}`);
  return out.stdout.trim();
}

function runSupportScript<T>({ script, input }: { script: string; input: unknown }): T {
  const scriptPath = path.join(__dirname, 'test-support', script);
  return runPythonJson({ python: PYTHON_BIN, script: scriptPath, input, timeoutMs: 240_000, maxBufferBytes: 64 * 1024 * 1024 }) as T;
}

describe('a saved conversation over four files reproduces under CPython (.py and .ipynb)', () => {
  let root: string;
  let record: AnalysisRecord;
  let exported: { scriptWhole: string; script: Array<{ question: number; output: string }>; notebook: Array<{ question: number; output: string }> };

  beforeAll(async () => {
    assertPythonHas({ modules: ['pandas', 'nbformat'] });
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'export-reproduce-'));
    const sources = path.join(root, 'sources');
    const kernelData = path.join(root, 'kernel-data');
    const exportDir = path.join(root, 'export');
    await Promise.all([sources, kernelData, path.join(exportDir, 'data')].map((dir) => fs.mkdir(dir, { recursive: true })));
    const site = path.join(twinRoot(), 'usr/lib/python3/dist-packages/statsmodels/datasets');
    const prepared = new Map<Key, PreparedDataset>();
    for (const [key, relative] of Object.entries(FILES) as Array<[Key, string]>) {
      const file = path.join(sources, path.basename(relative));
      await fs.copyFile(path.join(site, relative), file);
      const registered = await prepareDataset({ key, file });
      if ('error' in registered) throw new Error(`${key} did not register: ${registered.error}`);
      prepared.set(key, registered);
      // Where the browser kernel mounts it (/data/<kernel file name>) and where the export expects it (data/<same>).
      await fs.copyFile(file, path.join(kernelData, registered.brief.fileName));
      await fs.copyFile(file, path.join(exportDir, 'data', registered.brief.fileName));
    }
    const dataset = (key: Key) => prepared.get(key)!;

    // What the product ran: the same cells on the kernel's Python half, with each question's bindings.
    const runs = runSupportScript<Array<Omit<RunResult, 'timings'> & { executeMs: number }>>({
      script: 'run_conversation.py',
      input: {
        dataDir: kernelData,
        turns: QUESTIONS.map(({ bind, code }) => ({
          code,
          bindings: bind.map(([variable, key]) => ({ ...dataset(key).binding, variable, path: path.join(kernelData, dataset(key).brief.fileName) })),
        })),
      },
    });

    const datasets: SavedDataset[] = [];
    for (const { bind } of QUESTIONS) {
      for (const [variable, key] of bind) {
        const { brief, binding } = dataset(key);
        if (datasets.some((entry) => entry.id === brief.id)) continue;
        const size = (await fs.stat(path.join(kernelData, brief.fileName))).size;
        datasets.push({
          id: brief.id,
          displayName: brief.displayName,
          fileName: brief.fileName,
          variable,
          format: brief.format,
          size,
          options: binding.options ?? {},
        });
      }
    }
    const metrics = { llmCalls: 0, inputTokens: 0, outputTokens: 0, generationMs: 0, fetchMs: 0, runMs: 0, repairAttempts: 0, answerMs: 0 };
    record = analysisRecordSchema.parse({
      version: 1,
      id: 'AAAAAAAAAAAAAAAAAAAAAA',
      title: 'Four files, df1 rebound',
      createdAt: '2026-12-02T00:00:00.000Z',
      updatedAt: '2026-12-02T00:00:00.000Z',
      ownerHash: 'owner',
      visibility: 'link',
      expiresAt: null,
      allowRerun: true,
      datasets,
      turns: QUESTIONS.map(({ question, bind, code }, index) => {
        const run = runs[index]!;
        return {
          question,
          answer: '',
          metrics,
          bindings: bind.map(([variable, key]) => ({ variable, datasetId: dataset(key).brief.id })),
          attempts: [
            {
              number: 1,
              code,
              status: run.status,
              stdout: run.stdout,
              stderr: run.stderr,
              error: run.error,
              figures: [],
              result: run.result,
              timings: { validateMs: 0, loadPackagesMs: 0, executeMs: run.executeMs, totalMs: run.executeMs },
            },
          ],
        };
      }),
      versions: { pyodide: '314.0.7', python: '3.14', packages: ['pandas'] },
    });
    for (const [index, turn] of record.turns.entries())
      expect(turn.attempts[0]!.status, `question ${index + 1}: ${turn.attempts[0]!.error?.message}`).toBe('ok');

    const { record: shared } = { record: (({ ownerHash: _owner, ...rest }) => rest)(record) };
    const source = exportSourceFromRecord({ record: shared });
    const script = path.join(exportDir, 'analysis.py');
    const notebook = path.join(exportDir, 'analysis.ipynb');
    await fs.writeFile(script, exportPython({ source }).content);
    await fs.writeFile(notebook, exportNotebook({ source }).content);
    exported = runSupportScript({ script: 'run_exports.py', input: { script, notebook } });
  }, 300_000);

  afterAll(async () => {
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('uses three files as df1 and four files in all', () => {
    expect(new Set(record.datasets.map((dataset) => dataset.id)).size).toBe(4);
    expect(new Set(record.turns.map((turn) => turn.bindings!.find((binding) => binding.variable === 'df1')!.datasetId)).size).toBe(3);
  });

  it('the script runs as a whole and prints what its questions print one by one', () => {
    expect(exported.scriptWhole).toBe(exported.script.map((part) => part.output).join(''));
    expect(exported.script.map((part) => part.question)).toEqual([1, 2, 3, 4]);
  });

  for (const kind of ['script', 'notebook'] as const) {
    it(`every number of every saved question comes out of the ${kind === 'script' ? '.py' : '.ipynb'} at that question`, () => {
      for (const [index, turn] of record.turns.entries()) {
        const output = exported[kind].find((part) => part.question === index + 1)?.output ?? '';
        const printed = numbersIn(output);
        const wanted = savedNumbers(turn.attempts[0]!);
        expect(wanted.length, `question ${index + 1} shows numbers`).toBeGreaterThan(1);
        const missing = wanted.filter((saved) => !printed.some((value) => agrees(saved, value)));
        expect(missing, `question ${index + 1}: numbers of the saved analysis missing from the export's output:\n${output}`).toEqual([]);
      }
    });
  }
});
