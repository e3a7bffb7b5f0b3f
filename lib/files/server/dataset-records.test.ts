import { describe, expect, it } from 'vitest';
import { setupLocalFromEnv } from '@/lib/storage/test-support/local-fixture';
import { newDatasetId, pendingUploadKey } from '../dataset-ids';
import { readPendingUpload } from './dataset-records';
import { suiteStorageFixture } from '@/lib/storage/test-support/suite-fixture';

// Records read back from storage are parsed with the schemas they were written with: what an older version, a crash
// or a person left there in another shape is treated as absent, never used.
describe('the pending-upload record as read back from storage', () => {
  const fixture = suiteStorageFixture({ setup: setupLocalFromEnv });

  function record(id: string) {
    return {
      id,
      fileName: 'big.csv',
      key: `datasets/${id}/big.csv`,
      displayName: 'big.csv',
      folder: '',
      size: 10,
      contentType: 'text/csv',
      uploadId: 'upload-1',
      createdAt: '2026-01-02T03:04:05.000Z',
    };
  }

  async function store(id: string, value: unknown): Promise<void> {
    await fixture.driver.putObject({ key: pendingUploadKey({ id }), body: JSON.stringify(value), contentType: 'application/json' });
  }

  it('is read as written', async () => {
    const id = newDatasetId();
    await store(id, record(id));
    expect(await readPendingUpload({ storage: fixture.driver, id })).toEqual(record(id));
  });

  it('is absent when its upload id or its own id is not one the app would use', async () => {
    const id = newDatasetId();
    await store(id, { ...record(id), uploadId: 'upload 1\r\nX-Amz-Injected: 1' });
    expect(await readPendingUpload({ storage: fixture.driver, id })).toBeNull();
    const other = newDatasetId();
    await store(other, { ...record(other), id: '../../secrets' });
    expect(await readPendingUpload({ storage: fixture.driver, id: other })).toBeNull();
  });
});
