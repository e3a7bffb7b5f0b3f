import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StreamChunk } from '@/workers/kernel-protocol';
import { KernelBusyError, KernelDisposedError } from '../kernel-types';
import { FAKE_INFO, fakeResult, settleMessages, until } from '../testing/fake-kernel-worker';
import { bytes, createTestClient, startReady } from '../testing/test-client';

afterEach(() => {
  vi.useRealTimers();
});

describe('KernelClient: boot', () => {
  it('reports boot progress, becomes ready, then boots exactly one standby', async () => {
    const setup = createTestClient({ autoBoot: false });
    const { client, factory, states } = setup;
    expect(client.getState()).toMatchObject({ state: 'loading', progress: 0, busy: false, generation: 0 });
    client.start();
    await until(() => {
      const state = client.getState();
      return state.state === 'loading' && state.progress > 0;
    }, 'boot progress');
    expect(client.getState()).toMatchObject({ state: 'loading', message: 'Loading Pyodide', progress: 0.25 });
    const init = factory.worker(0).kernel.initOptions[0];
    expect(init).toMatchObject({ indexURL: '/pyodide/', packagesURL: 'https://packages.example/pyodide/' });
    // The frame owns the interrupt flag: a SharedArrayBuffer cannot cross into an opaque-origin frame.
    expect(init).not.toHaveProperty('interruptBuffer');
    // The standby must not compete with the primary's boot.
    await settleMessages();
    expect(factory.workers).toHaveLength(1);

    factory.worker(0).kernel.boot.resolve(FAKE_INFO);
    await until(() => client.getState().state === 'ready', 'ready');
    expect(client.getState()).toEqual({ state: 'ready', info: FAKE_INFO, busy: false, generation: 0, lastLoss: null, prefetch: null, bindings: [] });
    expect(states.map((s) => s.state)).toEqual(['loading', 'loading', 'ready']);
    await until(() => factory.workers.length === 2 && factory.worker(1).kernel.calls.length > 0, 'the standby');
    expect(factory.worker(1).kernel.calls).toEqual(['init']);
    await settleMessages();
    expect(factory.workers).toHaveLength(2);
    expect(client.getTimings().bootMs).toEqual(expect.any(Number));
  });

  it('takes interruptibility from what the kernel frame reports', async () => {
    const isolated = createTestClient();
    await startReady(isolated);
    expect(isolated.client.getState()).toMatchObject({ state: 'ready', info: { interruptible: true } });
    const plain = createTestClient({ isolated: false });
    await startReady(plain);
    expect(plain.client.getState()).toMatchObject({ state: 'ready', info: { interruptible: false } });
  });

  it('shows a boot failure as the error state; a later run boots again and reports status load if that fails too', async () => {
    const { client, factory } = createTestClient({ autoBoot: false });
    client.start();
    await until(() => factory.worker(0).kernel.initOptions.length === 1, 'init');
    factory.worker(0).kernel.boot.reject(new Error('Failed to fetch pyodide.asm.wasm'));
    await until(() => client.getState().state === 'error', 'the error state');
    const state = client.getState();
    expect(state.state === 'error' && state.message).toContain('Failed to fetch pyodide.asm.wasm');
    expect(factory.worker(0).terminated).toBe(true);
    await settleMessages();
    expect(factory.workers).toHaveLength(1);

    const pending = client.run({ code: '1' });
    await until(() => factory.workers.length === 2, 'a second boot attempt');
    expect(client.getState().state).toBe('loading');
    factory.worker(1).kernel.boot.reject(new Error('still offline'));
    const result = await pending;
    expect(result.status).toBe('load');
    expect(result.error).toMatchObject({ type: 'KernelLoadError' });
    expect(result.error?.message).toContain('still offline');
    expect(client.getState().state).toBe('error');
  });

  it('a run issued while booting waits for the boot, and the boot does not count against its time limit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { client, factory } = createTestClient({ autoBoot: false });
    const pending = client.run({ code: 'x = 1', timeoutMs: 1000 });
    await until(() => factory.workers.length === 1 && factory.worker(0).kernel.initOptions.length === 1, 'init');
    vi.advanceTimersByTime(5000);
    await settleMessages();
    const kernel = factory.worker(0).kernel;
    expect(kernel.runs).toHaveLength(0);
    kernel.boot.resolve(FAKE_INFO);
    await until(() => kernel.runs.length === 1, 'the run to reach the worker');
    expect(kernel.interruptBuffer?.[0]).toBe(0);
    kernel.lastRun.settle.resolve(fakeResult('ok'));
    expect((await pending).status).toBe('ok');
  });
});

