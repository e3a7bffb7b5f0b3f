import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET, PUT } from '@/app/api/storage/object/route';
import { resetEnvCache } from '@/lib/core/server/env';
import { createStorage, resetStorageCache } from './index';
import { parseRangeHeader } from './http-range';
import type { StorageDriver } from '../types';
import { setupLocalFromEnv } from '../test-support/local-fixture';
import { bytesOf, type ContractFixture } from '../test-support/storage-contract';

/** The signed app route (app/api/storage/object/route.ts), called directly with Request objects. */
let fixture: ContractFixture & { dataDir: string };
let driver: StorageDriver;
const body = bytesOf('0123456789abcdefghij');

beforeAll(async () => {
  fixture = await setupLocalFromEnv();
  driver = fixture.driver;
  await driver.putObject({ key: 'datasets/r/data.txt', body, contentType: 'text/plain' });
});
afterAll(() => fixture.close());

const absolute = (url: string) => new URL(url, 'http://app.test');

function tamper(url: string, name: string, value: string): URL {
  const parsed = absolute(url);
  parsed.searchParams.set(name, value);
  return parsed;
}

async function errorOf(response: Response): Promise<{ status: number; error: string; message: string }> {
  const json = (await response.json()) as { error: string; message: string };
  return { status: response.status, ...json };
}

async function uploadUrl(key: string, contentLength: number): Promise<string> {
  const plan = await driver.createUpload({ key, contentType: 'text/csv', contentLength });
  if (plan.kind !== 'single') throw new Error('local plans are single PUTs');
  return plan.url;
}

