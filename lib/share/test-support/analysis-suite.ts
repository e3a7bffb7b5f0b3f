import { beforeAll, describe, expect, it } from 'vitest';
import { kernelFileName } from '@/lib/files/dataset-briefs';
import { deleteDataset, renameDataset } from '@/lib/files/server/catalog-service';
import { keysUnder, SALES_CSV, TEST_OWNER, uploadDataset } from '@/lib/files/test-support/dataset-fixture';
import type { ContractFixture } from '@/lib/storage/test-support/storage-contract';
import { suiteStorageFixture } from '@/lib/storage/test-support/suite-fixture';
import { textOf } from '@/lib/storage/test-support/storage-contract';
import { ANALYSIS_ID_PATTERN } from '../analysis-ids';
import { analysisRecordSchema } from '../analysis-record';
import {
  deleteAnalysis,
  getRerunDownloads,
  getSharedAnalysis,
  listMyAnalyses,
  readSharedFigure,
  revokeAnalysis,
  saveAnalysis,
  setAllowRerun,
  setAnalysisExpiry,
} from '../server/analysis-service';
import { expectAnalysisError, makePng, newOwner, PNG_3X2, sampleInput } from './analysis-fixture';

const DAY = 86_400_000;

/** The analysis service against one storage driver (analysis-local.test.ts, analysis-s3.test.ts). */
export function describeAnalysisService({ name, setup }: { name: string; setup: () => Promise<ContractFixture> }) {
  describe(`analysis service: ${name}`, () => {
    const fixture = suiteStorageFixture({ setup });
    let datasetId: string;
    beforeAll(async () => {
      datasetId = (await uploadDataset({ fixture, fileName: 'Sales Q1.csv', body: SALES_CSV })).dataset.id;
    }, 60_000);
    const storage = () => fixture.driver;
    const now = new Date('2026-03-01T12:00:00.000Z');

    it('saves the record, its figures and the owner index under server-made keys', async () => {
      const owner = { hash: TEST_OWNER.ownerHash };
      const record = await saveAnalysis({
        storage: storage(),
        ownerHash: owner.hash,
        input: sampleInput({ datasetIds: [datasetId] }),
        now,
        defaultExpiryDays: 30,
      });
      expect(record.id).toMatch(ANALYSIS_ID_PATTERN);
      expect((await keysUnder({ fixture, prefix: `analyses/${record.id}` })).sort()).toEqual([
        `analyses/${record.id}.json`,
        `analyses/${record.id}/figures/1-1-1.png`,
      ]);
      expect(await keysUnder({ fixture, prefix: `owners/${owner.hash}/` })).toEqual([`owners/${owner.hash}/${record.id}`]);
      const stored = analysisRecordSchema.parse(JSON.parse(textOf(await storage().getObject({ key: `analyses/${record.id}.json` }))!));
      expect(stored).toEqual(record);
      expect(record).toMatchObject({
        title: 'How many units per region?',
        visibility: 'link',
        ownerHash: owner.hash,
        expiresAt: new Date(now.getTime() + 30 * DAY).toISOString(),
      });
      // The figure's size comes from its PNG header (3×2), not from the 640×480 the client claimed.
      expect(record.turns[0]!.attempts[0]!.figures).toEqual([{ key: `analyses/${record.id}/figures/1-1-1.png`, width: 3, height: 2 }]);
      expect(Buffer.from((await storage().getObject({ key: `analyses/${record.id}/figures/1-1-1.png` }))!).toString('base64')).toBe(PNG_3X2);
      // The attempt that never ran is not saved; the repaired one keeps its change note.
      expect(record.turns[1]!.attempts.map((attempt) => [attempt.number, attempt.status, attempt.change ?? null])).toEqual([
        [1, 'python', null],
        [2, 'ok', 'prize → price'],
      ]);
    });

    it('takes dataset names, formats and reading options from the catalog, never from the client', async () => {
      const record = await saveAnalysis({
        storage: storage(),
        ownerHash: TEST_OWNER.ownerHash,
        input: sampleInput({ datasetIds: [datasetId], variables: ['df3'] }),
        now,
      });
      expect(record.datasets).toEqual([
        {
          id: datasetId,
          displayName: 'Sales Q1.csv',
          fileName: kernelFileName({ meta: { id: datasetId, displayName: 'Sales Q1.csv' } }),
          variable: 'df3',
          format: 'csv',
          size: SALES_CSV.length,
          contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          options: { delimiter: ',', encoding: 'utf-8', decimal: '.', hasHeader: true, names: ['region', 'units', 'price'] },
        },
      ]);
      await expectAnalysisError(
        saveAnalysis({ storage: storage(), ownerHash: newOwner().hash, input: sampleInput({ datasetIds: ['AAAAAAAAAAAAAAAAAAAAAA'] }), now }),
        'dataset_missing',
      );
      // Another owner's dataset is refused like a missing one: a share link would otherwise hand it to every viewer.
      const before = await keysUnder({ fixture, prefix: 'analyses/' });
      const foreign = await expectAnalysisError(
        saveAnalysis({ storage: storage(), ownerHash: newOwner().hash, input: sampleInput({ datasetIds: [datasetId] }), now }),
        'dataset_missing',
      );
      expect(foreign.message).toContain('no longer exists');
      expect(await keysUnder({ fixture, prefix: 'analyses/' })).toEqual(before);
    });

    it('shows a valid link to anyone, without the owner hash, and tells the owner apart', async () => {
      const owner = newOwner();
      const { id } = await saveAnalysis({ storage: storage(), ownerHash: owner.hash, input: sampleInput(), now });
      const viewer = await getSharedAnalysis({ storage: storage(), id, now });
      expect(viewer).toMatchObject({ ok: true, isOwner: false, record: { id } });
      expect(viewer.ok && 'ownerHash' in viewer.record).toBe(false);
      expect(await getSharedAnalysis({ storage: storage(), id, now, ownerHash: owner.hash })).toMatchObject({ ok: true, isOwner: true });
      for (const missing of ['AAAAAAAAAAAAAAAAAAAAAA', '../../etc/passwd', 'analyses/x']) {
        expect(await getSharedAnalysis({ storage: storage(), id: missing, now })).toMatchObject({ ok: false, reason: 'not_found' });
      }
    });

    it('expires links at their date; the owner can extend or remove the expiry', async () => {
      const owner = newOwner();
      const { id } = await saveAnalysis({ storage: storage(), ownerHash: owner.hash, input: sampleInput({ expiresInDays: 1 }), now });
      const later = new Date(now.getTime() + 2 * DAY);
      expect(await getSharedAnalysis({ storage: storage(), id, now: new Date(now.getTime() + DAY - 1) })).toMatchObject({ ok: true });
      expect(await getSharedAnalysis({ storage: storage(), id, now: later })).toMatchObject({ ok: false, reason: 'expired' });
      expect(await readSharedFigure({ storage: storage(), id, name: '1-1-1.png', now: later })).toBeNull();
      const summary = await setAnalysisExpiry({ storage: storage(), ownerHash: owner.hash, id, expiresInDays: null, now: later });
      expect(summary).toMatchObject({ id, expiresAt: null, status: 'active' });
      expect(await getSharedAnalysis({ storage: storage(), id, now: new Date(now.getTime() + 9999 * DAY) })).toMatchObject({ ok: true });
      await expectAnalysisError(setAnalysisExpiry({ storage: storage(), ownerHash: owner.hash, id, expiresInDays: 0 }), 'invalid_input');
      const never = await saveAnalysis({ storage: storage(), ownerHash: owner.hash, input: sampleInput({ expiresInDays: null }), now, defaultExpiryDays: 30 });
      expect(never.expiresAt).toBeNull();
    });

    it('lets only the owner revoke, change or delete; revoking stops the page and the figures', async () => {
      const owner = newOwner();
      const stranger = newOwner();
      const { id } = await saveAnalysis({ storage: storage(), ownerHash: owner.hash, input: sampleInput(), now });
      expect(await readSharedFigure({ storage: storage(), id, name: '1-1-1.png', now })).not.toBeNull();
      await expectAnalysisError(revokeAnalysis({ storage: storage(), ownerHash: stranger.hash, id }), 'forbidden');
      await expectAnalysisError(setAllowRerun({ storage: storage(), ownerHash: stranger.hash, id, allowRerun: true }), 'forbidden');
      await expectAnalysisError(setAnalysisExpiry({ storage: storage(), ownerHash: stranger.hash, id, expiresInDays: 7 }), 'forbidden');
      await expectAnalysisError(deleteAnalysis({ storage: storage(), ownerHash: stranger.hash, id }), 'forbidden');
      expect(await getSharedAnalysis({ storage: storage(), id, now })).toMatchObject({ ok: true });

      expect(await revokeAnalysis({ storage: storage(), ownerHash: owner.hash, id, now })).toMatchObject({ id, visibility: 'revoked', status: 'revoked' });
      expect(await getSharedAnalysis({ storage: storage(), id, now })).toMatchObject({ ok: false, reason: 'revoked' });
      expect(await readSharedFigure({ storage: storage(), id, name: '1-1-1.png', now })).toBeNull();
      await expectAnalysisError(getRerunDownloads({ storage: storage(), id, now }), 'revoked');
    });

    it('lists each owner’s analyses from the index, with their current status', async () => {
      const owner = newOwner();
      const other = newOwner();
      const first = await saveAnalysis({ storage: storage(), ownerHash: owner.hash, input: sampleInput({ title: 'First' }), now });
      const second = await saveAnalysis({
        storage: storage(),
        ownerHash: owner.hash,
        input: sampleInput({ title: 'Second' }),
        now: new Date(now.getTime() + 1000),
      });
      await saveAnalysis({ storage: storage(), ownerHash: other.hash, input: sampleInput({ title: 'Not mine' }), now });
      await revokeAnalysis({ storage: storage(), ownerHash: owner.hash, id: first.id, now });
      const page = await listMyAnalyses({ storage: storage(), ownerHash: owner.hash, now });
      expect(page.analyses.map((entry) => [entry.title, entry.status, entry.url, entry.questionCount])).toEqual([
        ['Second', 'active', `/a/${second.id}`, 2],
        ['First', 'revoked', `/a/${first.id}`, 2],
      ]);
      expect(page.nextCursor).toBeUndefined();
      expect((await listMyAnalyses({ storage: storage(), ownerHash: newOwner().hash })).analyses).toEqual([]);
    });

    it('deletes the record, its figures and the index entry, and nothing of other analyses', async () => {
      const owner = newOwner();
      const kept = await saveAnalysis({ storage: storage(), ownerHash: owner.hash, input: sampleInput(), now });
      const { id } = await saveAnalysis({ storage: storage(), ownerHash: owner.hash, input: sampleInput(), now });
      await deleteAnalysis({ storage: storage(), ownerHash: owner.hash, id });
      expect(await keysUnder({ fixture, prefix: `analyses/${id}` })).toEqual([]);
      expect(await keysUnder({ fixture, prefix: `owners/${owner.hash}/` })).toEqual([`owners/${owner.hash}/${kept.id}`]);
      expect(await getSharedAnalysis({ storage: storage(), id, now })).toMatchObject({ ok: false, reason: 'not_found' });
      await expectAnalysisError(deleteAnalysis({ storage: storage(), ownerHash: owner.hash, id }), 'not_found');
      expect(await getSharedAnalysis({ storage: storage(), id: kept.id, now })).toMatchObject({ ok: true });
    });

    it('refuses a save past the owner’s cap of analyses, writing nothing; another owner, or the owner after a delete, can save', async () => {
      const owner = newOwner();
      const save = (ownerHash: string) => saveAnalysis({ storage: storage(), ownerHash, input: sampleInput(), now, maxAnalyses: 2 });
      await save(owner.hash);
      const second = await save(owner.hash);
      const before = (await keysUnder({ fixture, prefix: 'analyses/' })).length;
      const refused = await expectAnalysisError(save(owner.hash), 'quota');
      expect(refused.message).toMatch(/You keep 2 saved analyses.*Delete some under My analyses/);
      expect(await keysUnder({ fixture, prefix: 'analyses/' })).toHaveLength(before);
      expect(await keysUnder({ fixture, prefix: `owners/${owner.hash}/` })).toHaveLength(2);
      await save(newOwner().hash);
      await deleteAnalysis({ storage: storage(), ownerHash: owner.hash, id: second.id });
      await save(owner.hash);
      expect(await keysUnder({ fixture, prefix: `owners/${owner.hash}/` })).toHaveLength(2);
    });

    it('cleans up an index entry whose record is already gone (a delete that failed half-way)', async () => {
      const owner = newOwner();
      const { id } = await saveAnalysis({ storage: storage(), ownerHash: owner.hash, input: sampleInput(), now });
      await storage().deleteObject({ key: `analyses/${id}.json` });
      await deleteAnalysis({ storage: storage(), ownerHash: owner.hash, id });
      expect(await keysUnder({ fixture, prefix: `owners/${owner.hash}/` })).toEqual([]);
    });

    it('signs re-run downloads only when allowed, with the saved names and bindings', async () => {
      const owner = newOwner();
      const datasetOwner = { ownerHash: owner.hash, sharedPrefixes: [] };
      const { dataset } = await uploadDataset({ fixture, fileName: 'rerun.csv', body: SALES_CSV, owner: datasetOwner });
      const { id } = await saveAnalysis({ storage: storage(), ownerHash: owner.hash, input: sampleInput({ datasetIds: [dataset.id] }), now });
      await expectAnalysisError(getRerunDownloads({ storage: storage(), id, now }), 'rerun_disabled');
      await setAllowRerun({ storage: storage(), ownerHash: owner.hash, id, allowRerun: true, now });
      // A rename after saving must not change the file name the saved code was written against.
      await renameDataset({ storage: storage(), viewer: datasetOwner, id: dataset.id, displayName: 'renamed later.csv' });
      const rerun = await getRerunDownloads({ storage: storage(), id, now });
      expect(rerun.datasets).toEqual([
        {
          id: dataset.id,
          variable: 'df1',
          fileName: kernelFileName({ meta: { id: dataset.id, displayName: 'rerun.csv' } }),
          format: 'csv',
          options: expect.objectContaining({ delimiter: ',' }),
        },
      ]);
      expect(rerun.downloads).toHaveLength(1);
      expect(kernelFileName({ meta: rerun.downloads[0]! })).toBe(rerun.datasets[0]!.fileName);
      const response = await fixture.request({ url: rerun.downloads[0]!.url, init: { method: 'GET' } });
      expect(await response.text()).toBe(SALES_CSV);
      await deleteDataset({ storage: storage(), viewer: datasetOwner, id: dataset.id });
      await expectAnalysisError(getRerunDownloads({ storage: storage(), id, now }), 'dataset_missing');
    });

    it('refuses fake, oversized or too many figures and writes nothing', async () => {
      const before = await keysUnder({ fixture, prefix: 'analyses/' });
      const withFigure = (pngBase64: string) =>
        sampleInput({
          turns: [
            {
              ...sampleInput().turns[0]!,
              attempts: [{ number: 1, code: 'x', result: { ...sampleInput().turns[0]!.attempts[0]!.result!, figures: [{ pngBase64, width: 1, height: 1 }] } }],
            },
          ],
        });
      const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
      const error = await expectAnalysisError(saveAnalysis({ storage: storage(), ownerHash: newOwner().hash, input: withFigure(html), now }), 'invalid_input');
      expect(error.message).toMatch(/Figure 1 of question 1, attempt 1 was refused: it is not a PNG image/);
      const truncated = Buffer.from(PNG_3X2, 'base64').subarray(0, 40).toString('base64');
      await expectAnalysisError(saveAnalysis({ storage: storage(), ownerHash: newOwner().hash, input: withFigure(truncated), now }), 'invalid_input');
      await expectAnalysisError(
        saveAnalysis({ storage: storage(), ownerHash: newOwner().hash, input: withFigure(`data:image/png;base64,${PNG_3X2}`), now }),
        'invalid_input',
      );
      const huge = makePng({ width: 2, height: 2, padBytes: 5 * 1024 * 1024 }).toString('base64');
      const tooBig = await expectAnalysisError(saveAnalysis({ storage: storage(), ownerHash: newOwner().hash, input: withFigure(huge), now }), 'invalid_input');
      expect(tooBig.message).toMatch(/larger than 5 MB/);
      const eleven = sampleInput();
      eleven.turns[0]!.attempts[0]!.result!.figures = Array.from({ length: 11 }, () => ({ pngBase64: PNG_3X2, width: 3, height: 2 }));
      const tooMany = await expectAnalysisError(saveAnalysis({ storage: storage(), ownerHash: newOwner().hash, input: eleven, now }), 'invalid_input');
      expect(tooMany.message).toMatch(/11 figures; at most 10/);
      expect(await keysUnder({ fixture, prefix: 'analyses/' })).toEqual(before);
    });
  });
}
