'use client';

import { useState } from 'react';
import { readActionResult } from '@/lib/core/action-result';
import { deleteAnalysis, revokeAnalysis, setAllowRerun, setAnalysisExpiry } from '@/lib/share/actions';
import { analysisActionResults, type AnalysisSummary } from '@/lib/share/analysis-types';
import { CopyButton } from './copy-button';
import { ContinueInWorkspace } from './continue-in-workspace';
import { EXPIRY_OPTIONS, expiryLabel } from './expiry-options';

interface AnalysisRowProps {
  analysis: AnalysisSummary;
  /** This app's origin, for absolute links to copy. */
  origin: string;
  onChange: (next: AnalysisSummary) => void;
  onDeleted: (id: string) => void;
}

const STATUS_STYLE: Record<AnalysisSummary['status'], string> = {
  active: 'bg-emerald-100 text-emerald-800',
  revoked: 'bg-slate-200 text-slate-700',
  expired: 'bg-amber-100 text-amber-900',
};

const STATUS_LABEL: Record<AnalysisSummary['status'], string> = { active: 'Link works', revoked: 'Link turned off', expired: 'Link expired' };

const button = 'rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50';

/** One saved analysis of this browser, with what its owner can do to the link. */
export function AnalysisRow({ analysis, origin, onChange, onDeleted }: AnalysisRowProps) {
  const [confirming, setConfirming] = useState<'revoke' | 'delete' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const link = `${origin}${analysis.url}`;

  /** Runs one change; `work` answers the message to show, or null when it went through. */
  const act = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    try {
      const problem = await work();
      if (problem) setError(problem);
    } catch {
      setError('The server could not be reached. Try again.');
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  /** Revoke, expiry and re-run access answer the changed row; it is parsed (analysisActionResults) before it replaces this one. */
  const change = (action: string, call: () => Promise<unknown>) =>
    act(async () => {
      const result = readActionResult({ action, schema: analysisActionResults.revokeAnalysis, result: await call() });
      if (!result.ok) return result.message;
      onChange(result.analysis);
      return null;
    });

  const expiryValue = analysis.expiresAt === null ? 'never' : 'keep';
  return (
    <li
      data-testid="analysis-row"
      data-id={analysis.id}
      data-status={analysis.status}
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <a href={analysis.url} target="_blank" rel="noopener" data-testid="analysis-open" className="font-medium text-sky-800 hover:underline">
            {analysis.title}
          </a>
          <p className="text-xs text-slate-500">
            Saved {new Date(analysis.createdAt).toLocaleString()} · {analysis.questionCount} question{analysis.questionCount === 1 ? '' : 's'} ·{' '}
            {analysis.expiresAt ? `expires ${new Date(analysis.expiresAt).toLocaleString()}` : 'never expires'}
          </p>
        </div>
        <span data-testid="analysis-status" className={`rounded px-2 py-0.5 text-xs ${STATUS_STYLE[analysis.status]}`}>
          {STATUS_LABEL[analysis.status]}
        </span>
      </div>

      <div className="flex flex-wrap items-center gap-2">
        <CopyButton text={link} label="Copy link" testId="analysis-copy" />
        <ContinueInWorkspace analysisId={analysis.id} className={button} />
        <label className="flex items-center gap-1 text-xs">
          Expiry
          <select
            data-testid="analysis-expiry"
            value={expiryValue}
            disabled={busy || analysis.visibility === 'revoked'}
            onChange={(event) => {
              const choice = EXPIRY_OPTIONS.find((option) => option.value === event.target.value);
              if (choice) void change('Changing the expiry', () => setAnalysisExpiry({ id: analysis.id, expiresInDays: choice.days }));
            }}
            className="rounded border border-slate-300 px-1 py-0.5"
          >
            {expiryValue === 'keep' ? (
              <option value="keep">{analysis.status === 'expired' ? 'expired' : `until ${new Date(analysis.expiresAt ?? '').toLocaleDateString()}`}</option>
            ) : null}
            {EXPIRY_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.days === null ? 'never' : `${expiryLabel(option.days)} from now`}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-xs">
          <input
            type="checkbox"
            data-testid="analysis-allow-rerun"
            checked={analysis.allowRerun}
            disabled={busy || analysis.visibility === 'revoked'}
            onChange={(event) => void change('Changing re-run access', () => setAllowRerun({ id: analysis.id, allowRerun: event.target.checked }))}
          />
          Viewers may re-run it with the data
        </label>
        {analysis.visibility !== 'revoked' ? (
          confirming === 'revoke' ? (
            <span className="flex items-center gap-1 text-xs">
              Turn the link off for everyone? This cannot be undone.
              <button
                type="button"
                data-testid="analysis-revoke-confirm"
                disabled={busy}
                className={`${button} border-rose-400 text-rose-700`}
                onClick={() => void change('Turning the link off', () => revokeAnalysis({ id: analysis.id }))}
              >
                Turn off
              </button>
              <button type="button" className={button} onClick={() => setConfirming(null)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" data-testid="analysis-revoke" disabled={busy} className={button} onClick={() => setConfirming('revoke')}>
              Revoke link
            </button>
          )
        ) : null}
        {confirming === 'delete' ? (
          <span className="flex items-center gap-1 text-xs">
            Delete the analysis and its figures permanently?
            <button
              type="button"
              data-testid="analysis-delete-confirm"
              disabled={busy}
              className={`${button} border-rose-400 text-rose-700`}
              onClick={() =>
                void act(async () => {
                  const result = readActionResult({
                    action: 'Deleting the analysis',
                    schema: analysisActionResults.deleteAnalysis,
                    result: await deleteAnalysis({ id: analysis.id }),
                  });
                  if (!result.ok) return result.message;
                  onDeleted(analysis.id);
                  return null;
                })
              }
            >
              Delete
            </button>
            <button type="button" className={button} onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" data-testid="analysis-delete" disabled={busy} className={button} onClick={() => setConfirming('delete')}>
            Delete
          </button>
        )}
      </div>
      {error ? (
        <p role="alert" className="text-xs text-rose-700">
          {error}
        </p>
      ) : null}
    </li>
  );
}
