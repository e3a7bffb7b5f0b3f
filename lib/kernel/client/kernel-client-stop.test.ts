import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamChunk } from '@/workers/kernel-protocol';
import { FAKE_INFO, fakeResult, settleMessages, until } from '../testing/fake-kernel-worker';
import { bytes, createTestClient, startReady } from '../testing/test-client';
import type { FakeKernel } from '../testing/fake-kernel-worker';

/** Interrupts reach the frame as messages (it owns the flag), so the flag is read once they have arrived. */
async function flagIs(kernel: FakeKernel, value: number): Promise<void> {
  await until(() => kernel.interruptBuffer?.[0] === value, `the frame's interrupt flag to be ${value}`);
}

// Timers are fake; MessageChannel traffic is real (until/settleMessages turn the event loop with setImmediate).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('KernelClient: time limit and Stop through the interrupt flag', () => {
  it("writes 2 into the flag at the limit and relabels the worker's interrupted result as timeout, keeping the kernel", async () => {
    const setup = createTestClient();
    await startReady(setup);
    const { client, factory } = setup;
    const kernel = factory.worker(0).kernel;
    const pending = client.run({ code: 'while True: pass', timeoutMs: 5000 });
    await until(() => kernel.runs.length === 1, 'the run');
    expect(kernel.lastRun.request).toEqual({ code: 'while True: pass', timeoutMs: 5000 });
    vi.advanceTimersByTime(4999);
    await settleMessages();
    expect(kernel.interruptBuffer?.[0]).toBe(0);
    vi.advanceTimersByTime(1);
    await flagIs(kernel, 2);

    kernel.lastRun.settle.resolve(fakeResult('interrupted'));
    const result = await pending;
    expect(result.status).toBe('timeout');
    expect(result.error).toMatchObject({ type: 'Timeout', line: 3, traceback: 'Traceback…' });
    expect(result.error?.message).toBe('The code ran longer than the 5 s time limit and was interrupted. Variables are kept.');
    await flagIs(kernel, 0);
    vi.advanceTimersByTime(10_000);
    expect(factory.worker(0).terminateCalls).toBe(0);
    expect(client.getState()).toMatchObject({ state: 'ready', busy: false, generation: 0, lastLoss: null });

    const next = client.run({ code: 'x' });
    await until(() => kernel.runs.length === 2, 'the next run on the same worker');
    kernel.lastRun.settle.resolve(fakeResult('ok'));
    expect((await next).status).toBe('ok');
  });

  it('uses the client default time limit, and stop() keeps the status interrupted', async () => {
    const setup = createTestClient({ timeoutMs: 30_000 });
    await startReady(setup);
    const kernel = setup.factory.worker(0).kernel;
    const pending = setup.client.run({ code: 'loop()' });
    await until(() => kernel.runs.length === 1, 'the run');
    expect(kernel.lastRun.request.timeoutMs).toBe(30_000);
    setup.client.stop();
    await flagIs(kernel, 2);
    kernel.lastRun.settle.resolve(fakeResult('interrupted'));
    const result = await pending;
    expect(result.status).toBe('interrupted');
    expect(result.error?.type).toBe('KeyboardInterrupt');
    expect(setup.factory.worker(0).terminateCalls).toBe(0);
  });

  it('pauses the time limit while the worker loads packages', async () => {
    const setup = createTestClient();
    await startReady(setup);
    const kernel = setup.factory.worker(0).kernel;
    const progress: string[] = [];
    const pending = setup.client.run({ code: 'import pandas', timeoutMs: 1000 }, { onProgress: (p) => progress.push(p.message) });
    await until(() => kernel.runs.length === 1, 'the run');
    vi.advanceTimersByTime(400);
    kernel.lastRun.onProgress({ phase: 'package', message: 'Loading pandas', packageName: 'pandas', index: 0, total: 1, state: 'loading' });
    await until(() => progress.length === 1, 'package progress');
    vi.advanceTimersByTime(10_000);
    await settleMessages();
    expect(kernel.interruptBuffer?.[0]).toBe(0);
    kernel.lastRun.onProgress({ phase: 'package', message: 'Loaded pandas', packageName: 'pandas', index: 0, total: 1, state: 'loaded' });
    await until(() => progress.length === 2, 'package loaded');
    vi.advanceTimersByTime(599);
    await settleMessages();
    expect(kernel.interruptBuffer?.[0]).toBe(0);
    vi.advanceTimersByTime(1);
    await flagIs(kernel, 2);
    kernel.lastRun.settle.resolve(fakeResult('interrupted'));
    expect((await pending).status).toBe('timeout');
  });
});

