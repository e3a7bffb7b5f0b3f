/** The answer checks and the reviewer's verdict survive a save (optional fields: older records still parse). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SALES_CSV, TEST_OWNER, uploadDataset } from '@/lib/files/test-support/dataset-fixture';
import { setupLocalFromEnv } from '@/lib/storage/test-support/local-fixture';
import type { ContractFixture } from '@/lib/storage/test-support/storage-contract';
import { analysisRecordSchema } from './analysis-record';
import { saveAnalysis } from './server/analysis-service';
import { saveAnalysisInputSchema } from './save-input';
import { sampleInput } from './test-support/analysis-fixture';

let fixture: ContractFixture;
let datasetId = '';
beforeAll(async () => {
  fixture = await setupLocalFromEnv();
  datasetId = (await uploadDataset({ fixture, fileName: 'sales.csv', body: SALES_CSV })).dataset.id;
}, 60_000);
afterAll(async () => {
  await fixture?.close();
});

it("keeps each turn's failed check and the reviewer's disagreement; a turn without them stays without", async () => {
  const input = sampleInput({ datasetIds: [datasetId] });
  const [first, ...rest] = input.turns;
  if (!first) throw new Error('fixture without turns');
  const checks = {
    repaired: true,
    outcomes: [{ id: 'row-count' as const, status: 'fail' as const, message: 'The question asks for 5 but the result is a table of 3 rows.' }],
  };
  const review = {
    status: 'reviewed' as const,
    model: 'cheap',
    verdict: { verdict: 'not' as const, reasons: ['Three rows.'], mismatch: 'Asked for 5, got 3.' },
  };
  const record = await saveAnalysis({
    storage: fixture.driver,
    ownerHash: TEST_OWNER.ownerHash,
    input: { ...input, turns: [{ ...first, checks, review }, ...rest] },
  });
  expect(record.turns[0]).toMatchObject({ checks, review });
  expect(record.turns[1]?.checks).toBeUndefined();
  expect(record.turns[1]?.review).toBeUndefined();
  expect(analysisRecordSchema.parse(JSON.parse(JSON.stringify(record))).turns[0]?.review).toEqual(review);
});

it('refuses a review that is not a verdict', () => {
  const input = sampleInput({ datasetIds: [datasetId] });
  const turns = input.turns.map((turn, index) =>
    index === 0 ? { ...turn, review: { status: 'reviewed', model: 'm', verdict: { verdict: 'maybe', reasons: [], mismatch: '' } } } : turn,
  );
  expect(saveAnalysisInputSchema.safeParse({ ...input, turns }).success).toBe(false);
  expect(saveAnalysisInputSchema.safeParse(input).success).toBe(true);
});
