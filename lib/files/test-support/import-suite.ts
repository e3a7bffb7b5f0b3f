import { describe, expect, it } from 'vitest';
import type { ContractFixture } from '@/lib/storage/test-support/storage-contract';
import { runLimited, textOf } from '@/lib/storage/test-support/storage-contract';
import { deleteDataset, getDownloadUrls, listDatasets, renameDataset } from '../server/catalog-service';
import { importedDatasetId, metaKey } from '../dataset-ids';
import type { DatasetSummary } from '../dataset-types';
import { importFromPrefix } from '../server/import-service';
import { expectDatasetError, OTHER_OWNER, TEST_OWNER, keysUnder, SALES_CSV } from './dataset-fixture';

/** Import from a bucket prefix and paging past 1,000 objects; part of describeDatasetService. */
export function describeImportAndPaging({ fixture: current }: { fixture: () => ContractFixture }) {
  describe('import from a prefix', () => {
    it('registers foreign objects in place, skips what it cannot use, and is idempotent', async () => {
      const storage = current().driver;
      const objects: Record<string, string> = {
        'incoming/2024/a.csv': SALES_CSV,
        'incoming/2024/b.tsv': 'x\ty\n1\t2\n',
        'incoming/2024/sub/c.jsonl': '{"k": 1}\n{"k": 2}\n',
        'incoming/2024/notes.pdf': '%PDF-1.4',
        'incoming/2024/empty.csv': '',
        'incoming/2024/broken.json': '{"a": ',
      };
      for (const [key, body] of Object.entries(objects)) await storage.putObject({ key, body });

      const first = await importFromPrefix({ storage, viewer: TEST_OWNER, prefix: 'incoming/' });
      expect(first.nextCursor).toBeUndefined();
      const byName = (datasets: DatasetSummary[]) => [...datasets].sort((a, b) => a.displayName.localeCompare(b.displayName));
      const imported = byName(first.imported);
      expect(imported.map((dataset) => [dataset.displayName, dataset.key, dataset.folder, dataset.source, dataset.format])).toEqual([
        ['a.csv', 'incoming/2024/a.csv', 'incoming/2024/', 'import', 'csv'],
        ['b.tsv', 'incoming/2024/b.tsv', 'incoming/2024/', 'import', 'tsv'],
        ['c.jsonl', 'incoming/2024/sub/c.jsonl', 'incoming/2024/sub/', 'import', 'jsonl'],
      ]);
      const a = imported[0] as DatasetSummary;
      expect(a.id).toBe(await importedDatasetId({ key: 'incoming/2024/a.csv' }));
      expect(await keysUnder({ fixture: current(), prefix: `datasets/${a.id}/` })).toEqual([metaKey({ id: a.id })]);
      expect(first.skipped).toEqual(
        expect.arrayContaining([
          { key: 'incoming/2024/notes.pdf', reason: '.pdf is not a supported data file' },
          { key: 'incoming/2024/empty.csv', reason: 'empty (0 bytes)' },
        ]),
      );
      expect(first.failed).toEqual([{ key: 'incoming/2024/broken.json', message: expect.stringContaining('broken.json') }]);

      const again = await importFromPrefix({ storage, viewer: TEST_OWNER, prefix: 'incoming/' });
      expect(again.imported).toEqual([]);
      expect(again.skipped.filter((entry) => entry.reason === 'already imported')).toHaveLength(3);

      const [download] = await getDownloadUrls({ storage, viewer: TEST_OWNER, ids: [a.id] });
      expect(await (await current().request({ url: download?.url ?? '', init: { method: 'GET' } })).text()).toBe(SALES_CSV);

      // Shared datasets are read-only for everyone, the importer included; every other browser sees and loads them.
      expect(a.access).toBe('shared');
      const metaBefore = textOf(await storage.getObject({ key: metaKey({ id: a.id }) }));
      await expectDatasetError(deleteDataset({ storage, viewer: TEST_OWNER, id: a.id }), 'forbidden');
      await expectDatasetError(renameDataset({ storage, viewer: OTHER_OWNER, id: a.id, displayName: 'mine.csv' }), 'forbidden');
      expect(textOf(await storage.getObject({ key: metaKey({ id: a.id }) }))).toBe(metaBefore);
      expect(textOf(await storage.getObject({ key: 'incoming/2024/a.csv' }))).toBe(SALES_CSV);
      const seenByOther = await listDatasets({ storage, viewer: OTHER_OWNER, folder: 'incoming/' });
      expect(seenByOther.datasets.map((dataset) => [dataset.displayName, dataset.access]).sort()).toEqual([
        ['a.csv', 'shared'],
        ['b.tsv', 'shared'],
        ['c.jsonl', 'shared'],
      ]);
      expect((await getDownloadUrls({ storage, viewer: OTHER_OWNER, ids: [a.id] })).map((download) => download.id)).toEqual([a.id]);
      // Once the operator stops sharing the prefix, the datasets are visible to nobody.
      const unshared = { ...OTHER_OWNER, sharedPrefixes: [] };
      expect((await listDatasets({ storage, viewer: unshared, folder: 'incoming/' })).datasets).toEqual([]);
      await expectDatasetError(getDownloadUrls({ storage, viewer: unshared, ids: [a.id] }), 'not_found');
    });

    it("imports only under a shared prefix, never the app's own keys, and is off without one", async () => {
      const storage = current().driver;
      await storage.putObject({ key: 'hr-private/payroll.csv', body: SALES_CSV });
      const datasetsBefore = await keysUnder({ fixture: current(), prefix: 'datasets/' });
      for (const prefix of ['', 'datasets/', 'datasets', 'analyses/x/', 'owners/', 'hr-private/', 'incomingX/', '../incoming/']) {
        const error = await expectDatasetError(importFromPrefix({ storage, viewer: TEST_OWNER, prefix }), 'forbidden');
        expect(error.message).toContain('incoming/, bulk/');
      }
      const off = await expectDatasetError(importFromPrefix({ storage, viewer: { ...TEST_OWNER, sharedPrefixes: [] }, prefix: 'incoming/' }), 'forbidden');
      expect(off.message).toContain('SHARED_PREFIXES');
      // Even an operator sharing the whole storage (a prefix that holds the app's records) gets no internal key echoed.
      const everything = await importFromPrefix({ storage, viewer: { ...TEST_OWNER, sharedPrefixes: ['hr-private/'] }, prefix: 'hr-private/' });
      const named = [
        ...everything.imported.map((dataset) => dataset.key),
        ...everything.skipped.map((entry) => entry.key),
        ...everything.failed.map((entry) => entry.key),
      ];
      expect(named).toEqual(['hr-private/payroll.csv']);
      // Refusals wrote nothing.
      expect((await keysUnder({ fixture: current(), prefix: 'datasets/' })).filter((key) => !datasetsBefore.includes(key))).toHaveLength(1);
    });

    it('pages past 1,000 objects when importing and when listing', async () => {
      const storage = current().driver;
      const keys = Array.from({ length: 1050 }, (_, index) => `bulk/part-${String(index).padStart(4, '0')}.csv`);
      await runLimited(
        keys.map((key, index) => () => storage.putObject({ key, body: `n,sq\n${index},${index * index}\n` })),
        32,
      );
      const firstPage = await importFromPrefix({ storage, viewer: TEST_OWNER, prefix: 'bulk/' });
      expect(firstPage.imported).toHaveLength(1000);
      expect(firstPage.nextCursor).toEqual(expect.any(String));
      const secondPage = await importFromPrefix({ storage, viewer: TEST_OWNER, prefix: 'bulk/', cursor: firstPage.nextCursor });
      expect(secondPage.imported).toHaveLength(50);
      expect(secondPage.nextCursor).toBeUndefined();

      const collect = async (args: { query?: string; limit?: number }) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await listDatasets({ storage, viewer: TEST_OWNER, folder: 'bulk/', cursor, ...args });
          seen.push(...page.datasets.map((dataset) => dataset.displayName));
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor);
        return { seen, pages };
      };
      const everything = await collect({});
      expect(everything.pages).toBeGreaterThanOrEqual(2);
      expect(new Set(everything.seen).size).toBe(1050);
      expect(everything.seen.sort()).toEqual(keys.map((key) => key.slice('bulk/'.length)));
      const searched = await collect({ query: 'part-104', limit: 400 });
      expect(searched.pages).toBeGreaterThanOrEqual(3);
      expect(searched.seen.sort()).toEqual(Array.from({ length: 10 }, (_, index) => `part-104${index}.csv`));
    }, 180_000);
  });
}
