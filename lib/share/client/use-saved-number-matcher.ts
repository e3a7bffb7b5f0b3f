'use client';

import { useMemo } from 'react';
import { createNumberMatcher, provenanceOutputsFromRun } from '@/lib/answer/provenance';
import type { SavedAttempt } from '@/lib/share/analysis-record';
import type { MatchNumbersInText } from '@/lib/answer/client/provenance-plugin';
import { toResultValue } from '../saved-outputs';

const NO_OUTPUTS: MatchNumbersInText = () => [];

/**
 * The answer's numbers matched against a saved attempt's outputs, as the workspace matches them against a live run,
 * so a shared answer keeps its "found in the outputs" marks. Links point at `<anchorId>-stdout` / `-result`.
 */
export function useSavedNumberMatcher({
  attempt,
  anchorId,
  question,
}: {
  attempt: SavedAttempt | undefined;
  anchorId: string;
  /** The saved question: its numbers are not findings (lib/answer/provenance.ts). */
  question?: string;
}): MatchNumbersInText {
  return useMemo<MatchNumbersInText>(() => {
    if (!attempt) return NO_OUTPUTS;
    const match = createNumberMatcher({
      outputs: provenanceOutputsFromRun({
        result: { stdout: attempt.stdout, result: attempt.result ? toResultValue(attempt.result) : null },
        ...(question !== undefined ? { question } : {}),
      }),
    });
    return (text) =>
      match(text).map((span) => ({
        start: span.start,
        end: span.end,
        source: span.source
          ? { label: span.source.label, snippet: span.source.snippet, anchor: `${anchorId}-${span.source.output === 'stdout' ? 'stdout' : 'result'}` }
          : null,
      }));
  }, [attempt, anchorId, question]);
}