describe('KernelClient: code that ignores the interrupt', () => {
  it('terminates after the grace, settles as timeout, promotes the ready standby, re-mounts files and ignores the dead worker', async () => {
    const setup = createTestClient({ interruptGraceMs: 1000 });
    await startReady(setup);
    const { client, factory } = setup;
    await client.mountFiles([{ name: 'sales.csv', data: bytes('region,amount\nnorth,3\n') }]);
    const dead = factory.worker(0);
    const chunks: StreamChunk[] = [];
    const pending = client.run({ code: 'time.sleep(999)', timeoutMs: 2000 }, { onStream: (chunk) => chunks.push(chunk) });
    await until(() => dead.kernel.runs.length === 1, 'the run');
    dead.kernel.lastRun.onStream({ stream: 'stdout', text: 'partial\n' });
    await until(() => chunks.length === 1, 'the first chunk');

    vi.advanceTimersByTime(2000);
    await flagIs(dead.kernel, 2);
    vi.advanceTimersByTime(999);
    expect(dead.terminateCalls).toBe(0);
    vi.advanceTimersByTime(1);
    expect(dead.terminateCalls).toBe(1);
    // Promoted synchronously: no wait for a second boot.
    expect(client.getState()).toMatchObject({ state: 'ready', info: FAKE_INFO, generation: 1, lastLoss: { reason: 'timeout', generation: 1 } });

    const result = await pending;
    expect(result.status).toBe('timeout');
    expect(result.error?.type).toBe('Timeout');
    expect(result.error?.message).toBe(
      'The code ran longer than the 2 s time limit. The code did not respond to the interrupt (long C calls such as a large numpy/pandas operation or time.sleep ignore it), so the worker had to be stopped. The Python kernel was restarted: variables from earlier runs were lost (data files are mounted again).',
    );
    expect(result.stdout).toBe('partial\n');
    expect(client.getState().busy).toBe(false);

    await until(() => factory.workers.length === 3, 'a new standby');
    await until(() => factory.worker(2).kernel.calls.length === 1, 'the new standby to boot');
    const promoted = factory.worker(1).kernel;
    const next = client.run({ code: 'df1.head()' });
    await until(() => promoted.runs.length === 1, 'the run on the promoted worker');
    expect(promoted.calls).toEqual(['init', 'mount', 'run']);
    expect(promoted.mounts).toEqual([[{ name: 'sales.csv', text: 'region,amount\nnorth,3\n' }]]);
    expect(promoted.lastRun.flagAtStart).toBe(0);

    // The dead worker answers late: nothing of it may reach the page.
    const statesBefore = setup.states.length;
    dead.kernel.lastRun.onStream({ stream: 'stdout', text: 'late\n' });
    dead.kernel.lastRun.settle.resolve(fakeResult('ok'));
    await settleMessages();
    expect(chunks).toEqual([{ stream: 'stdout', text: 'partial\n' }]);
    expect(setup.states.length).toBe(statesBefore);
    expect(client.getState()).toMatchObject({ state: 'ready', busy: true, generation: 1 });

    promoted.lastRun.settle.resolve(fakeResult('ok', { stdout: 'fine\n' }));
    expect(await next).toMatchObject({ status: 'ok', stdout: 'fine\n' });
    expect(factory.worker(1).terminateCalls).toBe(0);
    expect(client.getTimings().lastRecoveryMs).toEqual(expect.any(Number));
  });

  it('relabels a kill caused by stop() as interrupted', async () => {
    const setup = createTestClient({ interruptGraceMs: 500 });
    await startReady(setup);
    const pending = setup.client.run({ code: 'sum(range(10**10))' });
    await until(() => setup.factory.worker(0).kernel.runs.length === 1, 'the run');
    setup.client.stop();
    vi.advanceTimersByTime(500);
    expect(setup.factory.worker(0).terminateCalls).toBe(1);
    const result = await pending;
    expect(result.status).toBe('interrupted');
    expect(result.error?.type).toBe('Interrupted');
    expect(result.error?.message).toMatch(/^Stopped\. The code did not respond to the interrupt.*variables from earlier runs were lost/);
    expect(setup.client.getState()).toMatchObject({ lastLoss: { reason: 'interrupted', generation: 1 } });
  });
});

describe('KernelClient: page not cross-origin isolated', () => {
  it('stop() terminates at once and the standby takes over', async () => {
    const setup = createTestClient({ isolated: false });
    await startReady(setup);
    const { client, factory } = setup;
    const pending = client.run({ code: 'loop()' });
    await until(() => factory.worker(0).kernel.runs.length === 1, 'the run');
    client.stop();
    expect(factory.worker(0).terminateCalls).toBe(1);
    const result = await pending;
    expect(result.status).toBe('interrupted');
    expect(result.error?.message).toContain('This page cannot interrupt Python (it is not cross-origin isolated)');
    expect(client.getState()).toMatchObject({ state: 'ready', generation: 1 });
  });

  it('the time limit terminates at once, without a grace', async () => {
    const setup = createTestClient({ isolated: false, interruptGraceMs: 5000 });
    await startReady(setup);
    const pending = setup.client.run({ code: 'loop()', timeoutMs: 100 });
    await until(() => setup.factory.worker(0).kernel.runs.length === 1, 'the run');
    vi.advanceTimersByTime(100);
    expect(setup.factory.worker(0).terminateCalls).toBe(1);
    expect((await pending).status).toBe('timeout');
  });

  it('stop() before the code reached the worker ends the run without killing anything', async () => {
    const { client, factory } = createTestClient({ autoBoot: false });
    const pending = client.run({ code: 'x' });
    await until(() => factory.workers.length === 1 && factory.worker(0).kernel.initOptions.length === 1, 'init');
    client.stop();
    factory.worker(0).kernel.boot.resolve(FAKE_INFO);
    const result = await pending;
    expect(result.status).toBe('interrupted');
    expect(result.error?.message).toBe('Stopped before the code started.');
    expect(factory.worker(0).terminateCalls).toBe(0);
    expect(factory.worker(0).kernel.runs).toHaveLength(0);
  });
});
