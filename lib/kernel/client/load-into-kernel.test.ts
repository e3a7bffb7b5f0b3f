import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientMountFile } from '@/lib/kernel/kernel-types';
import { mountDataBytes, type MountedFile } from '@/workers/kernel-protocol';
import type { DatasetDownload } from '@/lib/files/dataset-types';
import { DatasetLoadError, loadDatasetsIntoKernel, type LoadProgress } from './load-into-kernel';

const A = 'AAAAAAAAAAAAAAAAAAAAAA';
const B = 'BBBBBBBBBBBBBBBBBBBBBA';

function download(id: string, displayName: string, body: string): DatasetDownload {
  return {
    id,
    displayName,
    format: 'csv',
    size: new TextEncoder().encode(body).length,
    url: `https://bucket.test/${id}?sig=1`,
    expiresAt: new Date(Date.now() + 300_000).toISOString(),
    options: { delimiter: ',', encoding: 'utf-8', decimal: '.', hasHeader: true, names: ['a', 'b'] },
  };
}

/** A response whose body arrives in the given chunks, like a real streamed download. */
function streamed(chunks: string[], init: ResponseInit = {}): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(stream, init);
}

function fakeMount() {
  const calls: ClientMountFile[][] = [];
  const mountFiles = async (files: ClientMountFile[]): Promise<MountedFile[]> => {
    calls.push(files);
    return files.map((file) => ({ name: file.name, path: `/data/${file.name}`, bytes: mountDataBytes(file.data), variable: file.binding?.variable }));
  };
  return { calls, mountFiles };
}

const bodies: Record<string, string[]> = { [A]: ['a,b\n1,', '2\n3,4\n'], [B]: ['a,b\n9,9\n'] };
const downloads = [download(A, 'Sales 2024.csv', bodies[A]!.join('')), download(B, 'report', bodies[B]!.join(''))];
const getDownloadUrls = async ({ ids }: { ids: string[] }) => ({
  ok: true as const,
  downloads: ids.map((id) => downloads.find((entry) => entry.id === id)!),
});

afterEach(() => vi.unstubAllGlobals());

