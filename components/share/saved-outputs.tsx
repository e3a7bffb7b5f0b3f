'use client';

import { figureFileName, figureNameOfKey, figureUrl } from '@/lib/share/analysis-ids';
import type { SavedAttempt } from '@/lib/share/analysis-record';
import { toResultValue } from '@/lib/share/saved-outputs';
import { ResultValueView } from '../result-value';

interface SavedOutputsProps {
  analysisId: string;
  attempt: SavedAttempt;
  /** Id prefix the answer's provenance links point at (`<prefix>-stdout`, `<prefix>-result`). */
  anchorId: string;
  /** The embed shows figures and the table only; the share page adds printed output, errors and downloads. */
  variant: 'page' | 'embed';
  /** 1-based turn number, for file names of downloads. */
  turnNumber: number;
}

/** A saved attempt's outputs, rendered at once from the record (no Python): figures, result, printed output. */
export function SavedOutputs({ analysisId, attempt, anchorId, variant, turnNumber }: SavedOutputsProps) {
  const result = attempt.result ? toResultValue(attempt.result) : null;
  return (
    <div className="space-y-3">
      {variant === 'page' && attempt.error ? (
        <div role="alert" data-testid="shared-error" className="rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-900">
          <p className="font-semibold">
            {attempt.error.type}
            {attempt.error.line ? ` (line ${attempt.error.line})` : ''}: {attempt.error.message}
          </p>
          {attempt.error.traceback ? <pre className="mt-1 overflow-auto text-xs">{attempt.error.traceback}</pre> : null}
        </div>
      ) : null}

      {attempt.figures.map((figure, index) => {
        const url = figureUrl({ id: analysisId, key: figure.key });
        const name = figureNameOfKey({ key: figure.key }) || figureFileName({ turn: turnNumber, attempt: attempt.number, index: index + 1 });
        return (
          <figure key={figure.key} className="space-y-1">
            {/* biome-ignore lint/performance/noImgElement: a stored PNG served by the figure route; no optimisation wanted */}
            <img
              data-testid="shared-figure"
              src={url}
              alt={`Figure ${index + 1} of question ${turnNumber}`}
              width={figure.width}
              height={figure.height}
              className="h-auto max-w-full rounded border border-slate-200 bg-white"
            />
            {variant === 'page' ? (
              <figcaption className="text-xs">
                <a href={url} download={name} data-testid="export-figure" className="text-sky-700 hover:underline">
                  Download figure {index + 1} (PNG)
                </a>
              </figcaption>
            ) : null}
          </figure>
        );
      })}

      {result ? (
        <div
          data-testid="shared-result"
          id={`${anchorId}-result`}
          className={`space-y-1 ${variant === 'embed' ? 'rounded-md bg-white p-2 text-slate-900' : ''}`}
        >
          <ResultValueView value={result} csvFileName={`question-${turnNumber}-result.csv`} />
        </div>
      ) : null}

      {variant === 'page' && attempt.stdout ? (
        <div className="space-y-1">
          <h4 className="text-xs font-medium text-slate-600">Printed output</h4>
          <pre data-testid="shared-stdout" id={`${anchorId}-stdout`} className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
            {attempt.stdout}
          </pre>
        </div>
      ) : null}
      {variant === 'page' && attempt.stderr ? (
        <pre className="max-h-48 overflow-auto rounded-md bg-amber-50 p-3 text-xs text-amber-900">{attempt.stderr}</pre>
      ) : null}
    </div>
  );
}
