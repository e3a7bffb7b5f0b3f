'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiResult } from './conversation-api';

/** Where autosave stands; `pending`, `saving` and `failed` mean leaving now would lose work. */
export type AutosaveStatus =
  | { state: 'idle' }
  | { state: 'pending' }
  | { state: 'saving' }
  | { state: 'saved'; at: number }
  | { state: 'failed'; message: string };

/**
 * One save at a time, the newest job wins: a job queued while a save is in flight is sent right after it (never in
 * parallel, so an older body can never land after a newer one). `queue(job, delayMs)` debounces; 0 sends at once.
 */
export function useAutosave<Job, Saved>({ save, onSaved }: { save: (job: Job) => Promise<ApiResult<Saved>>; onSaved?: (saved: Saved) => void }) {
  const [status, setStatus] = useState<AutosaveStatus>({ state: 'idle' });
  const latest = useRef<Job | null>(null);
  const inFlight = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const callbacks = useRef({ save, onSaved });
  callbacks.current = { save, onSaved };

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (inFlight.current) {
      again.current = true;
      return;
    }
    const job = latest.current;
    if (job === null) return;
    latest.current = null;
    inFlight.current = true;
    setStatus({ state: 'saving' });
    const result = await callbacks.current.save(job);
    inFlight.current = false;
    if (result.ok) {
      callbacks.current.onSaved?.(result.value);
      setStatus(latest.current === null ? { state: 'saved', at: Date.now() } : { state: 'pending' });
    } else {
      // Kept for "Retry" unless a newer job replaced it meanwhile.
      latest.current ??= job;
      setStatus({ state: 'failed', message: result.message });
      again.current = false;
      return;
    }
    if (again.current || latest.current !== null) {
      again.current = false;
      await flush();
    }
  }, []);

  const queue = useCallback(
    (job: Job, delayMs: number) => {
      latest.current = job;
      if (timer.current) clearTimeout(timer.current);
      setStatus((current) => (current.state === 'saving' ? current : { state: 'pending' }));
      timer.current = setTimeout(() => void flush(), delayMs);
    },
    [flush],
  );

  /** Resolves once no save is on the wire (a queued one is not waited for: `discard` it first). */
  const settle = useCallback(async (): Promise<void> => {
    // The chain sets inFlight again synchronously when it sends the next job, so polling never sees a false gap.
    while (inFlight.current) await new Promise((resolve) => setTimeout(resolve, 25));
  }, []);

  /** Forgets a job not sent yet (its conversation is being deleted: sending it would bring it back). */
  const discard = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    latest.current = null;
    again.current = false;
    setStatus((current) => (current.state === 'saving' ? current : { state: 'idle' }));
  }, []);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { status, queue, retry: flush, discard, settle };
}