describe('GET /api/storage/object', () => {
  it('serves the object with safe headers', async () => {
    const { url } = await driver.createDownloadUrl({ key: 'datasets/r/data.txt' });
    expect(url).toMatch(/^\/api\/storage\/object\?op=get&key=datasets%2Fr%2Fdata\.txt&exp=\d+&sig=[\w-]{43}$/);
    const response = await GET(new Request(absolute(url)));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('content-length')).toBe('20');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(body);
  });

  it('answers Range requests with 206 (start, suffix, open end, clipped) and 416 past the end', async () => {
    const { url } = await driver.createDownloadUrl({ key: 'datasets/r/data.txt' });
    const ranged = async (range: string) => GET(new Request(absolute(url), { headers: { Range: range } }));
    const cases: Array<[string, string, string]> = [
      ['bytes=0-3', '0123', 'bytes 0-3/20'],
      ['bytes=10-12', 'abc', 'bytes 10-12/20'],
      ['bytes=-4', 'ghij', 'bytes 16-19/20'],
      ['bytes=17-', 'hij', 'bytes 17-19/20'],
      ['bytes=18-99', 'ij', 'bytes 18-19/20'],
    ];
    for (const [range, text, contentRange] of cases) {
      const response = await ranged(range);
      expect(response.status, range).toBe(206);
      expect(response.headers.get('content-range')).toBe(contentRange);
      expect(response.headers.get('content-length')).toBe(String(text.length));
      expect(await response.text()).toBe(text);
    }
    const beyond = await ranged('bytes=20-30');
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */20');
    // Multi-range and foreign units are ignored: the whole object, 200.
    expect((await ranged('bytes=0-1,4-5')).status).toBe(200);
    expect((await ranged('items=0-1')).status).toBe(200);
  });

  it('answers HEAD with headers only', async () => {
    const { url } = await driver.createDownloadUrl({ key: 'datasets/r/data.txt' });
    const response = await GET(new Request(absolute(url), { method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('20');
    expect(response.body).toBeNull();
  });

  it('refuses tampered URLs with 403 and says why', async () => {
    const { url } = await driver.createDownloadUrl({ key: 'datasets/r/data.txt' });
    const exp = Number(absolute(url).searchParams.get('exp'));
    const tampered = [
      tamper(url, 'key', 'datasets/r/other.txt'),
      tamper(url, 'exp', String(exp + 3600)),
      tamper(url, 'sig', 'A'.repeat(43)),
      tamper(url, 'sig', 'short'),
    ];
    for (const target of tampered) {
      const result = await errorOf(await GET(new Request(target)));
      expect(result).toMatchObject({ status: 403, error: 'forbidden' });
      expect(result.message).toMatch(/^Signature does not match this URL/);
    }
  });

  it('refuses expired URLs with 403 and the expiry time', async () => {
    const past = createStorage({
      kind: 'local',
      dataDir: fixture.dataDir,
      uploadUrlExpirySeconds: 3600,
      downloadUrlExpirySeconds: 60,
      maxUploadBytes: 1024,
      now: () => Date.now() - 10 * 60 * 1000,
    });
    const { url, expiresAt } = await past.createDownloadUrl({ key: 'datasets/r/data.txt' });
    const result = await errorOf(await GET(new Request(absolute(url))));
    expect(result).toMatchObject({ status: 403, error: 'forbidden' });
    expect(result.message).toContain(`This URL expired at ${expiresAt}`);
  });

  it('refuses an upload URL used for GET, a missing signature, and a missing object', async () => {
    const put = await errorOf(await GET(new Request(absolute(await uploadUrl('datasets/r/up.csv', 3)))));
    expect(put).toMatchObject({ status: 403, message: 'This URL is signed for uploads (PUT) and cannot be used with GET' });
    const { url } = await driver.createDownloadUrl({ key: 'datasets/r/data.txt' });
    const unsigned = absolute(url);
    unsigned.searchParams.delete('sig');
    expect(await errorOf(await GET(new Request(unsigned)))).toMatchObject({
      status: 400,
      message: "Signed storage URL is missing its 'sig' parameter",
    });
    const missing = await driver.createDownloadUrl({ key: 'datasets/r/missing.txt' });
    expect(await errorOf(await GET(new Request(absolute(missing.url))))).toMatchObject({ status: 404, error: 'not_found' });
  });
});

describe('PUT /api/storage/object', () => {
  const put = (url: string | URL, init: RequestInit) => PUT(new Request(typeof url === 'string' ? absolute(url) : url, { method: 'PUT', ...init }));

  it('stores the body under the signed key and content type', async () => {
    const url = await uploadUrl('datasets/r/new.csv', 8);
    expect(url).toMatch(/^\/api\/storage\/object\?op=put&key=[^&]+&exp=\d+&len=8&type=text%2Fcsv&sig=[\w-]{43}$/);
    const response = await put(url, { headers: { 'Content-Type': 'text/csv', 'Content-Length': '8' }, body: 'a,b\n1,2\n' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ key: 'datasets/r/new.csv', size: 8 });
    expect(await driver.headObject({ key: 'datasets/r/new.csv' })).toMatchObject({ size: 8, contentType: 'text/csv' });
  });

  it('streams a body that arrives in chunks (no Content-Length)', async () => {
    const chunk = new Uint8Array(256 * 1024).fill(7);
    const chunks = 40;
    const url = await uploadUrl('datasets/r/stream.bin', chunk.length * chunks);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === chunks) controller.close();
        else {
          sent += 1;
          controller.enqueue(chunk);
        }
      },
    });
    const response = await put(url, { headers: { 'Content-Type': 'text/csv' }, body: stream, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(200);
    expect((await driver.headObject({ key: 'datasets/r/stream.bin' }))?.size).toBe(chunk.length * chunks);
  });

  it('refuses the wrong length, type or method with specific messages and keeps the old object', async () => {
    await driver.putObject({ key: 'datasets/r/keep.csv', body: 'original', contentType: 'text/csv' });
    const url = await uploadUrl('datasets/r/keep.csv', 5);
    const checks: Array<[Response, number, RegExp]> = [
      [
        await put(url, { headers: { 'Content-Type': 'text/csv', 'Content-Length': '6' }, body: '123456' }),
        403,
        /^Content-Length 6 does not match the signed length of 5 bytes$/,
      ],
      [await put(url, { headers: { 'Content-Type': 'text/csv' }, body: '123456' }), 400, /^Upload body is longer than the signed length of 5 bytes$/],
      [await put(url, { headers: { 'Content-Type': 'text/csv' }, body: '1234' }), 400, /^Upload body ended after 4 bytes; the URL was signed for 5 bytes$/],
      [
        await put(url, { headers: { 'Content-Type': 'text/html' }, body: '12345' }),
        403,
        /^Content-Type "text\/html" does not match the signed type "text\/csv"$/,
      ],
      [await put(tamper(url, 'len', '500'), { headers: { 'Content-Type': 'text/csv' }, body: '12345' }), 403, /^Signature does not match/],
      [
        await put((await driver.createDownloadUrl({ key: 'datasets/r/keep.csv' })).url, { headers: { 'Content-Type': 'text/csv' }, body: '12345' }),
        403,
        /^This URL is signed for downloads \(GET\) and cannot be used with PUT$/,
      ],
    ];
    for (const [response, status, message] of checks) {
      const result = await errorOf(response);
      expect(result.status, result.message).toBe(status);
      expect(result.message).toMatch(message);
    }
    const download = await driver.createDownloadUrl({ key: 'datasets/r/keep.csv' });
    expect(await (await GET(new Request(absolute(download.url)))).text()).toBe('original');
  });
});

describe('route with STORAGE=s3', () => {
  it('is not served: the browser uses presigned S3 URLs instead', async () => {
    const { url } = await driver.createDownloadUrl({ key: 'datasets/r/data.txt' });
    const saved = { ...process.env };
    Object.assign(process.env, { STORAGE: 's3', S3_BUCKET: 'some-bucket' });
    resetEnvCache();
    resetStorageCache();
    try {
      expect(await errorOf(await GET(new Request(absolute(url))))).toMatchObject({
        status: 404,
        message: 'Signed app URLs are served only with STORAGE=local',
      });
    } finally {
      process.env = saved;
      resetEnvCache();
      resetStorageCache();
    }
  });
});

describe('parseRangeHeader', () => {
  it('parses single byte ranges and ignores what it does not understand', () => {
    expect(parseRangeHeader({ header: null, size: 10 })).toEqual({ kind: 'none' });
    expect(parseRangeHeader({ header: 'bytes=2-4', size: 10 })).toEqual({ kind: 'range', start: 2, end: 4 });
    expect(parseRangeHeader({ header: 'bytes=-100', size: 10 })).toEqual({ kind: 'range', start: 0, end: 9 });
    expect(parseRangeHeader({ header: 'bytes=-0', size: 10 })).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader({ header: 'bytes=0-', size: 0 })).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader({ header: 'bytes=5-2', size: 10 })).toEqual({ kind: 'none' });
    expect(parseRangeHeader({ header: 'bytes=-', size: 10 })).toEqual({ kind: 'none' });
  });
});