describe('KernelClient: runs', () => {
  it('tells subscribers of a run once it is sent, and of its end after the caller has the result', async () => {
    // React re-renders a subscribed page synchronously: told at once, the page would re-render before the code goes
    // out and between the kernel's answer and the code awaiting it.
    const setup = createTestClient();
    await startReady(setup);
    const { client, factory, states } = setup;
    const kernel = factory.worker(0).kernel;
    const told = states.length;
    const pending = client.run({ code: 'x = 1' });
    expect(client.getState().busy).toBe(true);
    expect(states).toHaveLength(told);
    await until(() => kernel.runs.length === 1, 'the run');
    expect(states.slice(told).map((state) => state.busy)).toEqual([true]);

    kernel.lastRun.settle.resolve(fakeResult('ok'));
    await pending;
    // The caller resumes with the run over, before any subscriber re-renders…
    expect(client.getState().busy).toBe(false);
    expect(states.slice(told).map((state) => state.busy)).toEqual([true]);
    // …which they do in a task of their own.
    await settleMessages(2);
    expect(states.slice(told).map((state) => state.busy)).toEqual([true, false]);
  });

  it('streams output, returns the worker result and tracks busy and the round trip', async () => {
    const setup = createTestClient();
    await startReady(setup);
    const { client, factory } = setup;
    const chunks: StreamChunk[] = [];
    const pending = client.run({ code: 'print(1)' }, { onStream: (chunk) => chunks.push(chunk) });
    expect(client.getState().busy).toBe(true);
    const kernel = factory.worker(0).kernel;
    await until(() => kernel.runs.length === 1, 'the run');
    expect(kernel.lastRun.request).toEqual({ code: 'print(1)' });
    kernel.lastRun.onStream({ stream: 'stdout', text: '1\n' });
    await until(() => chunks.length === 1, 'the streamed chunk');
    const expected = fakeResult('ok', { stdout: '1\n' });
    kernel.lastRun.settle.resolve(expected);
    expect(await pending).toEqual(expected);
    expect(chunks).toEqual([{ stream: 'stdout', text: '1\n' }]);
    expect(client.getState()).toMatchObject({ state: 'ready', busy: false, generation: 0 });
    expect(client.getTimings().lastRunMs).toEqual(expect.any(Number));
  });

  it('resets the interrupt flag to 0 before every run', async () => {
    const setup = createTestClient();
    await startReady(setup);
    const kernel = setup.factory.worker(0).kernel;
    const flag = kernel.interruptBuffer;
    if (!flag) throw new Error('expected an interrupt buffer');
    flag[0] = 2; // as if an interrupt had arrived after the previous run ended
    const pending = setup.client.run({ code: '1' });
    await until(() => kernel.runs.length === 1, 'the run');
    expect(kernel.lastRun.flagAtStart).toBe(0);
    kernel.lastRun.settle.resolve(fakeResult('ok'));
    await pending;
    flag[0] = 2;
    const second = setup.client.run({ code: '2' });
    await until(() => kernel.runs.length === 2, 'the second run');
    expect(kernel.lastRun.flagAtStart).toBe(0);
    kernel.lastRun.settle.resolve(fakeResult('ok'));
    await second;
  });

  it('rejects a second concurrent run with KernelBusyError and queues mountFiles behind the run', async () => {
    const setup = createTestClient();
    await startReady(setup);
    const { client, factory } = setup;
    const kernel = factory.worker(0).kernel;
    const first = client.run({ code: 'slow()' });
    await expect(client.run({ code: 'other()' })).rejects.toBeInstanceOf(KernelBusyError);
    const mounted = client.mountFiles([{ name: 'a.csv', data: bytes('a\n1\n') }]);
    await until(() => kernel.runs.length === 1, 'the first run');
    await settleMessages();
    expect(kernel.calls).toEqual(['init', 'run']);
    kernel.lastRun.settle.resolve(fakeResult('ok'));
    expect((await first).status).toBe('ok');
    expect(await mounted).toEqual([{ name: 'a.csv', path: '/data/a.csv', bytes: 4 }]);
    expect(kernel.calls).toEqual(['init', 'run', 'mount']);
    const next = client.run({ code: 'other()' });
    await until(() => kernel.runs.length === 2, 'the next run');
    kernel.lastRun.settle.resolve(fakeResult('python'));
    expect((await next).status).toBe('python');
  });

  it('copies mounted bytes, so the caller keeps its buffer', async () => {
    const setup = createTestClient();
    await startReady(setup);
    const data = bytes('x\n');
    await setup.client.mountFiles([{ name: 'x.csv', data }]);
    expect(data.byteLength).toBe(2);
    expect(setup.factory.worker(0).kernel.mounts).toEqual([[{ name: 'x.csv', text: 'x\n' }]]);
  });

  it('reset() recycles: the kernel is terminated, the standby takes over with the files, and a new standby boots', async () => {
    const setup = createTestClient();
    await startReady(setup);
    const { client, factory } = setup;
    await client.mountFiles([{ name: 'a.csv', data: bytes('a\n1\n') }]);
    await client.reset();
    expect(factory.worker(0).terminated).toBe(true);
    expect(client.getState()).toMatchObject({ state: 'ready', generation: 1, lastLoss: { reason: 'reset', generation: 1 } });
    // The promoted standby got the files before reset() resolved.
    expect(factory.worker(1).kernel.calls).toEqual(['init', 'mount']);
    expect(factory.worker(1).kernel.mounts[0]).toEqual([{ name: 'a.csv', text: 'a\n1\n' }]);
    await until(() => client.getStandbyStatus() === 'ready', 'a new standby');
    expect(factory.workers).toHaveLength(3);

    const next = client.run({ code: 'x' });
    await until(() => factory.worker(1).kernel.runs.length === 1, 'the run on the fresh kernel');
    factory.worker(1).kernel.lastRun.settle.resolve(fakeResult('ok'));
    expect((await next).status).toBe('ok');
  });

  it('dispose() terminates every worker, rejects the run in flight and every later call', async () => {
    const setup = createTestClient();
    await startReady(setup);
    const { client, factory } = setup;
    const pending = client.run({ code: 'x' });
    await until(() => factory.worker(0).kernel.runs.length === 1, 'the run');
    client.dispose();
    await expect(pending).rejects.toBeInstanceOf(KernelDisposedError);
    expect(factory.workers.map((worker) => worker.terminateCalls)).toEqual([1, 1]);
    await expect(client.run({ code: 'y' })).rejects.toBeInstanceOf(KernelDisposedError);
    await expect(client.reset()).rejects.toBeInstanceOf(KernelDisposedError);
    await expect(client.mountFiles([])).rejects.toBeInstanceOf(KernelDisposedError);
    await settleMessages();
    expect(factory.workers).toHaveLength(2);
  });
});

