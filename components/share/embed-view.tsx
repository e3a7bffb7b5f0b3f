'use client';

import { useEffect, useRef } from 'react';
import type { SavedTurn } from '@/lib/share/analysis-record';
import type { SharedAnalysis } from '@/lib/share/analysis-types';
import { pickParentOrigin } from '@/lib/core/embed-origins';
import { EMBED_HEIGHT_MESSAGE, type EmbedHeightMessage, type EmbedTheme } from '@/lib/share/embed-snippet';
import { finalSavedAttempt } from '@/lib/share/saved-outputs';
import { SavedAnswer } from './saved-answer';
import { SavedOutputs } from './saved-outputs';

interface EmbedViewProps {
  record: SharedAnalysis;
  theme: EmbedTheme;
  /** EMBED_ALLOWED_ORIGINS: the only origins height messages may go to. */
  allowedOrigins: string[];
  /** The `?origin=` the snippet passed, unchecked (checked against allowedOrigins here). */
  requestedOrigin: string | null;
}

/**
 * Reports the widget's height to the page that frames it, so that page can size the iframe to the content. The
 * target origin is explicit: the real parent (ancestorOrigins, else the referrer, else `?origin=`), and only if it is
 * on the allowed list — a message to '*' would hand the content's size to any page that frames it.
 */
function useReportHeight({ allowedOrigins, requestedOrigin }: Pick<EmbedViewProps, 'allowedOrigins' | 'requestedOrigin'>) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || window.parent === window) return;
    // Chromium and Safari name the parent's origin outright; elsewhere the referrer or the snippet's ?origin= does.
    const ancestor = window.location.ancestorOrigins?.[0];
    const target = ancestor
      ? pickParentOrigin({ requested: ancestor, referrer: null, allowed: allowedOrigins })
      : pickParentOrigin({ requested: requestedOrigin, referrer: document.referrer, allowed: allowedOrigins });
    if (!target) return;
    let last = -1;
    const report = () => {
      // The content's own box, not the document's: the document is at least as tall as the iframe, so measuring it
      // would never let the frame shrink.
      const height = Math.ceil(element.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      const message: EmbedHeightMessage = { type: EMBED_HEIGHT_MESSAGE, height };
      window.parent.postMessage(message, target);
    };
    const observer = new ResizeObserver(report);
    observer.observe(element);
    report();
    return () => observer.disconnect();
  }, [allowedOrigins, requestedOrigin]);
  return ref;
}

function EmbedTurn({ record, turn, number }: { record: SharedAnalysis; turn: SavedTurn; number: number }) {
  const final = finalSavedAttempt(turn);
  const anchorId = `q${number}-output`;
  return (
    <section className="space-y-3" data-testid="embed-turn">
      <h2 className="text-base font-medium">{turn.question}</h2>
      <SavedAnswer turn={turn} attempt={final} anchorId={anchorId} />
      {final ? <SavedOutputs analysisId={record.id} attempt={final} anchorId={anchorId} variant="embed" turnNumber={number} /> : null}
    </section>
  );
}

/** The iframe widget: answer, figures and table of each question, and a link to the full analysis. */
export function EmbedView({ record, theme, allowedOrigins, requestedOrigin }: EmbedViewProps) {
  const ref = useReportHeight({ allowedOrigins, requestedOrigin });
  const dark = theme === 'dark';
  useEffect(() => {
    // The root layout paints the body light; the widget's theme must own the whole frame.
    document.documentElement.style.colorScheme = theme;
    document.body.style.background = dark ? '#0f172a' : '#ffffff';
  }, [theme, dark]);
  return (
    // data-theme=dark remaps the whole palette under this root (app/globals.css), answer, tables and figures included.
    <div ref={ref} data-testid="embed" data-theme={theme} className="space-y-4 bg-white p-4 text-slate-900">
      <h1 className="text-lg font-semibold">{record.title}</h1>
      {record.turns.map((turn, index) => (
        <EmbedTurn key={index} record={record} turn={turn} number={index + 1} />
      ))}
      <p className="text-xs">
        <a href={`/a/${record.id}`} target="_blank" rel="noopener noreferrer" data-testid="embed-open" className="text-sky-700 hover:underline">
          Open the full analysis (code, data, exports) ↗
        </a>
      </p>
    </div>
  );
}
