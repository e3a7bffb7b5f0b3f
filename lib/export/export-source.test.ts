import { describe, expect, it } from 'vitest';
import { analysisRecordSchema, type AnalysisRecord } from '@/lib/share/analysis-record';
import { PNG_3X2, runResult } from '@/lib/share/test-support/analysis-fixture';
import type { DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import type { TurnState } from '@/lib/ask/turn-state';
import { exportFigures, fileStem } from './export-files';
import { exportDatasetFromMeta, exportSourceFromRecord, exportSourceFromTurns, withFigureData } from './export-source';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const METRICS = { llmCalls: 0, inputTokens: 0, outputTokens: 0, generationMs: 0, fetchMs: 0, runMs: 0, repairAttempts: 0, answerMs: 0 };
const TIMINGS = { validateMs: 0, loadPackagesMs: 0, executeMs: 0, totalMs: 0 };

function turn({ question, attempts }: { question: string; attempts: TurnState['attempts'] }): TurnState {
  return { id: question, question, phase: 'done', streamingCode: '', attempts, answer: `About ${question}`, metrics: METRICS };
}

const figure = { pngBase64: PNG_3X2, width: 3, height: 2 };
const TURNS: TurnState[] = [
  turn({
    question: 'First?',
    attempts: [
      {
        number: 1,
        code: 'a',
        result: { ...runResult({ figures: [figure, figure] }), stdoutTruncated: false, stderrTruncated: false, figuresDropped: 0, packagesLoaded: [] },
      },
    ],
  }),
  turn({
    question: 'Second?',
    attempts: [
      {
        number: 1,
        code: 'b',
        result: { ...runResult({ status: 'python' }), stdoutTruncated: false, stderrTruncated: false, figuresDropped: 0, packagesLoaded: [] },
      },
      {
        number: 2,
        code: 'c',
        result: { ...runResult({ figures: [figure] }), stdoutTruncated: false, stderrTruncated: false, figuresDropped: 0, packagesLoaded: [] },
      },
      { number: 3, code: 'cancelled before it ran' },
    ],
  }),
  turn({ question: 'Nothing ran', attempts: [] }),
];

/** The record saving TURNS would produce (figure keys named by position, as save-analysis.ts does). */
/** A saved attempt that printed nothing and returned nothing, with 3×2 figures stored under `figureKeys`. */
const savedAttempt = ({ number, code, status, figureKeys }: { number: number; code: string; status: 'ok' | 'python'; figureKeys: string[] }) => ({
  number,
  code,
  status,
  stdout: '',
  stderr: '',
  error: null,
  result: null,
  timings: TIMINGS,
  figures: figureKeys.map((key) => ({ key, width: 3, height: 2 })),
});

const RECORD: AnalysisRecord = analysisRecordSchema.parse({
  version: 1,
  id: ID,
  title: 'First?',
  createdAt: '2026-03-01T12:00:00.000Z',
  updatedAt: '2026-03-01T12:00:00.000Z',
  ownerHash: 'f'.repeat(64),
  visibility: 'link',
  expiresAt: null,
  allowRerun: false,
  datasets: [{ id: 'd', displayName: 'x.csv', fileName: 'x-d.csv', variable: 'df1', format: 'csv', size: 3 }],
  turns: [
    {
      question: 'First?',
      answer: 'About First?',
      metrics: METRICS,
      attempts: [savedAttempt({ number: 1, code: 'a', status: 'ok', figureKeys: [1, 2].map((n) => `analyses/${ID}/figures/1-1-${n}.png`) })],
    },
    {
      question: 'Second?',
      answer: 'About Second?',
      metrics: METRICS,
      attempts: [
        savedAttempt({ number: 1, code: 'b', status: 'python', figureKeys: [] }),
        savedAttempt({ number: 2, code: 'c', status: 'ok', figureKeys: [`analyses/${ID}/figures/2-2-1.png`] }),
      ],
    },
    { question: 'Nothing ran', answer: 'About Nothing ran', metrics: METRICS, attempts: [] },
  ],
  versions: { pyodide: '314.0.7', python: '3.14.0', packages: [] },
});

describe('export sources', () => {
  it('name figures the same before and after saving, and keep only final attempts', () => {
    const unsaved = exportSourceFromTurns({ turns: TURNS, datasets: [], versions: RECORD.versions });
    const saved = exportSourceFromRecord({ record: RECORD });
    const paths = (source: typeof saved) => source.turns.map((entry) => entry.final?.figures.map((item) => item.path) ?? null);
    expect(paths(unsaved)).toEqual([['figures/1-1-1.png', 'figures/1-1-2.png'], ['figures/2-2-1.png'], null]);
    expect(paths(saved)).toEqual(paths(unsaved));
    expect(unsaved.turns.map((entry) => [entry.final?.code ?? null, entry.attemptCount])).toEqual([
      ['a', 1],
      ['c', 2],
      [null, 0],
    ]);
    expect(saved.turns.map((entry) => [entry.final?.code ?? null, entry.attemptCount])).toEqual([
      ['a', 1],
      ['c', 2],
      [null, 0],
    ]);
    expect(saved.turns[1]!.final!.figures[0]!.url).toBe(`/api/analyses/${ID}/figures/2-2-1.png`);
    expect(saved.datasets).toEqual([{ displayName: 'x.csv', fileName: 'x-d.csv', variable: 'df1', format: 'csv', size: 3 }]);
  });

  it('loads figure bytes for saved analyses, then exports each figure as a PNG file', async () => {
    const saved = exportSourceFromRecord({ record: RECORD });
    expect(exportFigures({ source: saved })).toEqual([]);
    const requested: string[] = [];
    const loaded = await withFigureData({
      source: saved,
      load: async (item) => {
        requested.push(item.url!);
        return PNG_3X2;
      },
    });
    expect(requested).toEqual([1, 2].map((n) => `/api/analyses/${ID}/figures/1-1-${n}.png`).concat(`/api/analyses/${ID}/figures/2-2-1.png`));
    const files = exportFigures({ source: loaded });
    expect(files.map((file) => [file.fileName, file.path, file.mimeType])).toEqual([
      ['1-1-1.png', 'figures/1-1-1.png', 'image/png'],
      ['1-1-2.png', 'figures/1-1-2.png', 'image/png'],
      ['2-2-1.png', 'figures/2-2-1.png', 'image/png'],
    ]);
    expect(Buffer.from(files[0]!.content as Uint8Array).toString('base64')).toBe(PNG_3X2);
  });

  it('describes a catalog dataset with the kernel’s file name and reading options', () => {
    const meta = {
      id: 'AbCdEfGhIjKlMnOpQrStUw',
      displayName: 'Ventes région.csv',
      format: 'csv',
      size: 10,
      delimiter: ';',
      encoding: 'latin-1',
      decimalSeparator: ',',
      hasHeader: true,
      columns: [{ name: 'a', type: 'string', nullable: false }],
      columnCount: 1,
    } as unknown as DatasetMeta;
    expect(exportDatasetFromMeta({ meta, variable: 'df2' })).toEqual({
      variable: 'df2',
      displayName: 'Ventes région.csv',
      fileName: 'Ventes_region-AbCdEfGh.csv',
      format: 'csv',
      size: 10,
      options: { delimiter: ';', encoding: 'latin-1', decimal: ',', hasHeader: true, names: ['a'] },
    });
  });

  it('makes ASCII file stems from any title', () => {
    expect(fileStem({ source: { title: 'Ventes: région 2024 / Q1!' } })).toBe('ventes-region-2024-q1');
    expect(fileStem({ source: { title: '売上' } })).toBe('analysis');
    expect(fileStem({ source: { title: '../../etc/passwd' } })).toBe('etc-passwd');
  });
});