describe('loadDatasetsIntoKernel', () => {
  it('fetches each file with progress and mounts them at once, bound to df1..dfN in order', async () => {
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      expect(init?.credentials).toBe('omit');
      const id = new URL(url).pathname.slice(1);
      return streamed(bodies[id]!, { headers: { 'content-length': String(bodies[id]!.join('').length) } });
    });
    vi.stubGlobal('fetch', fetchMock);
    const { calls, mountFiles } = fakeMount();
    const progress: LoadProgress[] = [];
    const loaded = await loadDatasetsIntoKernel({ datasets: [{ id: A }, { id: B }], mountFiles, getDownloadUrls, onProgress: (p) => progress.push(p) });

    expect(loaded.map(({ variable, name, path }) => ({ variable, name, path }))).toEqual([
      { variable: 'df1', name: 'Sales_2024-AAAAAAAA.csv', path: '/data/Sales_2024-AAAAAAAA.csv' },
      { variable: 'df2', name: 'report-BBBBBBBB', path: '/data/report-BBBBBBBB' },
    ]);
    expect(calls).toHaveLength(1);
    const first = calls[0]![0]!.data;
    expect(first).toBeInstanceOf(ArrayBuffer);
    if (first instanceof ArrayBuffer) expect(new TextDecoder().decode(first)).toBe('a,b\n1,2\n3,4\n');
    expect(calls[0]![0]!.binding).toEqual({ variable: 'df1', format: 'csv', options: downloads[0]!.options });
    const forA = progress.filter((entry) => entry.id === A).map((entry) => entry.loaded);
    expect(forA).toEqual([0, 6, 12]);
    expect(progress.at(-1)).toMatchObject({ id: B, index: 1, count: 2, loaded: 8, total: 8 });
  });

  it('binds a dataset to the variable asked for, taking it from whatever held it, and tells the kernel client which dataset each file is', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => streamed(bodies[new URL(url).pathname.slice(1)]!)),
    );
    const { calls, mountFiles } = fakeMount();
    // A holds df1; B is asked for as df1 (an Ask brief) and A is reloaded too: A must move, not keep df1.
    const loaded = await loadDatasetsIntoKernel({
      datasets: [{ id: B, variable: 'df1' }, { id: A }],
      mountFiles,
      getDownloadUrls,
      loaded: [{ id: A, variable: 'df1' }],
    });
    expect(loaded.map(({ id, variable }) => [id, variable])).toEqual([
      [B, 'df1'],
      [A, 'df2'],
    ]);
    expect(calls[0]!.map((file) => file.dataset)).toEqual([
      { id: B, displayName: 'report' },
      { id: A, displayName: 'Sales 2024.csv' },
    ]);
  });

  it('keeps the variable of a dataset loaded before and gives a new one the lowest free dfN', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => streamed(bodies[new URL(url).pathname.slice(1)]!)),
    );
    const { mountFiles } = fakeMount();
    const before = [{ id: A, displayName: 'Sales 2024.csv', name: 'x.csv', path: '/data/x.csv', variable: 'df1', bytes: 12 }];
    const loaded = await loadDatasetsIntoKernel({ datasets: [{ id: B }, { id: A }], mountFiles, getDownloadUrls, loaded: before });
    expect(loaded.map((entry) => [entry.id, entry.variable])).toEqual([
      [B, 'df2'],
      [A, 'df1'],
    ]);
  });

  it('stops at once when aborted and mounts nothing', async () => {
    const controller = new AbortController();
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init?: RequestInit) => {
        const stream = new ReadableStream<Uint8Array>({
          start(streamController) {
            streamController.enqueue(new TextEncoder().encode('a,b\n'));
            init?.signal?.addEventListener('abort', () => streamController.error(init.signal?.reason));
          },
        });
        return new Response(stream);
      }),
    );
    const { calls, mountFiles } = fakeMount();
    const pending = loadDatasetsIntoKernel({
      datasets: [{ id: A }],
      mountFiles,
      getDownloadUrls,
      signal: controller.signal,
      onProgress: (p) => (p.loaded > 0 ? controller.abort() : undefined),
    });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toEqual([]);
  });

  it('takes no forged download list: a URL-less entry or a refusal it cannot read stops before any fetch, saying which field', async () => {
    const fetchMock = vi.fn(async () => new Response('a,b\n'));
    vi.stubGlobal('fetch', fetchMock);
    const { calls, mountFiles } = fakeMount();
    const noUrl = async () => ({ ok: true, downloads: [{ ...downloads[0], url: undefined }] });
    await expect(loadDatasetsIntoKernel({ datasets: [{ id: A }], mountFiles, getDownloadUrls: noUrl })).rejects.toThrow(
      "Preparing downloads: the server's answer could not be read (downloads.0.url: Invalid input: expected string, received undefined).",
    );
    const notAnAnswer = async () => '<html>502 Bad Gateway</html>';
    await expect(loadDatasetsIntoKernel({ datasets: [{ id: A }], mountFiles, getDownloadUrls: notAnAnswer })).rejects.toThrow(
      /^Preparing downloads: the server's answer could not be read \(/,
    );
    expect(fetchMock).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
  });

  it('reports refusals with the reason: the server, storage, and files too big for the browser', async () => {
    const { mountFiles } = fakeMount();
    const refused = async () => ({ ok: false as const, code: 'not_found' as const, message: 'This dataset no longer exists.', retryable: false });
    await expect(loadDatasetsIntoKernel({ datasets: [{ id: A }], mountFiles, getDownloadUrls: refused })).rejects.toThrow('This dataset no longer exists.');

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>', { status: 403 })),
    );
    const expired = loadDatasetsIntoKernel({ datasets: [{ id: A }], mountFiles, getDownloadUrls });
    await expect(expired).rejects.toBeInstanceOf(DatasetLoadError);
    await expect(expired).rejects.toThrow('“Sales 2024.csv” could not be downloaded: Request has expired');

    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    await expect(loadDatasetsIntoKernel({ datasets: [{ id: A }], mountFiles, getDownloadUrls, maxBytes: 5 })).rejects.toThrow(
      'at most 5 bytes can be loaded into Python',
    );
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
