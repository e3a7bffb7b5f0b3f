import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterStore } from '../server/counter-store';

/** The contract every counter store keeps (SQLite and Postgres run the same cases). */
export function counterStoreSuite({ name, open }: { name: string; open: () => Promise<{ store: CounterStore; reopen: () => Promise<CounterStore> }> }): void {
  describe(`counter store: ${name}`, () => {
    let store: CounterStore;
    let reopen: () => Promise<CounterStore>;
    const later = Date.now() + 86_400_000;
    // Unique per run, so a shared Postgres database from an earlier run does not leak values in.
    const period = `test:${Date.now()}:${Math.random().toString(36).slice(2)}`;

    beforeAll(async () => {
      ({ store, reopen } = await open());
    });
    afterAll(async () => {
      await store.close();
    });

    it('reads 0 for counters never written and adds to several in one call', async () => {
      expect(await store.read({ period, subjects: ['user:a', 'all'] })).toEqual([0, 0]);
      expect(await store.add({ period, subjects: ['user:a', 'all'], amount: 120, expiresAt: later })).toEqual([120, 120]);
      expect(await store.add({ period, subjects: ['user:b', 'all'], amount: 30, expiresAt: later })).toEqual([30, 150]);
      expect(await store.read({ period, subjects: ['all', 'user:a', 'user:b', 'user:c'] })).toEqual([150, 120, 30, 0]);
    });

    it('keeps periods apart', async () => {
      expect(await store.read({ period: `${period}:other`, subjects: ['all'] })).toEqual([0]);
    });

    it('loses no increment when many land at once, and another connection sees them all', async () => {
      const concurrent = `${period}:concurrent`;
      const second = await reopen();
      try {
        await Promise.all(
          Array.from({ length: 50 }, (_, index) =>
            (index % 2 === 0 ? store : second).add({ period: concurrent, subjects: ['user:a', 'all'], amount: 7, expiresAt: later }),
          ),
        );
        expect(await second.read({ period: concurrent, subjects: ['user:a', 'all'] })).toEqual([350, 350]);
        expect(await store.read({ period: concurrent, subjects: ['all'] })).toEqual([350]);
      } finally {
        await second.close();
      }
    });

    it('refuses an amount that is not a whole number ≥ 0, changing nothing', async () => {
      for (const amount of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.add({ period, subjects: ['user:a'], amount, expiresAt: later })).rejects.toThrow(/whole number/);
      }
      expect(await store.read({ period, subjects: ['user:a'] })).toEqual([120]);
    });

    it('sweeps rows past their expiry only', async () => {
      const old = `${period}:old`;
      await store.add({ period: old, subjects: ['all'], amount: 5, expiresAt: Date.now() - 1000 });
      await store.sweep({ now: Date.now() });
      expect(await store.read({ period: old, subjects: ['all'] })).toEqual([0]);
      expect(await store.read({ period, subjects: ['all'] })).toEqual([150]);
    });

    it('claims a name for one holder at a time: idempotent for the holder, taken over only when stale', async () => {
      const name = `${period}:seat`;
      const now = Date.now();
      const racers = await Promise.all(['a', 'b', 'c', 'd'].map((holder) => store.claim({ name, holder, now, staleAfterMs: 60_000 })));
      expect(racers.filter(Boolean)).toHaveLength(1);
      const winner = ['a', 'b', 'c', 'd'][racers.indexOf(true)] ?? '';
      expect(await store.claim({ name, holder: winner, now: now + 1000, staleAfterMs: 60_000 })).toBe(true);
      expect(await store.claim({ name, holder: 'e', now: now + 2000, staleAfterMs: 60_000 })).toBe(false);
      // The winner's own renewal above moved the claim to now + 1000: stale 60 s after that.
      expect(await store.claim({ name, holder: 'e', now: now + 62_000, staleAfterMs: 60_000 })).toBe(true);
      expect(await store.claim({ name, holder: winner, now: now + 62_001, staleAfterMs: 60_000 })).toBe(false);
    });
  });
}
