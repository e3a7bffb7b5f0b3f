import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CounterStore } from '@/lib/access/server/counter-store';
import { openSqliteCounterStore } from '@/lib/access/server/counter-store-sqlite';
import { CANCEL_PERIOD, createRunCancels } from './run-cancels';

/**
 * Cancel between instances: two registries over one counter store stand for two server instances sharing the
 * database (SQLite here; Postgres keeps the same contract), as a load balancer may send the ask to one and the
 * cancel to the other.
 */

const store = openSqliteCounterStore({ file: path.join(mkdtempSync(path.join(tmpdir(), 'run-cancels-')), 'usage.sqlite') });
afterAll(() => store.close());

/** Counts the store's reads, to see polling start and stop. */
function counting(inner: CounterStore): { store: () => Promise<CounterStore>; reads: () => number } {
  let reads = 0;
  const wrapped: CounterStore = {
    ...inner,
    read: (args) => {
      reads += 1;
      return inner.read(args);
    },
  };
  return { store: async () => wrapped, reads: () => reads };
}

const aborted = (controller: AbortController, ms: number) =>
  new Promise<boolean>((resolve) => {
    if (controller.signal.aborted) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    controller.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      { once: true },
    );
  });

describe('run cancels', () => {
  it('stops a call running on this instance at once, and only that call', () => {
    const cancels = createRunCancels({ store: async () => store });
    const mine = new AbortController();
    const other = new AbortController();
    cancels.register({ key: 'user:a/run1', controller: mine, shared: false });
    cancels.register({ key: 'user:b/run1', controller: other, shared: false });
    expect(cancels.stopHere('user:a/run1')).toBe(true);
    expect(mine.signal.aborted).toBe(true);
    expect(other.signal.aborted).toBe(false);
    expect(cancels.stopHere('user:a/unknown')).toBe(false);
  });

  it('stops a call running on another instance through the shared store, within a poll', async () => {
    const here = createRunCancels({ store: async () => store, pollMs: 20 });
    const there = createRunCancels({ store: async () => store, pollMs: 20 });
    const controller = new AbortController();
    const release = there.register({ key: 'user:a/run2', controller, shared: true });
    expect(here.stopHere('user:a/run2')).toBe(false);
    await here.leaveWord({ key: 'user:a/run2', shared: true });
    expect(await aborted(controller, 2000)).toBe(true);
    release();
    expect(await store.read({ period: CANCEL_PERIOD, subjects: ['user:a/run2'] })).toEqual([1]);
  });

  it('a cancel that arrives first stops its call when it registers, here or on another instance', async () => {
    const here = createRunCancels({ store: async () => store });
    const there = createRunCancels({ store: async () => store });
    await here.leaveWord({ key: 'user:a/early', shared: true });
    const local = new AbortController();
    here.register({ key: 'user:a/early', controller: local, shared: false });
    expect(local.signal.aborted).toBe(true);
    const remote = new AbortController();
    there.register({ key: 'user:a/early', controller: remote, shared: true });
    expect(await aborted(remote, 2000)).toBe(true);
  });

  it('polls only while the call runs, and never for calls that cannot reach a model', async () => {
    const counted = counting(store);
    const cancels = createRunCancels({ store: counted.store, pollMs: 10 });
    const offline = cancels.register({ key: 'user:a/offline', controller: new AbortController(), shared: false });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(counted.reads()).toBe(0);
    offline();
    const release = cancels.register({ key: 'user:a/llm', controller: new AbortController(), shared: true });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(counted.reads()).toBeGreaterThan(1);
    release();
    const after = counted.reads();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(counted.reads()).toBe(after);
    expect(cancels.stopHere('user:a/llm')).toBe(false);
  });

  it('a store that does not answer loses only cross-instance Cancel', async () => {
    const broken: CounterStore = { ...store, read: () => Promise.reject(new Error('down')) };
    const cancels = createRunCancels({ store: async () => broken, pollMs: 10 });
    const controller = new AbortController();
    const release = cancels.register({ key: 'user:a/broken', controller, shared: true });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(controller.signal.aborted).toBe(false);
    expect(cancels.stopHere('user:a/broken')).toBe(true);
    release();
  });
});
