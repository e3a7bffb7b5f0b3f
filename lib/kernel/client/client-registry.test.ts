import { afterEach, describe, expect, it, vi } from 'vitest';
import { acquireKernelClient, releaseKernelClient } from './client-registry';
import { KernelClient } from './kernel-client';
import { KernelDisposedError } from '../kernel-types';
import { FakeWorkerFactory } from '../testing/fake-kernel-worker';

function makeClient(factory: FakeWorkerFactory): KernelClient {
  return new KernelClient({ createHost: factory.createHost, indexURL: '/pyodide/', packagesURL: '/packages/' });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('client registry (one kernel per page)', () => {
  it("shares one client per key and survives StrictMode's release-and-reacquire", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const factory = new FakeWorkerFactory();
    const create = vi.fn(() => makeClient(factory));
    const first = acquireKernelClient('page-a', create);
    releaseKernelClient('page-a', first);
    const again = acquireKernelClient('page-a', create);
    const other = acquireKernelClient('page-a', create);
    expect(again).toBe(first);
    expect(other).toBe(first);
    expect(create).toHaveBeenCalledTimes(1);
    vi.runAllTimers();
    first.start();
    expect(factory.workers).toHaveLength(1);
    expect(factory.worker(0).terminated).toBe(false);

    releaseKernelClient('page-a', first);
    vi.runAllTimers();
    expect(factory.worker(0).terminated).toBe(false);
    releaseKernelClient('page-a', first);
    vi.runAllTimers();
    expect(factory.worker(0).terminated).toBe(true);
    await expect(first.run({ code: '1' })).rejects.toBeInstanceOf(KernelDisposedError);
    expect(acquireKernelClient('page-a', create)).not.toBe(first);
    expect(create).toHaveBeenCalledTimes(2);
  });
});
