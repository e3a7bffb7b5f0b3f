import { beforeEach, describe, expect, it, vi } from 'vitest';

const mock = vi.hoisted(async () => (await import('@/lib/share/test-support/next-headers-mock')).createNextHeadersMock());
vi.mock('next/headers', async () => (await mock).module);

import { newOwnerToken, OWNER_COOKIE } from '@/lib/access/server/owner-token';
import { setupLocalFromEnv } from '@/lib/storage/test-support/local-fixture';
import { bytesOf, textOf } from '@/lib/storage/test-support/storage-contract';
import { SALES_CSV, sendThroughPlan } from '@/lib/files/test-support/dataset-fixture';
import { readActionResult } from '@/lib/core/action-result';
import { datasetActionResults } from './dataset-types';
import { suiteStorageFixture } from '@/lib/storage/test-support/suite-fixture';
import {
  abortUpload,
  completeUpload,
  createUpload,
  deleteDataset,
  getDownloadUrls,
  importFromPrefix,
  listDatasets,
  previewReadOptions,
  registerDataset,
  renameDataset,
  setReadOptions,
} from './actions';

// The actions are public endpoints: these calls pass what a hostile client could send, typed or not.
describe('dataset actions (local storage from the environment)', () => {
  const fixture = suiteStorageFixture({ setup: setupLocalFromEnv });
  beforeEach(async () => {
    const { state } = await mock;
    state.jar.clear();
    state.jar.set(OWNER_COOKIE, { value: newOwnerToken() });
  });

  async function upload(fileName: string, body: string) {
    const ticket = await createUpload({ fileName, size: bytesOf(body).length });
    if (!ticket.ok) throw new Error(ticket.message);
    await sendThroughPlan({ fixture, ticket, body: bytesOf(body) });
    const registered = await registerDataset({ id: ticket.id });
    if (!registered.ok) throw new Error(registered.message);
    return registered.dataset;
  }

  it('runs the upload flow and returns plain data', async () => {
    const dataset = await upload('sales.csv', SALES_CSV);
    expect(JSON.parse(JSON.stringify(dataset))).toEqual(dataset);
    const listed = await listDatasets({ query: 'SALES' });
    expect(listed.ok && listed.datasets.map((entry) => entry.id)).toEqual([dataset.id]);
  });

  it('every answer, success or refusal, reads back unchanged through the schema the page parses it with', async () => {
    const pageReads = (action: keyof typeof datasetActionResults, result: unknown) =>
      expect(readActionResult({ action, schema: datasetActionResults[action], result }), action).toEqual(result);
    const ticket = await createUpload({ fileName: 'sales.csv', size: bytesOf(SALES_CSV).length, folder: 'q1' });
    pageReads('createUpload', ticket);
    if (!ticket.ok) throw new Error(ticket.message);
    await sendThroughPlan({ fixture, ticket, body: bytesOf(SALES_CSV) });
    const registered = await registerDataset({ id: ticket.id });
    pageReads('registerDataset', registered);
    const { id } = ticket;
    pageReads('listDatasets', await listDatasets({}));
    pageReads('renameDataset', await renameDataset({ id, displayName: 'sales 2024.csv' }));
    pageReads('previewReadOptions', await previewReadOptions({ id, readOptions: { hasHeader: false } }));
    pageReads('setReadOptions', await setReadOptions({ id, readOptions: { skipRows: 1 } }));
    pageReads('getDownloadUrls', await getDownloadUrls({ ids: [id] }));
    pageReads('importFromPrefix', await importFromPrefix({ prefix: 'incoming/' }));
    pageReads('abortUpload', await abortUpload({ id }));
    pageReads('completeUpload', await completeUpload({ id, uploadId: 'u', parts: [{ partNumber: 1, etag: '"e"' }] }));
    pageReads('deleteDataset', await deleteDataset({ id }));
    pageReads('registerDataset', await registerDataset({ id }));
  });

  it('refuses malformed input with invalid_input, before touching storage', async () => {
    const cases: Array<Promise<{ ok: boolean; code?: string }>> = [
      registerDataset({ id: '../../etc' }),
      registerDataset({ id: 'AAAAAAAAAAAAAAAAAAAAAB' }),
      deleteDataset({ id: 'datasets/x' }),
      abortUpload({ id: '' }),
      renameDataset({ id: 'a/b', displayName: 'x.csv' }),
      getDownloadUrls({ ids: [] }),
      getDownloadUrls({ ids: ['AAAAAAAAAAAAAAAAAAAAAA', '../x'] }),
      completeUpload({ id: 'AAAAAAAAAAAAAAAAAAAAAA', uploadId: 'u', parts: [] }),
      createUpload({ fileName: 'x.csv', size: -1 }),
      createUpload({ fileName: 'x.csv', size: 1.5 }),
      createUpload(null as unknown as { fileName: string; size: number }),
      listDatasets({ prefix: 'a/b/c/d/e/f/g/h/i/' }),
    ];
    for (const result of await Promise.all(cases)) {
      expect(result).toMatchObject({ ok: false, code: 'invalid_input' });
    }
    // No SHARED_PREFIXES in this environment: importing is off, whatever the prefix.
    for (const prefix of ['', '../../app', 'datasets/']) {
      expect(await importFromPrefix({ prefix })).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('SHARED_PREFIXES') });
    }
  });

  it('never uses a key sent by the client: downloads follow the stored key', async () => {
    const victim = await upload('victim.csv', 'secret\n1\n');
    const mine = await upload('mine.csv', 'a\n1\n');
    const forged = { ids: [mine.id], key: victim.key } as { ids: string[] };
    const result = await getDownloadUrls(forged);
    if (!result.ok) throw new Error(result.message);
    const response = await fixture.request({ url: result.downloads[0]?.url ?? '', init: { method: 'GET' } });
    expect(await response.text()).toBe('a\n1\n');
    // A hostile rename changes the label only; the victim's bytes are where they were.
    const renamed = await renameDataset({ id: mine.id, displayName: `../${victim.key}` });
    expect(renamed.ok && renamed.dataset.key).toBe(mine.key);
    expect(textOf(await fixture.driver.getObject({ key: victim.key }))).toBe('secret\n1\n');
  });

  it('reports a broken upload with its specific message', async () => {
    const body = '{"unterminated": ';
    const ticket = await createUpload({ fileName: 'bad.json', size: body.length });
    if (!ticket.ok) throw new Error(ticket.message);
    await sendThroughPlan({ fixture, ticket, body: bytesOf(body) });
    const result = await registerDataset({ id: ticket.id });
    expect(result).toMatchObject({ ok: false, code: 'unreadable', retryable: false });
    expect(!result.ok && result.message).toContain('bad.json');
  });
});
