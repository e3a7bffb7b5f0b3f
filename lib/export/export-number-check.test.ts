import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAnswerNumbers } from '@/lib/answer/number-check';
import { toResultValue } from '@/lib/share/saved-outputs';
import { rewriteDataPaths } from './data-paths';
import { buildMarkdownReport } from './export-markdown';
import { buildNotebook } from './export-notebook';
import { buildPythonScript } from './export-python';
import type { ExportSource } from './export-source';
import { dataFolder, runPython, SOURCE } from './test-support/export-fixture';

/**
 * The answer's number check travels into the Markdown report and the notebook; code that reads a file by its kernel
 * path (/data/<name>) reads it from the export's data folder.
 */

function withAnswers(answers: string[]): ExportSource {
  return {
    ...SOURCE,
    turns: SOURCE.turns.map((turn, index) => {
      const answer = answers[index] ?? turn.answer;
      const run = turn.final ? { stdout: turn.final.stdout, result: turn.final.result ? toResultValue(turn.final.result) : null } : null;
      return { ...turn, answer, numberCheck: checkAnswerNumbers({ question: turn.question, answer, run }) };
    }),
  };
}

// Question 1 printed "regions 2" and its result has Nord 5.5 and Süd 2.25; question 2's result is 70.
const SOURCE_WITH_FLAGS = withAnswers(['Nord sold 5.5 and Süd 12.5.', 'Nothing to count here.']);

describe('number check in exports', () => {
  it('the Markdown report flags each number found in no output and says when there is nothing to check', () => {
    const report = buildMarkdownReport({ source: SOURCE_WITH_FLAGS });
    const question1 = report.slice(report.indexOf('## Question 1'), report.indexOf('## Question 2'));
    const question2 = report.slice(report.indexOf('## Question 2'), report.indexOf('## Question 3'));
    expect(question1).toContain('**Number check**');
    expect(question1).toContain('- ⚠ 12.5 not found in the outputs');
    expect(question1).not.toContain('⚠ 5.5');
    expect(question2).toContain('_Number check: No numbers to check: this answer states no numbers to look up in the outputs._');
  });

  it('the notebook keeps the flags in the answer cell', () => {
    const notebook = buildNotebook({ source: SOURCE_WITH_FLAGS });
    const answer = (id: string) => notebook.cells.find((cell) => cell.id === id)?.source.join('') ?? '';
    expect(answer('answer-1')).toContain('- ⚠ 12.5 not found in the outputs');
    expect(answer('answer-2')).toContain('No numbers to check');
    // A turn whose every number is found says so.
    const clean = buildNotebook({ source: withAnswers(['Nord sold 5.5.']) });
    expect(clean.cells.find((cell) => cell.id === 'answer-1')?.source.join('')).toContain('Every number in this answer (1) was found in the outputs.');
  });
});

describe('kernel data paths in exported code', () => {
  it('rewrites plain and f-string literals that start with /data, and nothing else', () => {
    const code = [
      'a = pd.read_csv("/data/sales.csv")',
      "b = pd.read_csv(r'/data/sub dir/x.csv')",
      'c = f"/data/{name}"',
      'd = "/database/x"  # "/data/in a comment"',
      'e = b"/data/raw"',
      'f = "/data/" "glued.csv"',
      'g = "/data"',
    ].join('\n');
    expect(rewriteDataPaths(code).split('\n')).toEqual([
      'a = pd.read_csv(data_path("sales.csv"))',
      "b = pd.read_csv(data_path(r'sub dir/x.csv'))",
      'c = f"{DATA_DIR}/{name}"',
      'd = "/database/x"  # "/data/in a comment"',
      'e = b"/data/raw"',
      'f = "/data/" "glued.csv"',
      'g = data_path("")',
    ]);
  });

  it('an exported script that read /data/<file> in the browser reads data/<file> next to it under CPython, or says which file is missing', async () => {
    const dataset = SOURCE.datasets[1]!;
    const source: ExportSource = {
      ...SOURCE,
      turns: [
        {
          number: 1,
          question: 'Same as df2?',
          answer: '',
          attemptCount: 1,
          final: {
            ...SOURCE.turns[0]!.final!,
            stdout: '',
            result: null,
            code: `raw = pd.read_csv("/data/${dataset.fileName}", sep="\\t", header=None)\nprint("same", len(raw) == len(df2), raw.iloc[:, 1].sum() == df2["column_2"].sum())`,
          },
        },
      ],
    };
    const root = await dataFolder();
    try {
      await fs.writeFile(path.join(root, 'analysis.py'), buildPythonScript({ source }));
      const run = runPython({ args: [path.join(root, 'analysis.py')], cwd: path.dirname(root) });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('same True True');
      await fs.rm(path.join(root, 'data', dataset.fileName));
      const missing = runPython({ args: [path.join(root, 'analysis.py')], cwd: path.dirname(root) });
      expect(missing.status).not.toBe(0);
      expect(missing.stderr).toContain(`FileNotFoundError: Put the data file '${dataset.fileName}' (uploaded as '${dataset.displayName}') into`);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
