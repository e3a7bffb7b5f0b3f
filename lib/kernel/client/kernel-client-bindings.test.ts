import { describe, expect, it } from 'vitest';
import type { DatasetBinding } from '@/workers/kernel-protocol';
import { fakeResult, until } from '../testing/fake-kernel-worker';
import { bytes, createTestClient, startReady } from '../testing/test-client';

describe('KernelClient: DataFrame bindings of mounted files', () => {
  it('passes each binding to the worker and again to the worker that replaces a crashed one', async () => {
    const setup = createTestClient();
    await startReady(setup);
    const { client, factory } = setup;
    const binding: DatasetBinding = { variable: 'df1', format: 'csv', options: { delimiter: ';', decimal: ',', hasHeader: true } };
    await client.mountFiles([
      { name: 'sales.csv', data: bytes('a;b\n1,5;2\n'), binding },
      { name: 'notes.txt', data: bytes('plain') },
    ]);
    expect(factory.worker(0).kernel.bindings).toEqual([[binding, undefined]]);

    const pending = client.run({ code: 'df1' });
    await until(() => factory.worker(0).kernel.runs.length === 1, 'the run');
    factory.worker(0).crash('Out of memory');
    expect((await pending).status).toBe('crashed');

    const next = client.run({ code: 'df1.shape' });
    const promoted = factory.worker(1).kernel;
    await until(() => promoted.runs.length === 1, 'the run on the promoted worker');
    expect(promoted.bindings).toEqual([[binding, undefined]]);
    promoted.lastRun.settle.resolve(fakeResult('ok'));
    expect((await next).status).toBe('ok');
  });
});
