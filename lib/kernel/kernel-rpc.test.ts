import { describe, expect, it } from 'vitest';
import { DEFAULT_KERNEL_LIMITS, type StreamChunk } from '@/workers/kernel-protocol';
import { FAKE_INFO, fakeResult, settleMessages, until } from './testing/fake-kernel-worker';
import { createTestClient, startReady } from './testing/test-client';

// The kernel is assumed escaped: whatever its frame posts is checked on the page before anything of it is used.
async function runningClient() {
  const setup = createTestClient();
  await startReady(setup);
  const chunks: StreamChunk[] = [];
  const pending = setup.client.run({ code: 'x' }, { onStream: (chunk) => chunks.push(chunk) });
  const frame = setup.factory.worker(0);
  await until(() => frame.kernel.runs.length === 1, 'the run');
  return { ...setup, frame, pending, chunks };
}

describe('KernelRpc: what the page accepts from the kernel frame', () => {
  it('a forged answer to a call that is not pending stops the kernel; the real run reports crashed', async () => {
    const { frame, pending, client } = await runningClient();
    frame.sendRaw({ type: 'return', id: 999, value: fakeResult('ok', { stdout: 'forged' }) });
    const result = await pending;
    expect(result.status).toBe('crashed');
    expect(result.stdout).toBe('');
    expect(result.error?.message).toContain('sent a message that does not fit what a kernel may send');
    expect(result.error?.message).toContain('call #999');
    expect(frame.terminated).toBe(true);
    expect(client.getState()).toMatchObject({ state: 'ready', generation: 1, lastLoss: { reason: 'crashed' } });
  });

  it('an oversized output chunk (20 MB) is dropped whole and the run ends as crashed', async () => {
    const { frame, pending, chunks } = await runningClient();
    frame.kernel.lastRun.onStream({ stream: 'stdout', text: 'x'.repeat(20_000_000) });
    const result = await pending;
    expect(result.status).toBe('crashed');
    expect(chunks).toEqual([]);
    expect(result.stdout).toBe('');
    expect(result.error?.message).toContain('output: text');
  });

  it('a result over its caps (rows, figures, unknown status) is refused', async () => {
    const rows = Array.from({ length: DEFAULT_KERNEL_LIMITS.maxTableRows + 1 }, (_, index) => [index]);
    const table = {
      kind: 'table',
      source: 'dataframe',
      columns: ['n'],
      dtypes: ['int64'],
      rows,
      totalRows: rows.length,
      totalColumns: 1,
      truncated: false,
    } as const;
    for (const forged of [
      { ...fakeResult('ok'), result: table },
      { ...fakeResult('ok'), figures: Array.from({ length: DEFAULT_KERNEL_LIMITS.maxFigures + 1 }, () => ({ pngBase64: 'AAAA', width: 1, height: 1 })) },
      { ...fakeResult('ok'), status: 'outputs-match' },
      { ...fakeResult('ok'), stdout: 42 },
    ]) {
      const { frame, pending } = await runningClient();
      frame.kernel.lastRun.settle.resolve(forged as never);
      const result = await pending;
      expect(result.status).toBe('crashed');
      expect(result.error?.message).toContain('the run result');
    }
  });

  it('an unknown message type and a stream for a call without output are violations too', async () => {
    for (const raw of [{ type: 'eval', code: 'alert(1)' }, 'just a string', { type: 'stream', id: 1, chunk: { stream: 'stdout', text: 'boot chatter' } }]) {
      const { frame, pending } = await runningClient();
      frame.sendRaw(raw);
      expect((await pending).status).toBe('crashed');
    }
  });

  it('a flood of valid chunks is shown up to the output cap only', async () => {
    const { frame, pending, chunks } = await runningClient();
    const piece = 'y'.repeat(40_000);
    for (let index = 0; index < 10; index++) frame.kernel.lastRun.onStream({ stream: 'stdout', text: piece });
    await until(() => chunks.length >= 3, 'the chunks');
    await settleMessages();
    expect(chunks.map((chunk) => chunk.text).join('').length).toBe(DEFAULT_KERNEL_LIMITS.maxStreamChars);
    frame.kernel.lastRun.settle.resolve(fakeResult('ok'));
    expect((await pending).status).toBe('ok');
  });

  it('output that arrives just after its run returned is dropped, not taken for a breach; the kernel keeps its state', async () => {
    const setup = createTestClient();
    await startReady(setup);
    const frame = setup.factory.worker(0);
    const ids: number[] = [];
    const post = frame.postMessage.bind(frame);
    frame.postMessage = (message, transfer) => {
      if (message.type === 'call') ids.push(message.id);
      post(message, transfer);
    };
    const chunks: StreamChunk[] = [];
    const pending = setup.client.run({ code: 'print(1)' }, { onStream: (chunk) => chunks.push(chunk) });
    await until(() => frame.kernel.runs.length === 1, 'the run');
    frame.kernel.lastRun.settle.resolve(fakeResult('ok', { stdout: '1\n' }));
    expect((await pending).stdout).toBe('1\n');
    const runId = ids.at(-1)!;
    // Comlink delivers each callback over its own channel: a last chunk and a progress report can trail the return.
    frame.sendRaw({ type: 'stream', id: runId, chunk: { stream: 'stdout', text: '1\n' } });
    frame.sendRaw({
      type: 'progress',
      id: runId,
      progress: { phase: 'package', message: 'pandas loaded', packageName: 'pandas', index: 1, total: 1, state: 'loaded' },
    });
    await settleMessages();
    expect(frame.terminated).toBe(false);
    expect(chunks).toEqual([]);
    expect(setup.client.getState()).toMatchObject({ generation: 0, lastLoss: null });
    // Still checked: a late chunk that does not fit stops the kernel like any other.
    frame.sendRaw({ type: 'stream', id: runId, chunk: { stream: 'stdout', text: 'x'.repeat(20_000_000) } });
    await until(() => frame.terminated, 'the kernel to be stopped');
    expect(setup.client.getState()).toMatchObject({ generation: 1, lastLoss: { reason: 'crashed' } });
  });

  it('a forged boot answer is refused by name: the kernel is stopped, never marked ready with it', async () => {
    const setup = createTestClient({ autoBoot: false, standby: false });
    setup.client.start();
    const frame = setup.factory.worker(0);
    frame.kernel.boot.resolve({ ...FAKE_INFO, pythonVersion: { toString: 'alert(1)' } } as never);
    await until(() => frame.terminated, 'the kernel to be stopped');
    expect(setup.states.some((state) => state.state === 'ready')).toBe(false);
    expect(JSON.stringify(setup.states)).toContain('the init result: pythonVersion');
  });

  it('a valid result passes unchanged', async () => {
    const { frame, pending } = await runningClient();
    const expected = fakeResult('ok', { stdout: 'fine\n', result: { kind: 'scalar', value: 3, pyType: 'int', truncated: false } });
    frame.kernel.lastRun.settle.resolve(expected);
    expect(await pending).toEqual(expected);
  });
});
