import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleFigureRequest } from '@/lib/share/server/analysis-routes';
import { saveAnalysis } from '@/lib/share/server/save-analysis';
import { getSharedAnalysis } from '@/lib/share/server/shared-analysis';
import { newOwner, PNG_3X2, runResult, sampleInput } from '@/lib/share/test-support/analysis-fixture';
import { buildMarkdownReport } from '@/lib/export/export-markdown';
import { buildNotebook } from '@/lib/export/export-notebook';
import { exportFigures } from '@/lib/export/export-files';
import { exportSourceFromRecord, withFigureData } from '@/lib/export/export-source';
import { runPython } from '@/lib/export/test-support/export-fixture';
import { setupLocalFromEnv } from '@/lib/storage/test-support/local-fixture';
import type { JsonObject } from '@/lib/kernel/vega-spec';

/** A chart result saved with its browser-drawn PNG: stored, served by the figure route, used by the exports. */

const SPEC = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: {
    values: [
      { region: 'North', units: 3 },
      { region: 'South', units: 4 },
    ],
  },
  mark: 'bar',
  encoding: { x: { field: 'region', type: 'nominal' }, y: { field: 'units', type: 'quantitative' } },
};
const MIME = 'application/vnd.vegalite.v6+json' as const;
const VALIDATE = 'import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print("valid")';

function chartInput(spec: JsonObject, png?: { pngBase64: string; width: number; height: number }) {
  const input = sampleInput({ datasetIds: [], variables: [] });
  input.turns = [
    {
      ...input.turns[0]!,
      attempts: [{ number: 1, code: 'chart', result: runResult({ result: { kind: 'chart', mime: MIME, spec, ...(png ? { png } : {}) } }) }],
    },
  ];
  return input;
}

describe('saving and exporting a chart', () => {
  let fixture: Awaited<ReturnType<typeof setupLocalFromEnv>>;
  beforeAll(async () => {
    fixture = await setupLocalFromEnv();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it('stores the spec in the record and the PNG beside the figures, served by the figure route', async () => {
    const record = await saveAnalysis({
      storage: fixture.driver,
      ownerHash: newOwner().hash,
      input: chartInput(SPEC, { pngBase64: PNG_3X2, width: 600, height: 400 }),
    });
    const result = record.turns[0]!.attempts[0]!.result;
    expect(result).toEqual({ kind: 'chart', mime: MIME, spec: SPEC, png: { key: `analyses/${record.id}/figures/1-1-chart.png`, width: 3, height: 2 } });
    const response = await handleFigureRequest({ storage: fixture.driver, id: record.id, name: '1-1-chart.png' });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).toString('base64')).toBe(PNG_3X2);
    expect((await handleFigureRequest({ storage: fixture.driver, id: record.id, name: '1-2-chart.png' })).status).toBe(404);
  });

  it('refuses a chart image that is not a PNG, naming it', async () => {
    const fake = { pngBase64: Buffer.from('<svg onload=alert(1)>').toString('base64'), width: 1, height: 1 };
    await expect(saveAnalysis({ storage: fixture.driver, ownerHash: newOwner().hash, input: chartInput(SPEC, fake) })).rejects.toThrow(
      /chart image of question 1, attempt 1 was refused/,
    );
  });

  it('exports: .md links the PNG, .ipynb carries the Vega-Lite mime and the PNG in one output', async () => {
    const record = await saveAnalysis({
      storage: fixture.driver,
      ownerHash: newOwner().hash,
      input: chartInput(SPEC, { pngBase64: PNG_3X2, width: 3, height: 2 }),
    });
    const shared = await getSharedAnalysis({ storage: fixture.driver, id: record.id });
    if (!shared.ok) throw new Error(shared.message);
    const source = await withFigureData({
      source: exportSourceFromRecord({ record: shared.record }),
      load: async (figure) => {
        const name = figure.path.slice('figures/'.length);
        return Buffer.from(await (await handleFigureRequest({ storage: fixture.driver, id: record.id, name })).arrayBuffer()).toString('base64');
      },
    });
    expect(buildMarkdownReport({ source })).toContain('![Chart of question 1](figures/1-1-chart.png)');
    expect(exportFigures({ source }).map((file) => file.path)).toEqual(['figures/1-1-chart.png']);
    const outputs = buildNotebook({ source }).cells.flatMap((cell) => (cell.cell_type === 'code' ? cell.outputs : []));
    const chart = outputs.find((output) => output.output_type === 'execute_result');
    expect(chart?.output_type === 'execute_result' && chart.data).toEqual({
      [MIME]: SPEC,
      'image/png': PNG_3X2,
      'text/plain': ['<a Vega-Lite chart (bar, 2 data rows)>'],
    });
    // A JSON mime type carries an object, not lines of text: nbformat's schema (in the twin runtime) agrees.
    const folder = await mkdtemp(path.join(os.tmpdir(), 'chart-notebook-'));
    try {
      await writeFile(path.join(folder, 'chart.ipynb'), JSON.stringify(buildNotebook({ source })));
      const run = runPython({ args: ['-c', VALIDATE, path.join(folder, 'chart.ipynb')], cwd: folder });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('valid');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('keeps a hostile spec out of the notebook (a viewer would load its URL) and says so in .md', async () => {
    const hostile = { ...SPEC, data: { url: 'https://evil.example/collect' } };
    const record = await saveAnalysis({ storage: fixture.driver, ownerHash: newOwner().hash, input: chartInput(hostile) });
    const shared = await getSharedAnalysis({ storage: fixture.driver, id: record.id });
    if (!shared.ok) throw new Error(shared.message);
    const source = exportSourceFromRecord({ record: shared.record });
    const outputs = buildNotebook({ source }).cells.flatMap((cell) => (cell.cell_type === 'code' ? cell.outputs : []));
    const chart = outputs.find((output) => output.output_type === 'execute_result');
    expect(chart?.output_type === 'execute_result' && Object.keys(chart.data)).toEqual(['text/plain']);
    expect(JSON.stringify(buildNotebook({ source }))).not.toContain('evil.example');
    expect(buildMarkdownReport({ source })).toContain('interactive only, open the analysis to see it');
  });
});
