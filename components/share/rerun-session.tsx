'use client';

import { useEffect, useRef, useState } from 'react';
import type { SavedTurn } from '@/lib/share/analysis-record';
import type { RerunPlan } from '@/lib/share/analysis-types';
import { loadDatasetsIntoKernel } from '@/lib/kernel/client/load-into-kernel';
import { useKernel, type UseKernelOptions } from '@/lib/kernel/client/use-kernel';
import { rerunAnalysis, type RerunProgress, type TurnRerun } from '@/lib/share/client/rerun-analysis';
import { KernelStatus } from '../kernel-status';

interface RerunSessionProps {
  turns: SavedTurn[];
  /** The plan the viewer confirmed: its code is what runs. */
  plan: RerunPlan;
  kernelOptions: UseKernelOptions;
}

type SessionState = { step: 'booting' } | { step: 'working'; progress: RerunProgress | null } | { step: 'done' } | { step: 'failed'; message: string };

function describeProgress(progress: RerunProgress | null): string {
  if (!progress) return 'Preparing…';
  if (progress.phase === 'fetching') {
    return `Fetching ${progress.label}: ${(progress.loaded / 1e6).toFixed(1)} of ${(progress.total / 1e6).toFixed(1)} MB`;
  }
  return `Running question ${progress.question} of ${progress.of}…`;
}

/**
 * Mounted only after the viewer confirmed the code (RerunConfirm): this is the one place of the share page that
 * starts the Python worker (useKernel creates it in an effect of this component), so opening a link never runs code.
 */
export function RerunSession({ turns, plan, kernelOptions }: RerunSessionProps) {
  const kernel = useKernel(kernelOptions);
  const [state, setState] = useState<SessionState>({ step: 'booting' });
  const [outcomes, setOutcomes] = useState<TurnRerun[]>([]);
  // Strict mode runs effects twice; the re-run must start once per session.
  const started = useRef(false);
  const ready = kernel.state.state === 'ready';
  const { run, mountFiles, reset } = kernel;

  useEffect(() => {
    if (!ready || started.current) return;
    started.current = true;
    setState({ step: 'working', progress: null });
    // "Re-run again" reuses the page's kernel client: clear the previous session's variables first.
    reset()
      .then(() =>
        rerunAnalysis({
          turns,
          plan,
          deps: { loadDatasets: loadDatasetsIntoKernel, mountFiles, run },
          onProgress: (progress) => setState({ step: 'working', progress }),
          onTurn: (outcome) => setOutcomes((current) => [...current, outcome]),
        }),
      )
      .then(
        () => setState({ step: 'done' }),
        (error: unknown) => setState({ step: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
  }, [ready, turns, plan, mountFiles, run, reset]);

  const compared = outcomes.filter((outcome) => outcome.comparison !== null);
  const differing = compared.filter((outcome) => !outcome.comparison?.matches);
  const overall = state.step === 'failed' ? 'error' : state.step !== 'done' ? 'running' : differing.length === 0 ? 'match' : 'differs';

  return (
    <div className="space-y-3" data-testid="rerun-session" data-state={overall}>
      <KernelStatus state={kernel.state} runProgress={kernel.output.progress} />
      {state.step === 'working' ? <p className="text-sm text-slate-700">{describeProgress(state.progress)}</p> : null}
      {state.step === 'failed' ? (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 p-2 text-sm text-rose-900">
          The re-run stopped: {state.message}
        </p>
      ) : null}
      {kernel.state.state === 'error' ? <p className="text-sm text-rose-700">Python could not start in this browser, so nothing was re-run.</p> : null}

      {outcomes.length > 0 ? (
        <ul className="space-y-1 text-sm">
          {outcomes.map((outcome) => (
            <li key={outcome.number} data-testid="rerun-turn" data-matches={outcome.comparison ? String(outcome.comparison.matches) : 'skipped'}>
              <span className="font-medium">Question {outcome.number}: </span>
              {!outcome.comparison ? (
                <span className="text-slate-500">no code to run</span>
              ) : outcome.comparison.matches ? (
                <span className="text-emerald-700">
                  matches — printed output, result{outcome.comparison.figures.saved > 0 ? `, ${outcome.comparison.figures.saved} figure(s)` : ''} as saved
                </span>
              ) : (
                <span className="text-amber-800">differs — {outcome.comparison.differences.join('; ')}</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}

      {state.step === 'done' ? (
        <p
          data-testid="rerun-summary"
          data-outcome={overall}
          className={`rounded-md p-2 text-sm ${differing.length === 0 ? 'bg-emerald-50 text-emerald-900' : 'bg-amber-50 text-amber-900'}`}
        >
          {compared.length === 0
            ? 'There was no code to re-run.'
            : differing.length === 0
              ? `Re-run in your browser: the outputs match the saved ones (${compared.length} question${compared.length === 1 ? '' : 's'}).`
              : `Re-run in your browser: ${differing.length} of ${compared.length} question${compared.length === 1 ? '' : 's'} gave different outputs (details above).`}
        </p>
      ) : null}
    </div>
  );
}
