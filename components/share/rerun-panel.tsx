'use client';

import { useState } from 'react';
import type { SavedTurn } from '@/lib/analysis/analysis-record';
import type { UseKernelOptions } from '@/lib/kernel/use-kernel';
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
 * The opt-in. Until the viewer clicks, the page has no worker and downloads no Python: RerunSession (which owns the
 * kernel) is not even mounted.
 */
export function RerunPanel({ analysisId, turns, datasetCount, allowRerun, kernelOptions }: RerunPanelProps) {
  const [sessions, setSessions] = useState(0);
  // Without data there is nothing to withhold; with data, only the owner's permission issues download URLs.
  const possible = allowRerun || datasetCount === 0;
  return (
    <section aria-label="Re-run" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="font-medium">Re-run in your browser</h2>
          <p className="text-xs text-slate-600">
            {possible
              ? `Starts Python in this tab${datasetCount > 0 ? ', downloads the data through short-lived links' : ''} and runs each question’s final code again, then compares the outputs with the saved ones.`
              : 'The owner of this analysis did not allow viewers to re-run it with its data. The saved outputs above are what it produced.'}
          </p>
        </div>
        <button
          type="button"
          data-testid="rerun"
          disabled={!possible}
          onClick={() => setSessions((count) => count + 1)}
          className="rounded bg-sky-700 px-3 py-1.5 text-sm text-white hover:bg-sky-800 disabled:cursor-not-allowed disabled:bg-slate-300"
        >
          {sessions === 0 ? 'Re-run in my browser' : 'Re-run again'}
        </button>
      </div>
      {/* A new key per click: a fresh comparison on the same (already booted) kernel client. */}
      {sessions > 0 ? <RerunSession key={sessions} analysisId={analysisId} turns={turns} hasData={datasetCount > 0} kernelOptions={kernelOptions} /> : null}
    </section>
  );
}