describe('KernelClient: background prefetch of the data libraries', () => {
  it('prefetches numpy, pandas and matplotlib on a primary whose mirror answered, never on the standby', async () => {
    const setup = createTestClient({ autoBoot: false });
    const { client, factory } = setup;
    client.start();
    await until(() => factory.workers.length === 1, 'the primary');
    const reachable = { ...FAKE_INFO, packageSource: { reachable: true, url: 'https://packages.example/pyodide/', detail: '' } };
    factory.worker(0).kernel.boot.resolve(reachable);
    await until(() => factory.worker(0).kernel.prefetches.length === 1, 'the prefetch');
    expect(factory.worker(0).kernel.prefetches[0]).toEqual(['numpy', 'pandas', 'matplotlib']);
    await until(() => factory.workers.length === 2, 'the standby');
    factory.worker(1).kernel.boot.resolve(reachable);
    await until(() => client.getStandbyStatus() === 'ready', 'the standby boot');
    await settleMessages();
    expect(factory.worker(1).kernel.prefetches).toEqual([]);
  });

  it('does not prefetch when the mirror did not answer, and the state says where it stands', async () => {
    const setup = createTestClient({ autoBoot: false });
    const { client, factory } = setup;
    client.start();
    await until(() => factory.workers.length === 1, 'the primary');
    const unreachable = { ...FAKE_INFO, packageSource: { reachable: false, url: 'https://packages.example/pyodide/', detail: 'Failed to fetch' } };
    factory.worker(0).kernel.boot.resolve(unreachable);
    await until(() => client.getState().state === 'ready', 'ready');
    await settleMessages();
    expect(factory.worker(0).kernel.prefetches).toEqual([]);
    expect(client.getState()).toMatchObject({ info: { packageSource: { reachable: false } }, prefetch: null });
  });
});
