import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALES_CSV, TEST_OWNER, uploadDataset } from '@/lib/files/test-support/dataset-fixture';
import { exportSourceFromRecord } from '@/lib/export';
import { planBindings } from '@/lib/export/export-bindings';
import type { ContractFixture } from '@/lib/storage/test-support/storage-contract';
import { setupLocalFromEnv } from '@/lib/storage/test-support/local-fixture';
import { getRerunDownloads, saveAnalysis, setAllowRerun } from './server/analysis-service';
import type { SaveAnalysisInput } from './save-input';
import { savedNumberCheck, turnBindings } from './saved-bindings';
import { expectAnalysisError, sampleInput } from './test-support/analysis-fixture';

/**
 * Per-question bindings and number checks in the saved record: stored as the save sends them (checked against the
 * record's datasets), read back by re-runs and exports, and read from older records without them as before.
 */

const now = new Date('2026-03-01T12:00:00.000Z');

describe('saved analyses: per-question bindings and number checks', () => {
  let fixture: ContractFixture;
  let a: string;
  let b: string;
  beforeAll(async () => {
    fixture = await setupLocalFromEnv();
    a = (await uploadDataset({ fixture, fileName: 'A.csv', body: SALES_CSV })).dataset.id;
    b = (await uploadDataset({ fixture, fileName: 'B.csv', body: 'region,units\nWest,12\n' })).dataset.id;
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
  });

  /** Question 1 reads A as df1; question 2 reads B as df1 (and its answer states 12.5, which no output has). */
  function rebinding(): SaveAnalysisInput {
    const base = sampleInput();
    return {
      ...base,
      datasetIds: [a, b],
      variables: ['df1', 'df1'],
      turns: [
        { ...base.turns[0]!, bindings: [{ variable: 'df1', datasetId: a }] },
        { ...base.turns[1]!, answer: 'About 12.5, up from 2.25.', bindings: [{ variable: 'df1', datasetId: b }] },
      ],
    };
  }

  it('stores each question’s bindings and its number check, and re-runs bind each question’s own file', async () => {
    const record = await saveAnalysis({ storage: fixture.driver, ownerHash: TEST_OWNER.ownerHash, input: rebinding(), now });
    expect(record.turns.map((turn) => turn.bindings)).toEqual([[{ variable: 'df1', datasetId: a }], [{ variable: 'df1', datasetId: b }]]);
    expect(record.datasets.map((dataset) => [dataset.id, dataset.variable])).toEqual([
      [a, 'df1'],
      [b, 'df1'],
    ]);
    expect(turnBindings({ datasets: record.datasets, turn: record.turns[1]! }).map((dataset) => [dataset.variable, dataset.displayName])).toEqual([
      ['df1', 'B.csv'],
    ]);
    // "4" is in the result table; "12.5" is in no output, "2.25" is the result.
    expect(record.turns.map((turn) => turn.numberCheck)).toEqual([
      { checked: 1, unmatched: 0, notFound: [] },
      { checked: 2, unmatched: 1, notFound: [{ text: '12.5' }] },
    ]);

    await setAllowRerun({ storage: fixture.driver, ownerHash: TEST_OWNER.ownerHash, id: record.id, allowRerun: true, now });
    const rerun = await getRerunDownloads({ storage: fixture.driver, id: record.id, now });
    expect(rerun.turns.map((datasets) => datasets.map((dataset) => [dataset.variable, dataset.id]))).toEqual([[['df1', a]], [['df1', b]]]);

    // The exports bind A first and re-bind df1 to B before question 2.
    const plan = planBindings({ source: exportSourceFromRecord({ record }) });
    expect(plan.initial.map((dataset) => dataset.displayName)).toEqual(['A.csv']);
    expect(plan.before[0]).toEqual([]);
    expect(plan.before[1]?.join('\n')).toMatch(/^# Question 2 reads df1 from data\/B-.*\.csv \(it was data\/A-.*\.csv until now\)\.\ndf1 = load_dataset\("B-/);
  });

  it('refuses bindings that name a dataset the analysis does not list, or bind one variable twice in a question', async () => {
    const input = rebinding();
    const stray = { ...input, datasetIds: [a], variables: ['df1'] };
    await expectAnalysisError(saveAnalysis({ storage: fixture.driver, ownerHash: TEST_OWNER.ownerHash, input: stray, now }), 'invalid_input');
    const twice = {
      ...input,
      turns: [
        {
          ...input.turns[0]!,
          bindings: [
            { variable: 'df1', datasetId: a },
            { variable: 'df1', datasetId: b },
          ],
        },
        input.turns[1]!,
      ],
    };
    await expectAnalysisError(saveAnalysis({ storage: fixture.driver, ownerHash: TEST_OWNER.ownerHash, input: twice, now }), 'invalid_input');
  });

  it('reads a record saved before per-question bindings as its dataset list for every question, and checks its numbers on read', async () => {
    const older = await saveAnalysis({
      storage: fixture.driver,
      ownerHash: TEST_OWNER.ownerHash,
      input: { ...sampleInput({ datasetIds: [a] }), allowRerun: true },
      now,
    });
    const stripped = { ...older, turns: older.turns.map(({ numberCheck: _check, bindings: _bindings, ...turn }) => turn) };
    expect(stripped.turns.every((turn) => !('bindings' in turn))).toBe(true);
    for (const turn of stripped.turns) expect(turnBindings({ datasets: stripped.datasets, turn })).toEqual(stripped.datasets);
    expect(savedNumberCheck({ turn: stripped.turns[0]! })).toEqual({ checked: 1, unmatched: 0, notFound: [] });
    const rerun = await getRerunDownloads({ storage: fixture.driver, id: older.id, now });
    expect(rerun.turns).toEqual([rerun.datasets, rerun.datasets]);
    const plan = planBindings({ source: exportSourceFromRecord({ record: stripped }) });
    expect(plan.initial.map((dataset) => dataset.variable)).toEqual(['df1']);
    expect(plan.before).toEqual([[], []]);
  });
});
