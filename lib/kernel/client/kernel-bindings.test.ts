import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeResult } from '@/lib/kernel/testing/fake-kernel-worker';
import { bytes, createTestClient, startReady } from '@/lib/kernel/testing/test-client';
import type { DatasetDownload } from '@/lib/files/dataset-types';
import { bindBriefs, loadIntoPython } from './kernel-bindings';

/**
 * One owner of "which dataset is dfN": the files panel (loadIntoPython) and the Ask flow (bindBriefs) both go
 * through the real KernelClient (fake worker frames), so neither can bind a variable behind the other's back.
 */

const A = 'AAAAAAAAAAAAAAAAAAAAAA';
const B = 'BBBBBBBBBBBBBBBBBBBBBA';
const BODIES: Record<string, string> = { [A]: 'x\n1\n2\n', [B]: 'y\n9\n' };

function download(id: string, displayName: string): DatasetDownload {
  return {
    id,
    displayName,
    format: 'csv',
    size: BODIES[id]!.length,
    url: `https://bucket.test/${id}`,
    expiresAt: '2030-01-01T00:00:00Z',
    options: { hasHeader: true },
  };
}

const DOWNLOADS = [download(A, 'a.csv'), download(B, 'b.csv')];
const getDownloadUrls = async ({ ids }: { ids: string[] }) => ({ ok: true as const, downloads: ids.map((id) => DOWNLOADS.find((entry) => entry.id === id)!) });

afterEach(() => vi.unstubAllGlobals());

function stubFetch(): string[] {
  const fetched: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    const id = url.slice(url.lastIndexOf('/') + 1);
    fetched.push(id);
    return new Response(bytes(BODIES[id]!), { headers: { 'content-length': String(BODIES[id]!.length) } });
  });
  return fetched;
}

describe('dataset bindings owned by the kernel client', () => {
  it('ask about A, load B into Python from the files panel, follow up on A: the follow-up still reads A as df1', async () => {
    const fetched = stubFetch();
    const setup = createTestClient();
    await startReady(setup);
    const { client, factory } = setup;
    const kernel = { mountFiles: (files: Parameters<typeof client.mountFiles>[0]) => client.mountFiles(files), getBindings: () => client.getBindings() };

    // Question 1 about A: the brief names it df1.
    const first = await bindBriefs({ briefs: [{ id: A, variable: 'df1' }], kernel, getDownloadUrls });
    expect(first.map(({ variable, datasetId }) => [variable, datasetId])).toEqual([['df1', A]]);

    // The analyst loads B from the files panel: df1 is taken (the client says so), so B gets df2.
    await loadIntoPython({ ids: [B], kernel, getDownloadUrls });
    expect(client.getBindings().map(({ variable, datasetId }) => [variable, datasetId])).toEqual([
      ['df1', A],
      ['df2', B],
    ]);
    expect(client.getState().bindings.map((bound) => bound.variable)).toEqual(['df1', 'df2']);

    // The follow-up about A: df1 is still A, so nothing is fetched or mounted again.
    const follow = await bindBriefs({ briefs: [{ id: A, variable: 'df1' }], kernel, getDownloadUrls });
    expect(follow.find((bound) => bound.variable === 'df1')?.datasetId).toBe(A);
    expect(fetched).toEqual([A, B]);
    // What the worker was told, mount by mount: A as df1, then B as df2, nothing else.
    expect(factory.worker(0).kernel.bindings.map((mount) => mount.map((binding) => binding?.variable))).toEqual([['df1'], ['df2']]);
  });

  it('a question that binds B to df1 takes df1 from A, and the files panel then shows A unbound', async () => {
    stubFetch();
    const setup = createTestClient();
    await startReady(setup);
    const { client, factory } = setup;
    const kernel = { mountFiles: (files: Parameters<typeof client.mountFiles>[0]) => client.mountFiles(files), getBindings: () => client.getBindings() };

    await loadIntoPython({ ids: [A], kernel, getDownloadUrls });
    await bindBriefs({ briefs: [{ id: B, variable: 'df1' }], kernel, getDownloadUrls });
    expect(client.getBindings().map(({ variable, datasetId }) => [variable, datasetId])).toEqual([['df1', B]]);
    // Loading A again from the panel gives it a free variable, not df1 (which the conversation's code reads as B).
    await loadIntoPython({ ids: [A], kernel, getDownloadUrls });
    expect(client.getBindings().map(({ variable, datasetId }) => [variable, datasetId])).toEqual([
      ['df1', B],
      ['df2', A],
    ]);

    // A replacement worker (after a crash) gets every file with the bindings as they are now, not as first made.
    const pending = client.run({ code: 'df1' });
    await vi.waitFor(() => expect(factory.worker(0).kernel.runs).toHaveLength(1));
    factory.worker(0).crash('Out of memory');
    await pending;
    const next = client.run({ code: 'df1' });
    const promoted = factory.worker(1).kernel;
    await vi.waitFor(() => expect(promoted.runs).toHaveLength(1));
    const rebound = promoted.mounts.at(-1)!.map((file, index) => [file.name, promoted.bindings.at(-1)![index]?.variable]);
    expect(rebound).toEqual([
      ['a-AAAAAAAA.csv', 'df2'],
      ['b-BBBBBBBB.csv', 'df1'],
    ]);
    promoted.lastRun.settle.resolve(fakeResult('ok'));
    expect((await next).status).toBe('ok');
  });
});
