'use client';

import type { ReactNode } from 'react';
import type { SavedAttempt, SavedTurn } from '@/lib/share/analysis-record';
import { useSavedNumberMatcher } from '@/lib/share/client/use-saved-number-matcher';
import { savedNumberCheck } from '@/lib/share/saved-bindings';
import { AnswerView } from '../ask/answer-view';

interface SavedAnswerProps {
  turn: SavedTurn;
  /** The attempt whose saved outputs the answer's numbers are checked against (the turn's final one). */
  attempt: SavedAttempt | undefined;
  /** Where the outputs stand on the page: number marks link to `<anchorId>-stdout` / `-result`. */
  anchorId: string;
  /** Shown instead when the turn has no answer; nothing by default. */
  fallback?: ReactNode;
}

/** A saved question's answer, as the shared page and the embed show it: numbers checked against the saved outputs, as in the workspace. */
export function SavedAnswer({ turn, attempt, anchorId, fallback = null }: SavedAnswerProps) {
  const matchNumbers = useSavedNumberMatcher({ attempt, anchorId, question: turn.question });
  if (!turn.answer) return fallback;
  return (
    <div data-testid="shared-answer">
      <AnswerView
        markdown={turn.answer}
        streaming={false}
        matchNumbers={matchNumbers}
        providerLabel={turn.provider?.label}
        numberCheck={savedNumberCheck({ turn })}
      />
    </div>
  );
}
