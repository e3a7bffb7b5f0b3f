import { describe, expect, it } from 'vitest';
import type { ContractFixture } from '@/lib/storage/test-support/storage-contract';
import { suiteStorageFixture } from '@/lib/storage/test-support/suite-fixture';
import { textOf } from '@/lib/storage/test-support/storage-contract';
import { deleteDataset, getDownloadUrls, listDatasets, renameDataset } from '../server/catalog-service';
import { DATASET_ID_PATTERN, InvalidDatasetIdError, metaKey, pendingUploadKey } from '../dataset-ids';
import { readMeta, toSummary } from '../server/dataset-records';
import { registerUploadedDataset } from '../server/register-service';
import { abortDatasetUpload, createDatasetUpload } from '../server/upload-service';
import { expectDatasetError, OTHER_OWNER, TEST_OWNER, keysUnder, SALES_CSV, sendThroughPlan, uploadDataset } from './dataset-fixture';
import { describeImportAndPaging } from './import-suite';

/**
 * The dataset service against one storage driver (datasets-local.test.ts, datasets-s3.test.ts): the same cases
 * must pass on both, as the storage contract does.
 */
export function describeDatasetService({ name, setup }: { name: string; setup: () => Promise<ContractFixture> }) {
  describe(`dataset service: ${name}`, () => {
    const fixture = suiteStorageFixture({ setup });
    const storage = () => fixture.driver;

    it('generates the key on the server, registers the sniffed meta and drops the upload record', async () => {
      const { ticket, dataset } = await uploadDataset({ fixture, fileName: 'Sales Q1.csv', body: SALES_CSV, folder: 'reg' });
      expect(ticket.id).toMatch(DATASET_ID_PATTERN);
      expect(ticket.notice).toBeUndefined();
      expect(dataset).toMatchObject({
        id: ticket.id,
        key: `datasets/${ticket.id}/Sales_Q1.csv`,
        displayName: 'Sales Q1.csv',
        folder: 'reg/',
        source: 'upload',
        format: 'csv',
        rowEstimate: { value: 3, exact: true },
      });
      expect(dataset.columns.map((column) => [column.name, column.type])).toEqual([
        ['region', 'string'],
        ['units', 'integer'],
        ['price', 'number'],
      ]);
      expect(await keysUnder({ fixture, prefix: `datasets/${ticket.id}/` })).toEqual([`datasets/${ticket.id}/Sales_Q1.csv`, metaKey({ id: ticket.id })]);
      // Registering twice returns the same record instead of sniffing again.
      expect(await registerUploadedDataset({ storage: storage(), viewer: TEST_OWNER, id: ticket.id })).toEqual(dataset);
    });

    it('keeps hostile file names as sanitised display names and never as paths', async () => {
      const first = await uploadDataset({ fixture, fileName: 'keep.csv', body: SALES_CSV, folder: 'hostile' });
      const cases: Array<[string, string, RegExp]> = [
        ['../../x.csv', 'x.csv', /folder parts/],
        ['..\\..\\windows.csv', 'windows.csv', /folder parts/],
        ['two\nlines.csv', 'two lines.csv', /line breaks/],
        ['invoice\u202Evsc.csv', 'invoicevsc.csv', /text-direction/],
      ];
      for (const [fileName, displayName, why] of cases) {
        const { ticket, dataset } = await uploadDataset({ fixture, fileName, body: SALES_CSV, folder: 'hostile' });
        expect(dataset.displayName).toBe(displayName);
        expect(dataset.key).toBe(`datasets/${ticket.id}/${displayName.replace(' ', '_')}`);
        expect(ticket.notice).toMatch(why);
      }
      const reserved = await uploadDataset({ fixture, fileName: 'meta.json', body: '[{"a": 1}]', folder: 'hostile' });
      expect(reserved.dataset.key).toBe(`datasets/${reserved.ticket.id}/data-meta.json`);
      expect((await readMeta({ storage: storage(), id: reserved.ticket.id }))?.format).toBe('json');
      // The dataset stored before all of that is untouched.
      const stored = await readMeta({ storage: storage(), id: first.ticket.id });
      expect(stored && toSummary({ meta: stored, access: 'owner' })).toEqual(first.dataset);
      expect(textOf(await storage().getObject({ key: first.dataset.key }))).toBe(SALES_CSV);
    });

    it('refuses unsupported types, empty and oversized files before planning anything', async () => {
      const plan = (fileName: string, size: number) =>
        createDatasetUpload({ storage: storage(), owner: TEST_OWNER, fileName, size, maxUploadBytes: fixture.maxUploadBytes });
      expect((await expectDatasetError(plan('tool.exe', 10), 'unsupported_type')).message).toContain('.exe files are not supported');
      expect((await expectDatasetError(plan('../../', 10), 'unsupported_type')).message).toContain('without an extension');
      expect((await expectDatasetError(plan('empty.csv', 0), 'empty_file')).message).toContain('empty');
      expect((await expectDatasetError(plan('huge.parquet', fixture.maxUploadBytes + 1), 'too_large')).message).toMatch(/largest upload allowed/);
    });

    it('a broken file is refused with the sniffer message and leaves nothing behind', async () => {
      const good = await uploadDataset({ fixture, fileName: 'fine.csv', body: SALES_CSV, folder: 'broken' });
      const gzip = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const ticket = await createDatasetUpload({
        storage: storage(),
        owner: TEST_OWNER,
        fileName: 'data.csv',
        size: gzip.length,
        maxUploadBytes: fixture.maxUploadBytes,
        folder: 'broken',
      });
      await sendThroughPlan({ fixture, ticket, body: gzip });
      const error = await expectDatasetError(registerUploadedDataset({ storage: storage(), viewer: TEST_OWNER, id: ticket.id }), 'unreadable');
      expect(error.message).toContain('“data.csv” is compressed with gzip');
      expect(await keysUnder({ fixture, prefix: `datasets/${ticket.id}/` })).toEqual([]);
      const listed = await listDatasets({ storage: storage(), viewer: TEST_OWNER, folder: 'broken/' });
      expect(listed.datasets.map((dataset) => dataset.id)).toEqual([good.ticket.id]);
      expect(textOf(await storage().getObject({ key: good.dataset.key }))).toBe(SALES_CSV);
    });

    it('registering before the bytes arrived says so; cancelling removes the upload but never a dataset', async () => {
      const ticket = await createDatasetUpload({
        storage: storage(),
        owner: TEST_OWNER,
        fileName: 'late.csv',
        size: 20,
        maxUploadBytes: fixture.maxUploadBytes,
      });
      expect(await storage().getObject({ key: pendingUploadKey({ id: ticket.id }) })).not.toBeNull();
      await expectDatasetError(registerUploadedDataset({ storage: storage(), viewer: TEST_OWNER, id: ticket.id }), 'upload_incomplete');
      await abortDatasetUpload({ storage: storage(), viewer: TEST_OWNER, id: ticket.id });
      expect(await keysUnder({ fixture, prefix: `datasets/${ticket.id}/` })).toEqual([]);
      await expectDatasetError(registerUploadedDataset({ storage: storage(), viewer: TEST_OWNER, id: ticket.id }), 'not_found');

      const kept = await uploadDataset({ fixture, fileName: 'kept.csv', body: SALES_CSV });
      await expectDatasetError(abortDatasetUpload({ storage: storage(), viewer: TEST_OWNER, id: kept.ticket.id }), 'invalid_input');
      const stored = await readMeta({ storage: storage(), id: kept.ticket.id });
      expect(stored && toSummary({ meta: stored, access: 'owner' })).toEqual(kept.dataset);
    });

    it('lists by folder and searches by display name; renames and deletes', async () => {
      const a = await uploadDataset({ fixture, fileName: 'Revenue 2024.csv', body: SALES_CSV, folder: 'cat/finance' });
      const b = await uploadDataset({ fixture, fileName: 'costs.tsv', body: 'a\tb\n1\t2\n', folder: 'cat/finance/eu' });
      const c = await uploadDataset({ fixture, fileName: 'people.jsonl', body: '{"n": 1}\n{"n": 2}\n', folder: 'cat/hr' });
      const ids = async (args: { folder?: string; query?: string }) =>
        (await listDatasets({ storage: storage(), viewer: TEST_OWNER, ...args })).datasets.map((dataset) => dataset.id).sort();
      expect(await ids({ folder: 'cat/' })).toEqual([a, b, c].map((x) => x.ticket.id).sort());
      expect(await ids({ folder: 'cat/finance/' })).toEqual([a, b].map((x) => x.ticket.id).sort());
      expect(await ids({ folder: 'cat/', query: 'REVENUE' })).toEqual([a.ticket.id]);
      expect(await ids({ folder: 'cat/', query: 'ｐｅｏｐｌｅ' })).toEqual([c.ticket.id]);
      expect((await listDatasets({ storage: storage(), viewer: TEST_OWNER })).folders).toEqual(
        expect.arrayContaining(['cat/finance/', 'cat/finance/eu/', 'cat/hr/']),
      );

      const renamed = await renameDataset({ storage: storage(), viewer: TEST_OWNER, id: a.ticket.id, displayName: '  ../Board\u202E report\n.csv ' });
      expect(renamed.displayName).toBe('Board report .csv');
      expect(renamed.key).toBe(a.dataset.key);
      expect(await ids({ folder: 'cat/', query: 'board' })).toEqual([a.ticket.id]);
      await expectDatasetError(renameDataset({ storage: storage(), viewer: TEST_OWNER, id: a.ticket.id, displayName: '\u202E../' }), 'invalid_input');

      await deleteDataset({ storage: storage(), viewer: TEST_OWNER, id: b.ticket.id });
      expect(await ids({ folder: 'cat/' })).toEqual([a, c].map((x) => x.ticket.id).sort());
      expect(await keysUnder({ fixture, prefix: `datasets/${b.ticket.id}/` })).toEqual([]);
      await expectDatasetError(deleteDataset({ storage: storage(), viewer: TEST_OWNER, id: b.ticket.id }), 'not_found');
      await expectDatasetError(renameDataset({ storage: storage(), viewer: TEST_OWNER, id: b.ticket.id, displayName: 'x.csv' }), 'not_found');
    });

    it('upload URLs are single-use: a PUT after registration or cancellation is refused (409) and the file is untouched', async () => {
      if (fixture.driver.kind !== 'local') return; // S3 presigned PUTs cannot be revoked: see the ETag check below.
      const body = new TextEncoder().encode(SALES_CSV);
      const ticket = await createDatasetUpload({
        storage: storage(),
        owner: TEST_OWNER,
        fileName: 'once.csv',
        size: body.length,
        maxUploadBytes: fixture.maxUploadBytes,
      });
      await sendThroughPlan({ fixture, ticket, body });
      const dataset = await registerUploadedDataset({ storage: storage(), viewer: TEST_OWNER, id: ticket.id });
      if (ticket.plan.kind !== 'single') throw new Error('local plans are single PUTs');
      const swapped = new TextEncoder().encode(SALES_CSV.replace('North', 'Nerth'));
      const replay = await fixture.request({ url: ticket.plan.url, init: { method: 'PUT', headers: ticket.plan.headers, body: swapped } });
      expect(replay.status).toBe(409);
      expect(await replay.text()).toContain('already used');
      expect(textOf(await storage().getObject({ key: dataset.key }))).toBe(SALES_CSV);

      const cancelled = await createDatasetUpload({
        storage: storage(),
        owner: TEST_OWNER,
        fileName: 'gone.csv',
        size: body.length,
        maxUploadBytes: fixture.maxUploadBytes,
      });
      await abortDatasetUpload({ storage: storage(), viewer: TEST_OWNER, id: cancelled.id });
      if (cancelled.plan.kind !== 'single') throw new Error('local plans are single PUTs');
      const late = await fixture.request({ url: cancelled.plan.url, init: { method: 'PUT', headers: cancelled.plan.headers, body } });
      expect(late.status).toBe(409);
      expect(await keysUnder({ fixture, prefix: `datasets/${cancelled.id}/` })).toEqual([]);
    });

    it('S3: a file replaced after registration (an unrevocable presigned PUT) is refused at use by its recorded ETag', async () => {
      if (fixture.driver.kind !== 's3') return; // The local driver refuses the PUT itself (single-use URLs, above).
      const { dataset } = await uploadDataset({ fixture, fileName: 'etag.csv', body: SALES_CSV });
      expect((await readMeta({ storage: storage(), id: dataset.id }))?.etag).toMatch(/^"[^"]+"$/);
      await storage().putObject({ key: dataset.key, body: SALES_CSV.replace('North', 'Nerth'), contentType: 'text/csv' });
      const error = await expectDatasetError(getDownloadUrls({ storage: storage(), viewer: TEST_OWNER, ids: [dataset.id] }), 'unreadable');
      expect(error.message).toContain('was replaced in storage after it was registered');
    });

    it('another owner can neither see, register, complete, cancel, rename, delete nor download, and nothing changes', async () => {
      const { ticket, dataset } = await uploadDataset({ fixture, fileName: 'private.csv', body: SALES_CSV, folder: 'priv' });
      const pending = await createDatasetUpload({
        storage: storage(),
        owner: TEST_OWNER,
        fileName: 'wip.csv',
        size: 10,
        maxUploadBytes: fixture.maxUploadBytes,
      });
      const before = (await keysUnder({ fixture, prefix: 'datasets/' })).sort();
      const metaBefore = textOf(await storage().getObject({ key: `datasets/${ticket.id}/meta.json` }));
      const nobody = { ownerHash: null, sharedPrefixes: [] };
      for (const viewer of [OTHER_OWNER, nobody]) {
        expect((await listDatasets({ storage: storage(), viewer, folder: 'priv/' })).datasets).toEqual([]);
        await expectDatasetError(getDownloadUrls({ storage: storage(), viewer, ids: [dataset.id] }), 'not_found');
        await expectDatasetError(renameDataset({ storage: storage(), viewer, id: dataset.id, displayName: 'x.csv' }), 'not_found');
        await expectDatasetError(deleteDataset({ storage: storage(), viewer, id: dataset.id }), 'not_found');
        await expectDatasetError(registerUploadedDataset({ storage: storage(), viewer, id: pending.id }), 'not_found');
        await expectDatasetError(abortDatasetUpload({ storage: storage(), viewer, id: pending.id }), 'not_found');
        await expectDatasetError(abortDatasetUpload({ storage: storage(), viewer, id: dataset.id }), 'not_found');
        await expectDatasetError(deleteDataset({ storage: storage(), viewer, id: pending.id }), 'not_found');
      }
      expect((await keysUnder({ fixture, prefix: 'datasets/' })).sort()).toEqual(before);
      expect(textOf(await storage().getObject({ key: `datasets/${ticket.id}/meta.json` }))).toBe(metaBefore);
      await abortDatasetUpload({ storage: storage(), viewer: TEST_OWNER, id: pending.id });
    });

    it('refuses an upload past the owner quota with what is left, and sweeps stale pending uploads', async () => {
      const quotaOwner = { ownerHash: 'c'.repeat(64), sharedPrefixes: [] };
      await uploadDataset({ fixture, fileName: 'q.csv', body: SALES_CSV, owner: quotaOwner });
      const used = new TextEncoder().encode(SALES_CSV).length;
      const plan = (size: number, now = new Date()) =>
        createDatasetUpload({
          storage: storage(),
          owner: quotaOwner,
          fileName: 'more.csv',
          size,
          maxUploadBytes: fixture.maxUploadBytes,
          quotaBytes: used + 100,
          pendingMaxAgeMs: 60_000,
          now,
        });
      const before = (await keysUnder({ fixture, prefix: 'datasets/' })).sort();
      const refused = await expectDatasetError(plan(101), 'quota_exceeded');
      expect(refused.message).toMatch(/so 100 bytes is left/);
      expect((await keysUnder({ fixture, prefix: 'datasets/' })).sort()).toEqual(before);
      // A pending upload holds its size against the quota until it is swept (older than the URL lifetime).
      const recent = await plan(100);
      await expectDatasetError(plan(1), 'quota_exceeded');
      await abortDatasetUpload({ storage: storage(), viewer: quotaOwner, id: recent.id });
      const old = await plan(100, new Date(Date.now() - 120_000));
      const other = await createDatasetUpload({
        storage: storage(),
        owner: OTHER_OWNER,
        fileName: 'theirs.csv',
        size: 10,
        maxUploadBytes: fixture.maxUploadBytes,
        now: new Date(Date.now() - 120_000),
      });
      await listDatasets({ storage: storage(), viewer: quotaOwner, pendingMaxAgeMs: 60_000 });
      expect(await keysUnder({ fixture, prefix: `datasets/${old.id}/` })).toEqual([]);
      // Another owner's stale upload is theirs to sweep.
      expect(await keysUnder({ fixture, prefix: `datasets/${other.id}/` })).toEqual([`datasets/${other.id}/upload.json`]);
      const fresh = await plan(100);
      await abortDatasetUpload({ storage: storage(), viewer: quotaOwner, id: fresh.id });
      await abortDatasetUpload({ storage: storage(), viewer: OTHER_OWNER, id: other.id });
    });

    it('validates ids before building any key', async () => {
      const hostile = ['', '../x', 'a/b', 'datasets', `${'A'.repeat(21)}B`, `${'A'.repeat(21)}A\n`, `${'A'.repeat(22)}/../x`, '..%2f..%2fx'];
      for (const id of hostile) {
        await expect(readMeta({ storage: storage(), id })).rejects.toBeInstanceOf(InvalidDatasetIdError);
        await expect(registerUploadedDataset({ storage: storage(), viewer: TEST_OWNER, id })).rejects.toBeInstanceOf(InvalidDatasetIdError);
        await expect(deleteDataset({ storage: storage(), viewer: TEST_OWNER, id })).rejects.toBeInstanceOf(InvalidDatasetIdError);
        await expect(abortDatasetUpload({ storage: storage(), viewer: TEST_OWNER, id })).rejects.toBeInstanceOf(InvalidDatasetIdError);
        await expect(getDownloadUrls({ storage: storage(), viewer: TEST_OWNER, ids: [id] })).rejects.toBeInstanceOf(InvalidDatasetIdError);
      }
    });

    it('hands out short-lived download URLs for the stored key, with kernel binding options', async () => {
      const { ticket } = await uploadDataset({ fixture, fileName: 'semi.csv', body: 'a;b\n1,5;2\n3,25;4\n', folder: 'dl' });
      const [download] = await getDownloadUrls({ storage: storage(), viewer: TEST_OWNER, ids: [ticket.id, ticket.id] });
      expect(download).toMatchObject({ id: ticket.id, displayName: 'semi.csv', format: 'csv' });
      expect(download?.options).toMatchObject({ delimiter: ';', decimal: ',', encoding: 'utf-8', hasHeader: true, names: ['a', 'b'] });
      const seconds = (Date.parse(download?.expiresAt ?? '') - Date.now()) / 1000;
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(300);
      const response = await fixture.request({ url: download?.url ?? '', init: { method: 'GET' } });
      expect(await response.text()).toBe('a;b\n1,5;2\n3,25;4\n');
      await expectDatasetError(getDownloadUrls({ storage: storage(), viewer: TEST_OWNER, ids: ['AAAAAAAAAAAAAAAAAAAAAA'] }), 'not_found');
    });

    describeImportAndPaging({ fixture: () => fixture });
  });
}
