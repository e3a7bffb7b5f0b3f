'use client';

import { useState } from 'react';
import { readActionResult } from '@/lib/core/action-result';
import { prepareRerun } from '@/lib/share/actions';
import type { SavedTurn } from '@/lib/share/analysis-record';
import { analysisActionResults, type RerunPlan } from '@/lib/share/analysis-types';
import type { UseKernelOptions } from '@/lib/kernel/client/use-kernel';
import { RerunConfirm } from './rerun-confirm';
import { RerunSession } from './rerun-session';

interface RerunPanelProps {
  analysisId: string;
  turns: SavedTurn[];
  /** Number of datasets the analysis used. */
  datasetCount: number;
  allowRerun: boolean;
  kernelOptions: UseKernelOptions;
}

/**
 * The opt-in, in three steps: ask the server for the re-run (it refuses unless the owner allowed re-runs, and says
 * whether this browser is the owner), show the exact code and wait for "Run this code", then run. Until that click the
 * page has no worker and downloads no Python: RerunSession (which owns the kernel) is not even mounted.
 */
export function RerunPanel({ analysisId, turns, datasetCount, allowRerun, kernelOptions }: RerunPanelProps) {
  const [preparing, setPreparing] = useState(false);
  const [confirming, setConfirming] = useState<RerunPlan | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [running, setRunning] = useState<{ plan: RerunPlan; session: number } | null>(null);

  async function prepare(): Promise<void> {
    setPreparing(true);
    setRefusal(null);
    try {
      const result = readActionResult({
        action: 'Preparing the re-run',
        schema: analysisActionResults.prepareRerun,
        result: await prepareRerun({ id: analysisId }),
      });
      if (result.ok) setConfirming(result);
      else setRefusal(result.message);
    } catch (error) {
      setRefusal(error instanceof Error ? error.message : 'The server could not prepare the re-run.');
    } finally {
      setPreparing(false);
    }
  }

  function confirm(plan: RerunPlan): void {
    setConfirming(null);
    // A new key per run: a fresh comparison (the session resets the kernel's variables first).
    setRunning((current) => ({ plan, session: (current?.session ?? 0) + 1 }));
  }

  return (
    <section aria-label="Re-run" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="font-medium">Re-run in your browser</h2>
          <p className="text-xs text-slate-600">
            {allowRerun
              ? `Shows you the code first. Then starts Python in this tab${datasetCount > 0 ? ', downloads the data through short-lived links' : ''} and runs each question’s final code again, and compares the outputs with the saved ones.`
              : 'The owner of this analysis did not allow viewers to re-run it. The saved outputs above are what it produced.'}
          </p>
        </div>
        <button
          type="button"
          data-testid="rerun"
          disabled={!allowRerun || preparing || confirming !== null}
          onClick={() => void prepare()}
          className="rounded bg-sky-700 px-3 py-1.5 text-sm text-white hover:bg-sky-800 disabled:cursor-not-allowed disabled:bg-slate-300"
        >
          {preparing ? 'Preparing…' : running ? 'Re-run again' : 'Re-run in my browser'}
        </button>
      </div>
      {refusal ? (
        <p role="alert" data-testid="rerun-refused" className="rounded-md border border-rose-200 bg-rose-50 p-2 text-sm text-rose-900">
          {refusal}
        </p>
      ) : null}
      {confirming ? <RerunConfirm plan={confirming} onConfirm={() => confirm(confirming)} onCancel={() => setConfirming(null)} /> : null}
      {running ? <RerunSession key={running.session} turns={turns} plan={running.plan} kernelOptions={kernelOptions} /> : null}
    </section>
  );
}
