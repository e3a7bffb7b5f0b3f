import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { datasetSummaryFixture } from '../test-support/summary-fixture';
import { uploadDatasetFile, type UploadActions } from './upload-file';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** Just enough XMLHttpRequest for the upload code; each instance is answered by the test's `respond`. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  static respond: (xhr: FakeXhr) => void = () => undefined;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: Blob | null = null;
  status = 0;
  responseText = '';
  responseHeaders: Record<string, string> = {};
  upload: { onprogress: ((event: { loaded: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader(name: string) {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  send(body: Blob) {
    this.body = body;
    FakeXhr.sent.push(this);
    queueMicrotask(() => FakeXhr.respond(this));
  }
  abort() {
    this.onabort?.();
  }
  answer(status: number, { etag, text = '' }: { etag?: string; text?: string } = {}) {
    this.upload.onprogress?.({ loaded: (this.body?.size ?? 0) / 2 });
    this.status = status;
    this.responseText = text;
    if (etag) this.responseHeaders.etag = etag;
    this.onload?.();
  }
}

const dataset = datasetSummaryFixture({ id: ID, displayName: 'big.csv' });

function fakeActions(overrides: Partial<UploadActions> = {}) {
  const calls = { complete: [] as unknown[], abort: [] as unknown[] };
  const actions: UploadActions = {
    createUpload: async () => ({
      ok: true,
      id: ID,
      displayName: 'big.csv',
      notice: 'Saved as “big.csv”',
      plan: { kind: 'single', url: 'https://bucket.test/one', method: 'PUT', headers: { 'Content-Type': 'text/csv' }, expiresAt: '' },
    }),
    completeUpload: async (input) => {
      calls.complete.push(input);
      return { ok: true };
    },
    abortUpload: async (input) => {
      calls.abort.push(input);
      return { ok: true };
    },
    registerDataset: async () => ({ ok: true, dataset }),
    ...overrides,
  };
  return { actions, calls };
}

const multipart: UploadActions['createUpload'] = async () => ({
  ok: true,
  id: ID,
  displayName: 'big.csv',
  plan: {
    kind: 'multipart',
    uploadId: 'u-1',
    partSize: 4,
    expiresAt: '',
    parts: [1, 2].map((partNumber) => ({ partNumber, url: `https://bucket.test/p${partNumber}` })),
  },
});

const file = new File(['abcdef'], 'big.csv', { type: 'text/csv' });

beforeEach(() => {
  FakeXhr.sent = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => vi.unstubAllGlobals());

describe('uploadDatasetFile', () => {
  it('PUTs each part, completes with their ETags, registers, and reports progress up to the size', async () => {
    FakeXhr.respond = (xhr) => xhr.answer(200, { etag: `"etag-${xhr.url.slice(-1)}"` });
    const { actions, calls } = fakeActions({ createUpload: multipart });
    const progress: number[] = [];
    const outcome = await uploadDatasetFile({ file, signal: new AbortController().signal, actions, onProgress: ({ loaded }) => progress.push(loaded) });
    expect(outcome).toEqual({ ok: true, dataset });
    expect(await Promise.all(FakeXhr.sent.map(async (xhr) => [xhr.url, await xhr.body?.text()]))).toEqual([
      ['https://bucket.test/p1', 'abcd'],
      ['https://bucket.test/p2', 'ef'],
    ]);
    expect(calls.complete).toEqual([
      {
        id: ID,
        uploadId: 'u-1',
        parts: [
          { partNumber: 1, etag: '"etag-1"' },
          { partNumber: 2, etag: '"etag-2"' },
        ],
      },
    ]);
    expect(progress.at(-1)).toBe(6);
    expect(calls.abort).toEqual([]);
  });

  it('sends the signed headers of a single PUT and passes on the rename notice', async () => {
    FakeXhr.respond = (xhr) => xhr.answer(200);
    const { actions } = fakeActions();
    const outcome = await uploadDatasetFile({ file, signal: new AbortController().signal, actions, onProgress: () => undefined });
    expect(FakeXhr.sent[0]?.headers).toEqual({ 'Content-Type': 'text/csv' });
    expect(outcome).toMatchObject({ ok: true, notice: 'Saved as “big.csv”' });
  });

  it('cleans up after every failure and says what happened', async () => {
    FakeXhr.respond = (xhr) => xhr.answer(403, { text: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>' });
    let { actions, calls } = fakeActions();
    expect(await uploadDatasetFile({ file, signal: new AbortController().signal, actions, onProgress: () => undefined })).toEqual({
      ok: false,
      code: 'storage',
      message: 'Storage refused the upload (HTTP 403: Request has expired).',
      retryable: true,
    });
    expect(calls.abort).toEqual([{ id: ID }]);

    FakeXhr.respond = (xhr) => xhr.answer(200);
    ({ actions, calls } = fakeActions({
      registerDataset: async () => ({ ok: false, code: 'unreadable', message: '“big.csv” is compressed with gzip.', retryable: false }),
    }));
    expect(await uploadDatasetFile({ file, signal: new AbortController().signal, actions, onProgress: () => undefined })).toEqual({
      ok: false,
      code: 'unreadable',
      message: '“big.csv” is compressed with gzip.',
      retryable: false,
    });
    expect(calls.abort).toEqual([{ id: ID }]);

    FakeXhr.respond = (xhr) => xhr.answer(200);
    ({ actions, calls } = fakeActions({ createUpload: multipart }));
    const noEtag = await uploadDatasetFile({ file, signal: new AbortController().signal, actions, onProgress: () => undefined });
    expect(noEtag).toMatchObject({ ok: false, message: expect.stringContaining('ExposeHeaders') });
    expect(calls.complete).toEqual([]);
    expect(calls.abort).toEqual([{ id: ID }]);
  });

  it('takes no forged or malformed answer for data: each names the action and the field, and the upload is cleaned up', async () => {
    FakeXhr.respond = (xhr) => xhr.answer(200, { etag: '"etag"' });
    const upload = (overrides: Partial<UploadActions>) => {
      const fake = fakeActions(overrides);
      return {
        calls: fake.calls,
        outcome: uploadDatasetFile({ file, signal: new AbortController().signal, actions: fake.actions, onProgress: () => undefined }),
      };
    };
    const malformed = (message: string) => ({ ok: false, code: 'malformed_response', message, retryable: true });
    const reload = 'Reload the page and try again.';

    const noPlan = upload({ createUpload: async () => ({ ok: true, id: ID, displayName: 'big.csv' }) });
    expect(await noPlan.outcome).toEqual(
      malformed(`Upload: the server's answer could not be read (plan: Invalid input: expected object, received undefined). ${reload}`),
    );
    expect(FakeXhr.sent).toEqual([]);

    const strangeRefusal = upload({ createUpload: async () => ({ ok: false, code: 'teapot', message: 'short and stout', retryable: false }) });
    expect(await strangeRefusal.outcome).toMatchObject({ code: 'malformed_response', message: expect.stringContaining('Upload: ') });

    const halfDataset = upload({ registerDataset: async () => ({ ok: true, dataset: { id: ID, displayName: 'big.csv' } }) });
    expect(await halfDataset.outcome).toMatchObject({
      code: 'malformed_response',
      message: expect.stringMatching(/^Registering the file: the server's answer could not be read \(dataset\.\w+: /),
    });
    expect(halfDataset.calls.abort).toEqual([{ id: ID }]);

    const badComplete = upload({ createUpload: multipart, completeUpload: async () => 'done' });
    expect(await badComplete.outcome).toMatchObject({ code: 'malformed_response', message: expect.stringContaining('Completing the upload: ') });
    expect(badComplete.calls.abort).toEqual([{ id: ID }]);
  });

  it('a cancel aborts the request and the planned upload; an unreachable server is a network failure', async () => {
    const controller = new AbortController();
    FakeXhr.respond = () => controller.abort();
    const { actions, calls } = fakeActions();
    expect(await uploadDatasetFile({ file, signal: controller.signal, actions, onProgress: () => undefined })).toMatchObject({
      ok: false,
      code: 'cancelled',
      retryable: false,
    });
    expect(calls.abort).toEqual([{ id: ID }]);

    const offline = fakeActions({ createUpload: () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(await uploadDatasetFile({ file, signal: new AbortController().signal, actions: offline.actions, onProgress: () => undefined })).toEqual({
      ok: false,
      code: 'network',
      message: 'The server could not be reached (Failed to fetch).',
      retryable: true,
    });
  });
});
