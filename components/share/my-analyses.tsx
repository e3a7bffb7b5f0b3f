'use client';

import { useEffect, useState } from 'react';
import { readActionResult } from '@/lib/core/action-result';
import { listMyAnalyses } from '@/lib/share/actions';
import { analysisActionResults, type AnalysisSummary } from '@/lib/share/analysis-types';
import { AnalysisRow } from './analysis-row';

interface MyAnalysesProps {
  initial: AnalysisSummary[];
  initialCursor?: string;
  /** Set when the first page could not be listed. */
  initialError?: string;
}

/** "My analyses": the analyses this browser saved (its owner cookie), with link controls. */
export function MyAnalyses({ initial, initialCursor, initialError }: MyAnalysesProps) {
  const [analyses, setAnalyses] = useState(initial);
  const [cursor, setCursor] = useState(initialCursor);
  const [error, setError] = useState(initialError ?? null);
  const [loading, setLoading] = useState(false);
  // Absolute links need the origin the viewer reached the app at (proxies may rewrite the host the server sees).
  const [origin, setOrigin] = useState('');
  useEffect(() => setOrigin(window.location.origin), []);

  const loadMore = async () => {
    if (!cursor) return;
    setLoading(true);
    const page = await listMyAnalyses({ cursor }).then(
      (result) => readActionResult({ action: 'Listing your analyses', schema: analysisActionResults.listMyAnalyses, result }),
      () => null,
    );
    setLoading(false);
    if (!page) return setError('The server could not be reached. Try again.');
    if (!page.ok) return setError(page.message);
    setAnalyses((current) => [...current, ...page.analyses.filter((entry) => !current.some((known) => known.id === entry.id))]);
    setCursor(page.nextCursor);
  };

  return (
    <div className="space-y-3">
      {error ? (
        <p role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      ) : null}
      {analyses.length === 0 && !error ? (
        <p data-testid="analyses-empty" className="text-sm text-slate-600">
          This browser has not saved any analysis yet. Ask a question in the{' '}
          <a href="/" className="text-sky-700 hover:underline">
            workspace
          </a>
          , then use “Save and share”.
        </p>
      ) : null}
      <ul className="space-y-2" data-testid="analyses-list">
        {analyses.map((analysis) => (
          <AnalysisRow
            key={analysis.id}
            analysis={analysis}
            origin={origin}
            onChange={(next) => setAnalyses((current) => current.map((entry) => (entry.id === next.id ? next : entry)))}
            onDeleted={(id) => setAnalyses((current) => current.filter((entry) => entry.id !== id))}
          />
        ))}
      </ul>
      {cursor ? (
        <button
          type="button"
          onClick={() => void loadMore()}
          disabled={loading}
          className="rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100"
        >
          {loading ? 'Loading…' : 'Show more'}
        </button>
      ) : null}
    </div>
  );
}
