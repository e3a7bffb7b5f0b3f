import { beforeAll, describe, expect, it } from 'vitest';
import { expectCodedError } from '@/lib/testing/expect-error';
import { StorageError } from '../errors';
import type { StorageDriver } from '../types';
import { type ContractFixture, suiteStorageFixture } from './suite-fixture';

/**
 * The storage contract, run against every driver (local.test.ts, s3.test.ts), each through a ContractFixture
 * (./suite-fixture.ts).
 */
export type { ContractFixture } from './suite-fixture';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function bytesOf(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

export function textOf(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : decoder.decode(bytes);
}

export async function expectStorageError(promise: Promise<unknown>, code: StorageError['code']): Promise<StorageError> {
  return expectCodedError({ promise, errorClass: StorageError, code, what: 'a StorageError' });
}

/** Byte equality without vitest's element-by-element diffing, which takes seconds on megabytes. */
export function expectSameBytes(actual: Uint8Array | null, expected: Uint8Array): void {
  expect(actual, 'bytes expected, got null').not.toBeNull();
  const same = actual !== null && Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(expected);
  expect(same, `expected ${expected.byteLength} identical bytes, got ${actual?.byteLength} bytes that differ`).toBe(true);
}

/** Runs `tasks` with at most `limit` in flight: 1,050 puts at once would exhaust sockets or file handles. */
export async function runLimited(tasks: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) await task();
    }
  });
  await Promise.all(lanes);
}

const INVALID_KEYS = [
  '',
  '/datasets/x',
  '../etc/passwd',
  'datasets/../x',
  'datasets/./x',
  'datasets//x',
  'datasets/x/',
  'datasets\\x',
  'datasets/x\u0000y',
  'datasets/x\ny',
  'datasets/x\u007f',
  '.signing-secret',
  '.tmp/x',
  `datasets/${'x'.repeat(1020)}`,
];

/**
 * `atomicOverwriteByDriver`: whether the driver's own code makes overwrites atomic (local: temp file + rename). For
 * S3 that guarantee is the service's, and s3rver — the loopback stand-in — writes objects in place, so the check
 * would test the stand-in, not our code.
 */
