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
  const runLoading = state.busy && runProgress?.phase === 'package' && runProgress.state === 'loading' ? describeProgress(runProgress) : null;
  const background = state.prefetch ? describeProgress(state.prefetch) : null;
  const packageLoading = runLoading ?? (background ? { ...background, message: `${background.message} in the background` } : null);
  const bar = state.state === 'loading' ? { message: state.message, progress: state.progress } : packageLoading;
  const source = state.state === 'ready' ? state.info.packageSource : undefined;
  const plainPythonOnly = source?.reachable === false;
  return (
    <div
      data-testid="kernel-status"
      data-state={state.state}
      data-busy={state.busy ? 'true' : 'false'}
      data-eval-blocked={state.state === 'ready' && state.info.sandbox ? String(state.info.sandbox.evalBlocked) : undefined}
      data-removed-globals={state.state === 'ready' && state.info.sandbox ? state.info.sandbox.removedGlobals.join(' ') : undefined}
      data-call-trampoline={state.state === 'ready' ? state.info.callTrampoline : undefined}
      data-file-reads={state.state === 'ready' ? state.info.fileReads : undefined}
      className="flex min-w-64 flex-col gap-1 text-xs"
      aria-live="polite"
    >
      <div className="flex items-center gap-2">
        <span
          aria-hidden
          className={`inline-block h-2 w-2 rounded-full ${
            state.state === 'error'
              ? 'bg-rose-500'
              : state.state === 'loading'
                ? 'animate-pulse bg-amber-400'
                : state.busy
                  ? 'animate-pulse bg-sky-500'
                  : plainPythonOnly
                    ? 'bg-amber-500'
                    : 'bg-emerald-500'
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
        <div
          className="h-1.5 w-full overflow-hidden rounded bg-slate-200"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(bar.progress * 100)}
          aria-label={bar.message}
        >
          <div className="h-full bg-sky-500 transition-all" style={{ width: `${Math.max(4, bar.progress * 100)}%` }} />
        </div>
      ) : null}
      {packageLoading ? <span className="text-slate-500">{packageLoading.message}</span> : null}
      {source ? (
        <PackageSourceNote
          reachable={source.reachable}
          url={source.url}
          detail={source.detail}
          pyodideVersion={state.state === 'ready' ? state.info.pyodideVersion : ''}
        />
      ) : null}
      {state.state === 'ready' && state.info.sandbox ? (
        <span className="text-slate-500">
          Sandbox: {state.info.sandbox.evalBlocked ? 'eval blocked' : 'eval NOT blocked'}, no network or storage APIs (
          {state.info.sandbox.removedGlobals.length} removed)
        </span>
      ) : null}
      {state.state === 'ready' && !state.info.interruptible ? (
        <span className="text-slate-500">This page is not cross-origin isolated: Stop restarts Python instead of interrupting it.</span>
      ) : null}
    </div>
  );
}

/**
 * Said at boot, before any question: whether pandas & co. can be downloaded. The analyst gets one plain sentence; the
 * operator's fix is behind a disclosure, once, in operator words.
 */
function PackageSourceNote({ reachable, url, detail, pyodideVersion }: { reachable: boolean; url: string; detail: string; pyodideVersion: string }) {
  if (reachable) {
    return (
      <span data-testid="kernel-packages" data-reachable="true" className="text-slate-500">
        Data libraries (pandas, numpy, matplotlib…) available
      </span>
    );
  }
  return (
    <div data-testid="kernel-packages" data-reachable="false" className="rounded border border-amber-300 bg-amber-50 p-2 text-amber-950">
      <p className="font-medium">Plain Python only: pandas and the other data libraries cannot be downloaded.</p>
      <p>Questions that need them will not run here; standard-library Python still works.</p>
      <details className="mt-1">
        <summary className="cursor-pointer text-amber-900">For the operator</summary>
        <p className="mt-1 break-all">
          The package mirror did not answer ({detail || url}). Set PYODIDE_PACKAGES_URL to a reachable mirror of Pyodide {pyodideVersion}&apos;s
          <code> full/</code> folder and restart the app.
        </p>
      </details>
    </div>
  );
}
