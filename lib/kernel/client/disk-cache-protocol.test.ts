import { describe, expect, it } from 'vitest';
import { downloadFailureText, parseDownloadRequest } from './disk-cache-protocol';

const VALID = {
  type: 'download',
  url: 'http://127.0.0.1:3000/api/storage/object?op=get&key=k',
  folder: 'ask-your-data-datasets',
  partName: 'abc_DEF-1.part',
  size: 3,
};

describe('parseDownloadRequest (the download worker reads only this)', () => {
  it('accepts a download and an abort', () => {
    expect(parseDownloadRequest(VALID)).toEqual(VALID);
    expect(parseDownloadRequest({ type: 'abort', extra: 1 })).toEqual({ type: 'abort' });
  });

  it('refuses names that could leave the cache folder, non-http URLs and bad sizes', () => {
    for (const partName of ['../x.part', 'a/b.part', 'x', 'x.part.exe', '.part']) expect(parseDownloadRequest({ ...VALID, partName })).toBeNull();
    for (const folder of ['..', 'A/B', '']) expect(parseDownloadRequest({ ...VALID, folder })).toBeNull();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'blob:http://x/y', '/relative', 3])
      expect(parseDownloadRequest({ ...VALID, url })).toBeNull();
    for (const size of [-1, 1.5, '3', Number.MAX_SAFE_INTEGER + 2, undefined]) expect(parseDownloadRequest({ ...VALID, size })).toBeNull();
    expect(parseDownloadRequest(null)).toBeNull();
    expect(parseDownloadRequest({ type: 'run' })).toBeNull();
  });
});

describe('downloadFailureText', () => {
  it('quotes S3’s XML message, the app’s JSON message, else the status', async () => {
    expect(await downloadFailureText({ response: new Response('<Error><Message>Request has expired</Message></Error>', { status: 403 }) })).toBe(
      'Request has expired',
    );
    expect(await downloadFailureText({ response: Response.json({ message: 'This URL expired' }, { status: 403 }) })).toBe('This URL expired');
    expect(await downloadFailureText({ response: new Response('', { status: 502 }) })).toBe('HTTP 502');
  });
});