export function describeStorageContract({
  name,
  setup,
  atomicOverwriteByDriver = true,
}: {
  name: string;
  setup: () => Promise<ContractFixture>;
  atomicOverwriteByDriver?: boolean;
}) {
  describe(`StorageDriver contract: ${name}`, () => {
    const fixture = suiteStorageFixture({ setup });
    let driver: StorageDriver;
    beforeAll(() => {
      driver = fixture.driver;
    });

    it('puts and gets strings and bytes, with content type; absent objects are null', async () => {
      await driver.putObject({ key: 'c/put/meta.json', body: '{"a":1}', contentType: 'application/json' });
      expect(textOf(await driver.getObject({ key: 'c/put/meta.json' }))).toBe('{"a":1}');
      const binary = Uint8Array.from({ length: 256 }, (_, index) => index);
      await driver.putObject({ key: 'c/put/bytes.bin', body: binary });
      expect(await driver.getObject({ key: 'c/put/bytes.bin' })).toEqual(binary);
      await driver.putObject({ key: 'c/put/empty', body: new Uint8Array(0) });
      expect(await driver.getObject({ key: 'c/put/empty' })).toEqual(new Uint8Array(0));
      expect(await driver.getObject({ key: 'c/put/missing.json' })).toBeNull();
      await driver.putObject({ key: 'c/put/ünïcode név.csv', body: 'x' });
      expect(textOf(await driver.getObject({ key: 'c/put/ünïcode név.csv' }))).toBe('x');
    });

    it('reads ranges: start, middle, past the end, beyond the end; refuses bad ranges and missing objects', async () => {
      await driver.putObject({ key: 'c/range/digits.txt', body: '0123456789' });
      const read = async (start: number, end: number) => textOf(await driver.getRange({ key: 'c/range/digits.txt', start, end }));
      expect(await read(0, 3)).toBe('0123');
      expect(await read(4, 6)).toBe('456');
      expect(await read(9, 9)).toBe('9');
      expect(await read(7, 1_000_000)).toBe('789');
      expect(await read(10, 20)).toBe('');
      expect(await read(500, 600)).toBe('');
      await expectStorageError(driver.getRange({ key: 'c/range/digits.txt', start: 5, end: 4 }), 'invalid_argument');
      await expectStorageError(driver.getRange({ key: 'c/range/digits.txt', start: -1, end: 4 }), 'invalid_argument');
      await expectStorageError(driver.getRange({ key: 'c/range/nope.txt', start: 0, end: 4 }), 'not_found');
    });

    it('heads objects: size, modification time, content type; null when absent', async () => {
      const before = Date.now();
      await driver.putObject({ key: 'c/head/a.csv', body: 'a,b\n1,2\n', contentType: 'text/csv' });
      const info = await driver.headObject({ key: 'c/head/a.csv' });
      expect(info).toMatchObject({ key: 'c/head/a.csv', size: 8, contentType: 'text/csv' });
      expect(info?.lastModified).toBeInstanceOf(Date);
      // Whole-second resolution on S3's side: allow a little slack.
      expect(info?.lastModified.getTime()).toBeGreaterThanOrEqual(before - 2_000);
      expect(await driver.headObject({ key: 'c/head/none.csv' })).toBeNull();
    });

    it('lists by prefix, sorted, relative to the root', async () => {
      for (const key of ['c/list/a/2.csv', 'c/list/a/1.csv', 'c/list/a/sub/3.csv', 'c/list/ab/4.csv', 'c/list/b/5.csv']) {
        await driver.putObject({ key, body: key });
      }
      const folder = await driver.listObjects({ prefix: 'c/list/a/' });
      expect(folder.objects.map((object) => object.key)).toEqual(['c/list/a/1.csv', 'c/list/a/2.csv', 'c/list/a/sub/3.csv']);
      expect(folder.nextCursor).toBeUndefined();
      expect(folder.objects[0]).toMatchObject({ size: 'c/list/a/1.csv'.length });
      expect(folder.objects[0]?.lastModified).toBeInstanceOf(Date);
      const partial = await driver.listObjects({ prefix: 'c/list/a' });
      expect(partial.objects.map((object) => object.key)).toEqual(['c/list/a/1.csv', 'c/list/a/2.csv', 'c/list/a/sub/3.csv', 'c/list/ab/4.csv']);
      expect((await driver.listObjects({ prefix: 'c/list/zzz/' })).objects).toEqual([]);
      const everything = await driver.listObjects({ prefix: '' });
      expect(everything.objects.map((object) => object.key)).toContain('c/list/b/5.csv');
    });

    it('pages past 1,000 objects with cursors', async () => {
      const keys = Array.from({ length: 1050 }, (_, index) => `c/many/${String(index).padStart(4, '0')}.txt`);
      await runLimited(
        keys.map((key) => () => driver.putObject({ key, body: 'x' })),
        32,
      );
      const first = await driver.listObjects({ prefix: 'c/many/' });
      expect(first.objects).toHaveLength(1000);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await driver.listObjects({ prefix: 'c/many/', cursor: first.nextCursor });
      expect(second.objects).toHaveLength(50);
      expect(second.nextCursor).toBeUndefined();
      expect([...first.objects, ...second.objects].map((object) => object.key)).toEqual(keys);

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await driver.listObjects({ prefix: 'c/many/', cursor, limit: 400 });
        seen.push(...page.objects.map((object) => object.key));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(keys);
      await expectStorageError(driver.listObjects({ prefix: 'c/many/', limit: 0 }), 'invalid_argument');

      await driver.deletePrefix({ prefix: 'c/many/' });
      expect((await driver.listObjects({ prefix: 'c/many/' })).objects).toEqual([]);
    }, 60_000);

    it('deletes objects; deleting an absent object is fine', async () => {
      await driver.putObject({ key: 'c/delete/x.csv', body: 'x' });
      await driver.deleteObject({ key: 'c/delete/x.csv' });
      expect(await driver.headObject({ key: 'c/delete/x.csv' })).toBeNull();
      expect(await driver.getObject({ key: 'c/delete/x.csv' })).toBeNull();
      await driver.deleteObject({ key: 'c/delete/x.csv' });
    });

    it('deletes a prefix and nothing beside it; refuses prefixes that are not folders', async () => {
      for (const key of ['c/dp/ds1/a.csv', 'c/dp/ds1/meta.json', 'c/dp/ds1/deep/b.csv', 'c/dp/ds10/c.csv', 'c/dp/ds2/d.csv']) {
        await driver.putObject({ key, body: key });
      }
      await driver.deletePrefix({ prefix: 'c/dp/ds1/' });
      expect((await driver.listObjects({ prefix: 'c/dp/' })).objects.map((object) => object.key)).toEqual(['c/dp/ds10/c.csv', 'c/dp/ds2/d.csv']);
      await driver.deletePrefix({ prefix: 'c/dp/nothing-here/' });
      await expectStorageError(driver.deletePrefix({ prefix: '' }), 'invalid_key');
      await expectStorageError(driver.deletePrefix({ prefix: 'c/dp/ds1' }), 'invalid_key');
      await expectStorageError(driver.deletePrefix({ prefix: '../server' }), 'invalid_key');
    });

    it('refuses invalid keys and prefixes in every operation', async () => {
      for (const key of INVALID_KEYS) {
        await expectStorageError(driver.putObject({ key, body: 'x' }), 'invalid_key');
        await expectStorageError(driver.getObject({ key }), 'invalid_key');
        await expectStorageError(driver.getRange({ key, start: 0, end: 1 }), 'invalid_key');
        await expectStorageError(driver.headObject({ key }), 'invalid_key');
        await expectStorageError(driver.deleteObject({ key }), 'invalid_key');
        await expectStorageError(driver.createUpload({ key, contentType: 'text/csv', contentLength: 1 }), 'invalid_key');
        await expectStorageError(driver.createDownloadUrl({ key }), 'invalid_key');
      }
      for (const prefix of ['/c', '../server', 'c/../', 'c//', '.tmp/', 'c\\d', 'c/\u0001']) {
        await expectStorageError(driver.listObjects({ prefix }), 'invalid_key');
      }
      const error = await expectStorageError(driver.getObject({ key: 'datasets/../secret' }), 'invalid_key');
      expect(error.message).toContain("'..' path segments are not allowed");
    });

    // Defined only where the guarantee is the driver's own (see atomicOverwriteByDriver above).
    if (atomicOverwriteByDriver)
      it('overwrites atomically: concurrent readers see the old or the new object, never a mix', async () => {
        const size = 2 * 1024 * 1024;
        const oldBody = new Uint8Array(size).fill(97);
        const newBody = new Uint8Array(size).fill(98);
        await driver.putObject({ key: 'c/atomic/data.bin', body: oldBody });
        const reads: Array<Promise<Uint8Array | null>> = [];
        const write = driver.putObject({ key: 'c/atomic/data.bin', body: newBody });
        for (let index = 0; index < 20; index += 1) reads.push(driver.getObject({ key: 'c/atomic/data.bin' }));
        await write;
        for (const read of await Promise.all(reads)) {
          expect(read?.length).toBe(size);
          const first = read?.[0];
          expect(first === 97 || first === 98).toBe(true);
          expect(read?.every((byte) => byte === first)).toBe(true);
        }
        expect((await driver.getObject({ key: 'c/atomic/data.bin' }))?.every((byte) => byte === 98)).toBe(true);
      });

    it('uploads through the planned URL and downloads through the download URL, with ranges', async () => {
      const body = bytesOf(`id,value\n${Array.from({ length: 2000 }, (_, index) => `${index},${index * 3}`).join('\n')}`);
      const plan = await driver.createUpload({ key: 'c/http/data.csv', contentType: 'text/csv', contentLength: body.length });
      expect(plan.kind).toBe('single');
      if (plan.kind !== 'single') return;
      expect(plan.headers['Content-Type']).toBe('text/csv');
      expect(Date.parse(plan.expiresAt)).toBeGreaterThan(Date.now());
      const put = await fixture.request({ url: plan.url, init: { method: plan.method, headers: plan.headers, body } });
      expect(put.status, await put.clone().text()).toBe(200);
      expect(await driver.headObject({ key: 'c/http/data.csv' })).toMatchObject({ size: body.length, contentType: 'text/csv' });

      const download = await driver.createDownloadUrl({ key: 'c/http/data.csv' });
      const expiresIn = Date.parse(download.expiresAt) - Date.now();
      expect(expiresIn).toBeGreaterThan(0);
      expect(expiresIn).toBeLessThanOrEqual(300_000);
      const whole = await fixture.request({ url: download.url, init: { method: 'GET' } });
      expect(whole.status).toBe(200);
      expectSameBytes(new Uint8Array(await whole.arrayBuffer()), body);

      const ranged = await fixture.request({ url: download.url, init: { method: 'GET', headers: { Range: 'bytes=9-18' } } });
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get('content-range')).toBe(`bytes 9-18/${body.length}`);
      expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(body.subarray(9, 19));
    });

    it('refuses uploads above MAX_UPLOAD_MB and nonsense lengths or types', async () => {
      const key = 'c/http/huge.csv';
      await expectStorageError(driver.createUpload({ key, contentType: 'text/csv', contentLength: fixture.maxUploadBytes + 1 }), 'too_large');
      await expectStorageError(driver.createUpload({ key, contentType: 'text/csv', contentLength: -1 }), 'invalid_argument');
      await expectStorageError(driver.createUpload({ key, contentType: 'text/csv', contentLength: 1.5 }), 'invalid_argument');
      await expectStorageError(driver.createUpload({ key, contentType: 'text/csv\r\nx: y', contentLength: 1 }), 'invalid_argument');
    });
  });
}
