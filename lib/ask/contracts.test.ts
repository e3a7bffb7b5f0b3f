import { describe, expect, it } from 'vitest';
import { newDatasetId } from '@/lib/files/dataset-ids';
import { askRequestSchema, repairRequestSchema } from './contracts';

// The Ask routes take dataset ids from the browser: they are checked by the catalog's own id schema
// (lib/files/dataset-ids.ts), not a looser pattern of their own.
describe('dataset ids in Ask and repair requests', () => {
  const request = { question: 'How many rows?', history: [] };
  const failed = { code: 'x', status: 'python', error: { type: 'NameError', message: 'x', line: 1, traceback: '' } };

  it('accepts the ids the app makes', () => {
    const id = newDatasetId();
    expect(askRequestSchema.safeParse({ ...request, datasetIds: [id], pinnedIds: [id] }).success).toBe(true);
    expect(repairRequestSchema.safeParse({ ...request, datasetIds: [id], attempts: [failed] }).success).toBe(true);
  });

  it('refuses what only looks like one, saying so', () => {
    const id = newDatasetId();
    for (const forged of ['abcdefgh', `${id.slice(0, 21)}B`, 'A'.repeat(64), '../../datasets']) {
      const asked = askRequestSchema.safeParse({ ...request, datasetIds: [forged] });
      expect(asked.error?.issues[0]).toMatchObject({ path: ['datasetIds', 0], message: 'not a dataset id' });
      const repaired = repairRequestSchema.safeParse({ ...request, datasetIds: [forged], attempts: [failed] });
      expect(repaired.error?.issues[0]).toMatchObject({ path: ['datasetIds', 0], message: 'not a dataset id' });
    }
  });
});
