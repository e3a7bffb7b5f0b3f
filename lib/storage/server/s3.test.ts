import { ListObjectsV2Command, NoSuchUpload } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEnv, resetEnvCache } from '@/lib/core/server/env';
import { createS3Storage, S3StorageDriver } from './s3';
import { choosePartSize } from './s3-upload';
import { getStorage, resetStorageCache, storageOptionsFromEnv } from './index';
import { MIB, s3Options, setupS3 } from '../test-support/s3-fixture';
import { TEST_BUCKET } from '../test-support/s3rver-server';
import { describeStorageContract, expectSameBytes, expectStorageError } from '../test-support/storage-contract';

// Overwrite atomicity is S3's own guarantee; s3rver writes objects in place, so that check runs for local only.
describeStorageContract({ name: 's3 (s3rver on loopback, key prefix app-prefix/)', setup: () => setupS3(), atomicOverwriteByDriver: false });

describe('s3 driver specifics', () => {
  let fixture: Awaited<ReturnType<typeof setupS3>>;
  beforeAll(async () => {
    fixture = await setupS3();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it('keeps every object under the configured prefix and hides it from callers', async () => {
    await fixture.driver.putObject({ key: 'datasets/p/x.csv', body: 'x' });
    const raw = await fixture.driver.client.send(new ListObjectsV2Command({ Bucket: TEST_BUCKET, Prefix: 'datasets/' }));
    expect(raw.Contents ?? []).toEqual([]);
    const prefixed = await fixture.driver.client.send(new ListObjectsV2Command({ Bucket: TEST_BUCKET, Prefix: 'app-prefix/datasets/p/' }));
    expect(prefixed.Contents?.map((item) => item.Key)).toEqual(['app-prefix/datasets/p/x.csv']);
    expect((await fixture.driver.listObjects({ prefix: 'datasets/p/' })).objects.map((object) => object.key)).toEqual(['datasets/p/x.csv']);
  });

  it('signs content type and length into presigned PUTs, and short expiries into GETs', async () => {
    const plan = await fixture.driver.createUpload({ key: 'datasets/p/a.csv', contentType: 'text/csv', contentLength: 10 });
    if (plan.kind !== 'single') throw new Error('expected a single PUT below the threshold');
    const put = new URL(plan.url);
    expect(put.pathname).toBe(`/${TEST_BUCKET}/app-prefix/datasets/p/a.csv`);
    expect(put.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(put.searchParams.get('X-Amz-Expires')).toBe('3600');
    // Quirk 3: no empty-body checksum may be baked into the URL.
    expect([...put.searchParams.keys()].filter((name) => name.toLowerCase().includes('checksum'))).toEqual([]);
    const get = new URL((await fixture.driver.createDownloadUrl({ key: 'datasets/p/a.csv' })).url);
    expect(get.searchParams.get('X-Amz-Expires')).toBe('300');
  });

  it('plans, uploads and completes a multipart upload just above the threshold', async () => {
    const size = 5 * MIB + 1234;
    const body = new Uint8Array(size);
    for (let index = 0; index < size; index += 1) body[index] = (index * 31 + 7) % 251;
    const plan = await fixture.driver.createUpload({ key: 'datasets/p/big.bin', contentType: 'application/octet-stream', contentLength: size });
    if (plan.kind !== 'multipart') throw new Error('expected a multipart plan above the threshold');
    expect(plan.partSize).toBe(5 * MIB);
    expect(plan.parts.map((part) => part.partNumber)).toEqual([1, 2]);
    expect(new URL(plan.parts[0]?.url ?? '').searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;host');
    const parts = [];
    for (const part of plan.parts) {
      const start = (part.partNumber - 1) * plan.partSize;
      const response = await fetch(part.url, { method: 'PUT', body: body.subarray(start, start + plan.partSize) });
      expect(response.status).toBe(200);
      const etag = response.headers.get('etag');
      expect(etag).toBeTruthy();
      parts.push({ partNumber: part.partNumber, etag: etag ?? '' });
    }
    // Out of order on purpose: completeUpload sorts them as S3 requires.
    await fixture.driver.completeUpload({ key: 'datasets/p/big.bin', uploadId: plan.uploadId, parts: parts.reverse() });
    expect(await fixture.driver.headObject({ key: 'datasets/p/big.bin' })).toMatchObject({ size });
    const download = await fetch((await fixture.driver.createDownloadUrl({ key: 'datasets/p/big.bin' })).url);
    expectSameBytes(new Uint8Array(await download.arrayBuffer()), body);
    const tail = await fixture.driver.getRange({ key: 'datasets/p/big.bin', start: size - 10, end: size + 10 });
    expectSameBytes(tail, body.subarray(size - 10));
  });

  it('validates completions before calling S3', async () => {
    const key = 'datasets/p/never.bin';
    const uploadId = 'some-upload';
    await expectStorageError(fixture.driver.completeUpload({ key, uploadId, parts: [] }), 'invalid_argument');
    await expectStorageError(
      fixture.driver.completeUpload({
        key,
        uploadId,
        parts: [
          { partNumber: 1, etag: '"a"' },
          { partNumber: 1, etag: '"b"' },
        ],
      }),
      'invalid_argument',
    );
    await expectStorageError(fixture.driver.completeUpload({ key, uploadId, parts: [{ partNumber: 0, etag: '"a"' }] }), 'invalid_argument');
    await expectStorageError(fixture.driver.abortUpload({ key, uploadId: '' }), 'invalid_argument');
  });

  it('aborts with DELETE ?uploadId, treats an unknown upload as aborted, and reports an unknown upload on completion', async () => {
    // s3rver has no AbortMultipartUpload (405) and answers an unknown upload id with InternalError, so this checks
    // the requests we send and our handling of real S3's NoSuchUpload by intercepting the SDK before the network.
    const driver = createS3Storage(s3Options({ endpoint: fixture.server.endpoint }));
    const sent: Array<{ method: string; path: string; query: Record<string, unknown> }> = [];
    let answer: 'ok' | 'no-such-upload' = 'ok';
    driver.client.middlewareStack.add(
      () => async (args) => {
        const request = args.request as { method: string; path: string; query: Record<string, unknown> };
        sent.push({ method: request.method, path: request.path, query: request.query });
        if (answer === 'no-such-upload') {
          throw new NoSuchUpload({ message: 'The specified upload does not exist.', $metadata: { httpStatusCode: 404 } });
        }
        // Returning without calling next() skips the network and the deserializer: the command resolves with this.
        return { response: { statusCode: 204, headers: {} }, output: { $metadata: { httpStatusCode: 204 } } };
      },
      { step: 'finalizeRequest', name: 'interceptForTest' },
    );
    try {
      const key = 'datasets/p/aborted.bin';
      await driver.abortUpload({ key, uploadId: 'upload-1' });
      answer = 'no-such-upload';
      await driver.abortUpload({ key, uploadId: 'upload-1' });
      expect(sent).toHaveLength(2);
      expect(sent[0]).toMatchObject({ method: 'DELETE', path: `/${TEST_BUCKET}/app-prefix/${key}`, query: { uploadId: 'upload-1' } });
      const missing = await expectStorageError(driver.completeUpload({ key, uploadId: 'upload-1', parts: [{ partNumber: 1, etag: '"a"' }] }), 'not_found');
      expect(missing.message).toBe(`No multipart upload upload-1 for ${key}`);
      expect(sent[2]).toMatchObject({ method: 'POST', query: { uploadId: 'upload-1' } });
    } finally {
      driver.client.destroy();
    }
  });

  it('reports a missing bucket as a backend error, not as an absent object', async () => {
    const driver = createS3Storage(s3Options({ endpoint: fixture.server.endpoint, bucket: 'no-such-bucket' }));
    try {
      const error = await expectStorageError(driver.getObject({ key: 'datasets/p/x.csv' }), 'backend');
      expect(error.message).toContain('NoSuchBucket');
      await expectStorageError(driver.deleteObject({ key: 'datasets/p/x.csv' }), 'backend');
      await expectStorageError(driver.listObjects({ prefix: 'datasets/' }), 'backend');
    } finally {
      driver.client.destroy();
    }
  });

  it('chooses part sizes of at least 5 MiB and at most 10,000 parts', () => {
    expect(choosePartSize({ contentLength: 6 * MIB, minPartSize: 1 })).toBe(5 * MIB);
    expect(choosePartSize({ contentLength: 100 * MIB, minPartSize: 8 * MIB })).toBe(8 * MIB);
    const fiveTerabytes = 5 * 1024 * 1024 * MIB;
    const size = choosePartSize({ contentLength: fiveTerabytes, minPartSize: 8 * MIB });
    expect(Math.ceil(fiveTerabytes / size)).toBeLessThanOrEqual(10_000);
  });
});

describe('getStorage from the environment', () => {
  it('builds the S3 driver from S3_* knobs and memoises it', () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      STORAGE: 's3',
      S3_BUCKET: 'bucket-from-env',
      S3_REGION: 'eu-west-1',
      S3_ENDPOINT: 'http://127.0.0.1:9',
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: 'team-a/',
      S3_MULTIPART_THRESHOLD_MB: '16',
      MAX_UPLOAD_MB: '100',
      DOWNLOAD_URL_EXPIRY_SECONDS: '120',
    });
    resetEnvCache();
    resetStorageCache();
    try {
      const storage = getStorage();
      expect(storage).toBeInstanceOf(S3StorageDriver);
      expect(getStorage()).toBe(storage);
      expect(storageOptionsFromEnv({ env: getEnv() })).toMatchObject({
        kind: 's3',
        bucket: 'bucket-from-env',
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:9',
        forcePathStyle: true,
        prefix: 'team-a/',
        multipartThresholdBytes: 16 * MIB,
        maxUploadBytes: 100 * MIB,
        downloadUrlExpirySeconds: 120,
      });
    } finally {
      process.env = saved;
      resetEnvCache();
      resetStorageCache();
    }
  });
});
