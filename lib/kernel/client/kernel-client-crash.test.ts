import { describe, expect, it } from 'vitest';
import { FAKE_INFO, fakeResult, settleMessages, until } from '../testing/fake-kernel-worker';
import { bytes, createTestClient, startReady } from '../testing/test-client';
import { KernelClient } from './kernel-client';
import type { KernelHost } from '../kernel-types';

function createTestClientWith(createHost: () => KernelHost) {
  return { client: new KernelClient({ createHost, indexURL: '/pyodide/', packagesURL: '/packages/' }) };
}

describe('KernelClient: worker crashes', () => {
  it('an error event during a run settles it as crashed and the ready standby takes over', async () => {
    const setup = createTestClient();
    await startReady(setup);
    const { client, factory } = setup;
    await client.mountFiles([{ name: 'big.parquet', data: bytes('PAR1') }]);
    const pending = client.run({ code: 'df1.merge(df1, how="cross")' });
    await until(() => factory.worker(0).kernel.runs.length === 1, 'the run');
    factory.worker(0).crash('Out of memory');
    expect(factory.worker(0).terminateCalls).toBe(1);
    expect(client.getState()).toMatchObject({ state: 'ready', generation: 1, lastLoss: { reason: 'crashed', generation: 1 } });

    const result = await pending;
    expect(result.status).toBe('crashed');
    expect(result.error?.type).toBe('KernelCrashed');
    expect(result.error?.message).toBe(
      'The Python kernel crashed (Out of memory), perhaps by running out of memory. The Python kernel was restarted: variables from earlier runs were lost (data files are mounted again). Try a smaller sample of the data.',
    );
    await until(() => factory.workers.length === 3, 'a new standby');

    const next = client.run({ code: 'df1.shape' });
    const promoted = factory.worker(1).kernel;
    await until(() => promoted.runs.length === 1, 'the run on the promoted worker');
    expect(promoted.calls).toEqual(['init', 'mount', 'run']);
    expect(promoted.mounts[0]).toEqual([{ name: 'big.parquet', text: 'PAR1' }]);
    promoted.lastRun.settle.resolve(fakeResult('ok'));
    expect((await next).status).toBe('ok');
  });

  it('shows loading until a standby that is still booting is ready, and only then boots the next standby', async () => {
    const setup = createTestClient({ autoBoot: false });
    const { client, factory } = setup;
    client.start();
    await until(() => factory.workers.length === 1 && factory.worker(0).kernel.initOptions.length === 1, 'init');
    factory.worker(0).kernel.boot.resolve(FAKE_INFO);
    await until(() => factory.workers.length === 2 && factory.worker(1).kernel.initOptions.length === 1, 'the standby boot');
    expect(client.getStandbyStatus()).toBe('booting');
    await settleMessages(); // the standby's boot progress travels back over its channel

    factory.worker(0).crash('');
    expect(client.getState()).toMatchObject({ state: 'loading', message: 'Loading Pyodide', generation: 1 });
    await settleMessages();
    expect(factory.workers).toHaveLength(2);
    factory.worker(1).kernel.boot.resolve(FAKE_INFO);
    await until(() => client.getState().state === 'ready', 'the promoted standby to be ready');
    await until(() => factory.workers.length === 3, 'the next standby');
  });

  it('without a standby, a crash while idle boots a fresh worker', async () => {
    const setup = createTestClient({ standby: false });
    await startReady(setup, { standby: false });
    const { client, factory } = setup;
    factory.worker(0).crash('boom');
    expect(factory.workers).toHaveLength(2);
    expect(client.getState()).toMatchObject({ state: 'loading', generation: 1, lastLoss: { reason: 'crashed' } });
    await until(() => client.getState().state === 'ready', 'the fresh worker');
    await settleMessages();
    expect(factory.workers).toHaveLength(2);
    expect(client.getStandbyStatus()).toBe('none');
  });

  it('a run() that throws in the worker means a broken runtime: crashed, worker replaced', async () => {
    const setup = createTestClient();
    await startReady(setup);
    setup.factory.worker(0).kernel.runThrows = new Error('Pyodide already fatally failed');
    const result = await setup.client.run({ code: 'x' });
    expect(result.status).toBe('crashed');
    expect(result.error?.message).toContain('(Pyodide already fatally failed)');
    expect(setup.factory.worker(0).terminateCalls).toBe(1);
    expect(setup.client.getState()).toMatchObject({ state: 'ready', generation: 1 });
  });

  it('a crashed status reported by the worker replaces the worker too', async () => {
    const setup = createTestClient();
    await startReady(setup);
    const pending = setup.client.run({ code: 'x' });
    await until(() => setup.factory.worker(0).kernel.runs.length === 1, 'the run');
    setup.factory
      .worker(0)
      .kernel.lastRun.settle.resolve(
        fakeResult('crashed', { stdout: 'so far\n', error: { type: 'KernelCrashed', message: 'RangeError: Maximum call stack', line: null, traceback: '' } }),
      );
    const result = await pending;
    expect(result).toMatchObject({ status: 'crashed', stdout: 'so far\n', error: { type: 'KernelCrashed' } });
    expect(result.error?.message).toContain('(RangeError: Maximum call stack)');
    expect(setup.factory.worker(0).terminateCalls).toBe(1);
    expect(setup.client.getState()).toMatchObject({ generation: 1, lastLoss: { reason: 'crashed' } });
  });

  it('an error event while booting (e.g. the worker script did not load) shows the error state instead of hanging', async () => {
    const { client, factory } = createTestClient({ autoBoot: false });
    client.start();
    await until(() => factory.worker(0).kernel.initOptions.length === 1, 'init');
    factory.worker(0).crash('Failed to load module script');
    await until(() => client.getState().state === 'error', 'the error state');
    const state = client.getState();
    expect(state.state === 'error' && state.message).toBe(
      'The Python kernel could not start: Failed to load module script. Reload the page to try again, or check the Pyodide asset and package URLs.',
    );
    expect(state.generation).toBe(0);
  });

  it('a worker that cannot even be created shows the error state', async () => {
    const { client } = createTestClientWith(() => {
      throw new Error('SecurityError: script origin');
    });
    client.start();
    await until(() => client.getState().state === 'error', 'the error state');
    const state = client.getState();
    expect(state.state === 'error' && state.message).toContain('the kernel could not be created (SecurityError: script origin)');
  });

  it('a standby that crashes is dropped, not retried, and the next promotion boots fresh', async () => {
    const setup = createTestClient();
    await startReady(setup);
    const { client, factory } = setup;
    factory.worker(1).crash('standby died');
    expect(client.getStandbyStatus()).toBe('none');
    await settleMessages();
    expect(factory.workers).toHaveLength(2);
    expect(client.getState()).toMatchObject({ state: 'ready', generation: 0 });

    factory.worker(0).crash('primary died');
    expect(factory.workers).toHaveLength(3);
    await until(() => client.getState().state === 'ready', 'the fresh primary');
    await until(() => client.getStandbyStatus() === 'ready', 'a new standby once the fresh primary is ready');
    expect(factory.workers).toHaveLength(4);
  });
});
