import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStorage } from './index';
import { LocalStorageDriver } from './local';
import { setupLocalFromEnv } from '../test-support/local-fixture';
import { bytesOf, describeStorageContract, expectStorageError, textOf } from '../test-support/storage-contract';

describeStorageContract({ name: 'local (DATA_DIR, signed app route)', setup: () => setupLocalFromEnv() });

function localDriver({ dataDir, signingSecret }: { dataDir: string; signingSecret?: string }): LocalStorageDriver {
  const driver = createStorage({
    kind: 'local',
    dataDir,
    signingSecret,
    uploadUrlExpirySeconds: 3600,
    downloadUrlExpirySeconds: 300,
    maxUploadBytes: 1024 * 1024,
  });
  if (!(driver instanceof LocalStorageDriver)) throw new Error('expected the local driver');
  return driver;
}

describe('local driver specifics', () => {
  it('generates the signing secret once, mode 0600, and every instance on that folder uses it', async () => {
    const fixture = await setupLocalFromEnv();
    try {
      const { url } = await fixture.driver.createDownloadUrl({ key: 'datasets/a/x.csv' });
      const file = path.join(fixture.dataDir, '.signing-secret');
      const stat = await fs.stat(file);
      expect(stat.mode & 0o777).toBe(0o600);
      expect((await fs.readFile(file, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
      const other = localDriver({ dataDir: fixture.dataDir });
      await expect(other.verifyRequest({ url: new URL(url, 'http://app.test'), method: 'GET' })).resolves.toMatchObject({
        key: 'datasets/a/x.csv',
      });
      const listed = await fixture.driver.listObjects({ prefix: '' });
      expect(listed.objects).toEqual([]);
    } finally {
      await fixture.close();
    }
  });

  it('uses SIGNING_SECRET when set (no secret file), and URLs signed with another secret are refused', async () => {
    const fixture = await setupLocalFromEnv({ signingSecret: 'a'.repeat(40) });
    try {
      const { url } = await fixture.driver.createDownloadUrl({ key: 'datasets/a/x.csv' });
      await expect(fs.stat(path.join(fixture.dataDir, '.signing-secret'))).rejects.toThrow();
      const other = localDriver({ dataDir: fixture.dataDir, signingSecret: 'b'.repeat(40) });
      const error = await expectStorageError(other.verifyRequest({ url: new URL(url, 'http://app.test'), method: 'GET' }), 'forbidden');
      expect(error.message).toMatch(/Signature does not match/);
    } finally {
      await fixture.close();
    }
  });

  it('keeps the old object and leaves no temp file when a streamed write is refused', async () => {
    const fixture = await setupLocalFromEnv();
    const driver = localDriver({ dataDir: fixture.dataDir });
    try {
      await driver.putObject({ key: 'datasets/a/data.csv', body: 'old', contentType: 'text/csv' });
      async function* slowBody() {
        yield bytesOf('new new new');
        yield bytesOf(' and more');
      }
      await expectStorageError(
        driver.writeObject({ key: 'datasets/a/data.csv', chunks: slowBody(), contentType: 'text/plain', expectedLength: 5 }),
        'invalid_argument',
      );
      await expectStorageError(
        driver.writeObject({ key: 'datasets/a/data.csv', chunks: slowBody(), contentType: 'text/plain', expectedLength: 50 }),
        'invalid_argument',
      );
      expect(textOf(await driver.getObject({ key: 'datasets/a/data.csv' }))).toBe('old');
      expect(await driver.headObject({ key: 'datasets/a/data.csv' })).toMatchObject({ contentType: 'text/csv' });
      expect(await fs.readdir(path.join(fixture.dataDir, '.tmp'))).toEqual([]);
    } finally {
      await fixture.close();
    }
  });

  it('removes temp files left by a crashed writer, and only old ones', async () => {
    const fixture = await setupLocalFromEnv();
    try {
      const tempDir = path.join(fixture.dataDir, '.tmp');
      await fs.mkdir(tempDir, { recursive: true });
      const stale = path.join(tempDir, 'crashed.part');
      const fresh = path.join(tempDir, 'in-flight.part');
      await fs.writeFile(stale, 'partial');
      await fs.writeFile(fresh, 'partial');
      const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
      await fs.utimes(stale, twoDaysAgo, twoDaysAgo);
      await localDriver({ dataDir: fixture.dataDir }).putObject({ key: 'datasets/a/x', body: 'x' });
      expect(await fs.readdir(tempDir)).toEqual(['in-flight.part']);
    } finally {
      await fixture.close();
    }
  });

  it('reports a conflict when an object would have to be a folder, and prunes emptied folders', async () => {
    const fixture = await setupLocalFromEnv();
    const driver = fixture.driver;
    try {
      await driver.putObject({ key: 'datasets/a/file', body: 'x' });
      await expectStorageError(driver.putObject({ key: 'datasets/a/file/inner', body: 'y' }), 'conflict');
      await driver.putObject({ key: 'datasets/b/c/d.csv', body: 'x' });
      await expectStorageError(driver.putObject({ key: 'datasets/b/c', body: 'y' }), 'conflict');
      await driver.deleteObject({ key: 'datasets/b/c/d.csv' });
      await expect(fs.stat(path.join(fixture.dataDir, 'datasets', 'b'))).rejects.toThrow();
      // Deleting a "folder" by its name is not deleting an object.
      await driver.putObject({ key: 'datasets/e/f.csv', body: 'x' });
      await driver.deleteObject({ key: 'datasets/e' });
      expect(await driver.headObject({ key: 'datasets/e/f.csv' })).not.toBeNull();
      expect(await driver.headObject({ key: 'datasets/e' })).toBeNull();
    } finally {
      await fixture.close();
    }
  });

  it('recovers from meta leftovers of a crash that sit where a new object needs them', async () => {
    const fixture = await setupLocalFromEnv();
    try {
      // A crash after deleting object `datasets/s/x` but before its meta: the meta file is left where the meta of
      // `datasets/s/x/y` needs a folder.
      await fs.mkdir(path.join(fixture.dataDir, '.meta', 'datasets', 's'), { recursive: true });
      await fs.writeFile(path.join(fixture.dataDir, '.meta', 'datasets', 's', 'x'), '{"contentType":"text/stale"}');
      await fixture.driver.putObject({ key: 'datasets/s/x/y', body: 'y', contentType: 'text/csv' });
      expect(await fixture.driver.headObject({ key: 'datasets/s/x/y' })).toMatchObject({ size: 1, contentType: 'text/csv' });
    } finally {
      await fixture.close();
    }
  });

  it('has no multipart: uploads are single PUTs, completing is unsupported, aborting is a no-op', async () => {
    const fixture = await setupLocalFromEnv();
    try {
      const plan = await fixture.driver.createUpload({ key: 'datasets/a/big.csv', contentType: 'text/csv', contentLength: 60 * 1024 * 1024 });
      expect(plan.kind).toBe('single');
      await expectStorageError(
        fixture.driver.completeUpload({ key: 'datasets/a/big.csv', uploadId: 'x', parts: [{ partNumber: 1, etag: '"e"' }] }),
        'unsupported',
      );
      await fixture.driver.abortUpload({ key: 'datasets/a/big.csv', uploadId: 'x' });
    } finally {
      await fixture.close();
    }
  });
});
