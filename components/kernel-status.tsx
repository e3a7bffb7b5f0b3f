'use client';

import type { KernelState } from '@/lib/kernel/kernel-types';
import type { KernelProgress } from '@/workers/kernel-protocol';
import { describeProgress } from '@/lib/kernel/kernel-progress';

interface KernelStatusProps {
  state: KernelState;
  /** Package loading of the current run, shown in the same bar. */
  runProgress: KernelProgress | null;
}

/** The kernel's start-up state as a tagged union rendered: loading (with a progress bar) | ready | error. */
export function KernelStatus({ state, runProgress }: KernelStatusProps) {
  const packageLoading = state.busy && runProgress?.phase === 'package' && runProgress.state === 'loading' ? describeProgress(runProgress) : null;
  const bar = state.state === 'loading' ? { message: state.message, progress: state.progress } : packageLoading;
  return (
    <div
      data-testid="kernel-status"
      data-state={state.state}
      data-busy={state.busy ? 'true' : 'false'}
      data-eval-blocked={state.state === 'ready' && state.info.sandbox ? String(state.info.sandbox.evalBlocked) : undefined}
      data-removed-globals={state.state === 'ready' && state.info.sandbox ? state.info.sandbox.removedGlobals.join(' ') : undefined}
      className="flex min-w-64 flex-col gap-1 text-xs" aria-live="polite">
      <div className="flex items-center gap-2">
        <span
          aria-hidden
          className={`inline-block h-2 w-2 rounded-full ${
            state.state === 'error' ? 'bg-rose-500' : state.state === 'loading' ? 'animate-pulse bg-amber-400' : state.busy ? 'animate-pulse bg-sky-500' : 'bg-emerald-500'
          }`}
        />
        <span>
          {state.state === 'ready'
            ? `Python ${state.info.pythonVersion} ready (Pyodide ${state.info.pyodideVersion})${state.busy ? ' · running' : ''}`
            : state.state === 'loading'
              ? state.message || 'Starting Python…'
              : `Python could not start: ${state.message}`}
        </span>
      </div>
      {bar ? (
        <div className="h-1.5 w-full overflow-hidden rounded bg-slate-200" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(bar.progress * 100)} aria-label={bar.message}>
          <div className="h-full bg-sky-500 transition-all" style={{ width: `${Math.max(4, bar.progress * 100)}%` }} />
        </div>
      ) : null}
      {packageLoading ? <span className="text-slate-500">{packageLoading.message}</span> : null}
      {state.state === 'ready' && state.info.sandbox ? (
        <span className="text-slate-500">
          Sandbox: {state.info.sandbox.evalBlocked ? 'eval blocked' : 'eval NOT blocked'}, no network or storage APIs ({state.info.sandbox.removedGlobals.length} removed)
        </span>
      ) : null}
      {state.state === 'ready' && !state.info.interruptible ? (
        <span className="text-slate-500">This page is not cross-origin isolated: Stop restarts Python instead of interrupting it.</span>
      ) : null}
    </div>
  );
}
