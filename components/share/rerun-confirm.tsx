'use client';

import type { RerunPlan } from '@/lib/share/analysis-types';

interface RerunConfirmProps {
  plan: RerunPlan;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * The step between "Re-run" and running: the exact code that will run (the plan's, from the server, which is also
 * what RerunSession hands to the kernel) and, unless the server says this browser saved the analysis, a plain
 * statement that it is someone else's code. Nothing starts until the viewer clicks "Run this code".
 */
export function RerunConfirm({ plan, onConfirm, onCancel }: RerunConfirmProps) {
  const questions = plan.code.flatMap((code, index) => (code === null ? [] : [{ number: index + 1, code }]));
  return (
    <div className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3" data-testid="rerun-confirmation" data-owner={plan.isOwner ? 'true' : 'false'}>
      {plan.isOwner ? (
        <p className="text-sm text-slate-800">You saved this analysis: this is your own code. It runs in this tab as shown below.</p>
      ) : (
        <p role="note" data-testid="rerun-foreign-warning" className="text-sm font-medium text-amber-950">
          This is someone else’s code. Whoever saved this analysis (or the model they used) wrote it; nobody has checked it for you. Running it executes it in
          this tab’s Python sandbox{plan.downloads.length > 0 ? ', with the analysis’s data' : ''}. Read it before you run it.
        </p>
      )}
      {questions.length === 0 ? <p className="text-sm text-slate-700">No question of this analysis has code to run.</p> : null}
      {questions.map(({ number, code }) => (
        <figure key={number} className="space-y-1">
          <figcaption className="text-xs font-medium text-slate-700">Question {number} will run:</figcaption>
          <pre data-testid="rerun-code" className="max-h-72 overflow-auto rounded border border-slate-200 bg-white p-2 text-xs leading-relaxed">
            <code>{code}</code>
          </pre>
        </figure>
      ))}
      <div className="flex gap-2">
        <button type="button" data-testid="rerun-confirm" onClick={onConfirm} className="rounded bg-sky-700 px-3 py-1.5 text-sm text-white hover:bg-sky-800">
          Run this code
        </button>
        <button
          type="button"
          data-testid="rerun-cancel"
          onClick={onCancel}
          className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
