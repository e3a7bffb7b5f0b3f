import 'server-only';
import type { CounterStore } from '@/lib/access/server/counter-store';

/**
 * Cancel for the ask and repair server actions. A route saw Cancel as its request's abort: the page aborted its fetch
 * and the connection closed. A server action cannot be aborted from the page (Next 16 sends it with a fetch that takes
 * no signal; vercel/next.js#81418), so the page names each call with a run id and Cancel is a second action that
 * names it again. This module connects the two:
 * - on this instance, the call's AbortController is found in memory and aborted at once;
 * - a call running on another instance (several behind a load balancer, or serverless) finds the cancel in the shared
 *   counter store (lib/access/server: SQLite under DATA_DIR, or the Postgres of DATABASE_URL), which it polls while it runs;
 * - a cancel that overtakes its call (both sent at once) is remembered, here and in the store, and stops the call as
 *   soon as it registers.
 * Only calls that can reach a model use the store (`shared`): the offline planner calls no one, so its calls are
 * cancelled in memory only and never open the database. Nothing outlives a call but a short-lived marker.
 */

export interface RunCancels {
  /** Registers a running call under `key`; returns its release (call it when the call ends). */
  register(args: { key: string; controller: AbortController; shared: boolean }): () => void;
  /** Aborts the call `key` when it runs on this instance; false when it does not (or not yet). */
  stopHere(key: string): boolean;
  /** Leaves word for the call `key` wherever it runs or will run: here, and through the store when `shared`. */
  leaveWord(args: { key: string; shared: boolean }): Promise<void>;
}

/** The counter-store period of cancel markers (one row per cancelled call, swept with the usage counters). */
export const CANCEL_PERIOD = 'ask-cancel';

/** Cancels remembered in memory for calls that have not registered (yet). */
const MAX_EARLY = 10_000;

export function createRunCancels({
  store,
  pollMs = 1000,
  rememberMs = 15 * 60_000,
  now = () => Date.now(),
}: {
  store: () => Promise<CounterStore>;
  /** How often a call polls the store for a cancel sent to another instance. */
  pollMs?: number;
  /** How long a cancel marker is kept for a call that has not registered yet (longer than a call can wait to start). */
  rememberMs?: number;
  now?: () => number;
}): RunCancels {
  const running = new Map<string, AbortController>();
  const early = new Map<string, number>();
  let warned = false;

  const forgetOld = () => {
    const time = now();
    for (const [key, until] of early) if (until < time) early.delete(key);
  };
  const cancelledInStore = async (key: string): Promise<boolean> => {
    try {
      const [marks = 0] = await (await store()).read({ period: CANCEL_PERIOD, subjects: [key] });
      return marks > 0;
    } catch (error) {
      // A store that does not answer loses only cross-instance Cancel; the call itself goes on.
      if (!warned) console.warn('Reading cancel markers failed; Cancel works on this instance only until it answers', error);
      warned = true;
      return false;
    }
  };

  return {
    register({ key, controller, shared }) {
      forgetOld();
      running.set(key, controller);
      if (early.delete(key)) controller.abort();
      let timer: ReturnType<typeof setInterval> | undefined;
      const stop = () => {
        if (timer !== undefined) clearInterval(timer);
        timer = undefined;
      };
      if (shared && !controller.signal.aborted) {
        const check = async () => {
          if (await cancelledInStore(key)) controller.abort();
        };
        void check();
        timer = setInterval(() => void check(), pollMs);
        // A poll never keeps the process alive on its own.
        if (typeof timer === 'object' && 'unref' in timer) timer.unref();
        controller.signal.addEventListener('abort', stop, { once: true });
      }
      return () => {
        stop();
        if (running.get(key) === controller) running.delete(key);
      };
    },
    stopHere(key) {
      const here = running.get(key);
      here?.abort();
      return here !== undefined;
    },
    async leaveWord({ key, shared }) {
      forgetOld();
      // Bounded: a flood of cancels for calls that never come forgets the oldest first.
      if (early.size >= MAX_EARLY) early.delete(early.keys().next().value ?? '');
      early.set(key, now() + rememberMs);
      if (shared) await (await store()).add({ period: CANCEL_PERIOD, subjects: [key], amount: 1, expiresAt: now() + rememberMs });
    },
  };
}
