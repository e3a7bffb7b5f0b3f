'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { rehypeProvenance, type MatchNumbersInText } from '@/lib/answer/client/provenance-plugin';
import { numberCheckLines, type NumberCheck } from '@/lib/answer/number-check';
import { provenanceSummary } from '@/lib/answer/client/provenance-summary';
import { MarkdownImage } from './markdown-image';

interface AnswerViewProps {
  markdown: string;
  streaming: boolean;
  /** Matches the answer's numbers against the run's outputs. */
  matchNumbers: MatchNumbersInText;
  providerLabel?: string;
  /**
   * A saved analysis's number check (lib/answer/number-check.ts): its flags are listed under the answer, also in the
   * server render and without JavaScript (the share page and the embed), where the live count is not there yet.
   */
  numberCheck?: NumberCheck;
}

/** Images become links (markdown-image.tsx): an answer never makes the browser fetch a URL by itself. */
const MARKDOWN_COMPONENTS = { img: MarkdownImage };

/**
 * The streamed answer, rendered as markdown. react-markdown never renders raw HTML (no rehype-raw), so a model that
 * echoes an injected `<script>` or `<img>` from a cell value produces text, not markup. Numbers carry their provenance.
 * The workspace, the share page and the embed all render answers through this component.
 */
export function AnswerView({ markdown, streaming, matchNumbers, providerLabel, numberCheck }: AnswerViewProps) {
  const rehypePlugins = useMemo(() => (streaming ? [] : [rehypeProvenance({ lookup: matchNumbers })]), [streaming, matchNumbers]);
  // Counted on what was rendered: numbers inside raw HTML that react-markdown drops are never shown, so never flagged.
  const rendered = useRef<HTMLDivElement>(null);
  // null until counted in the browser: the server render must not claim anything about numbers it has not counted.
  const [counts, setCounts] = useState<{ total: number; unmatched: number } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: markdown and matchNumbers change what was rendered, which is what this counts
  useEffect(() => {
    const root = rendered.current;
    setCounts(
      streaming || !root
        ? null
        : {
            total: root.querySelectorAll('[data-provenance]').length,
            unmatched: root.querySelectorAll('[data-provenance="unmatched"]').length,
          },
    );
  }, [markdown, matchNumbers, streaming]);
  return (
    <section data-testid="answer" data-streaming={streaming ? 'true' : 'false'} className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50/40 p-3">
      <div
        ref={rendered}
        className="prose-answer text-sm leading-relaxed [&_a[data-provenance=matched]]:underline [&_a[data-provenance=matched]]:decoration-emerald-500 [&_a[data-provenance=matched]]:decoration-dotted [&_span[data-provenance=matched]]:underline [&_span[data-provenance=matched]]:decoration-emerald-500 [&_span[data-provenance=matched]]:decoration-dotted [&_[data-provenance=unmatched]]:rounded [&_[data-provenance=unmatched]]:bg-amber-100 [&_[data-provenance=unmatched]]:px-0.5 [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_li]:ml-5 [&_ol]:list-decimal [&_p]:my-1.5 [&_table]:text-xs [&_td]:border [&_td]:px-1 [&_th]:border [&_th]:px-1 [&_ul]:list-disc"
      >
        <Markdown remarkPlugins={[remarkGfm]} rehypePlugins={rehypePlugins} components={MARKDOWN_COMPONENTS} skipHtml>
          {markdown || (streaming ? '…' : '')}
        </Markdown>
      </div>
      {!streaming ? (
        <p className="text-xs text-slate-500" data-testid="answer-provenance">
          {counts ? provenanceSummary(counts) : numberCheck ? provenanceSummary({ total: numberCheck.checked, unmatched: numberCheck.unmatched }) : ''}
          {providerLabel ? ` · Written by ${providerLabel}.` : ''}
        </p>
      ) : null}
      {!streaming && numberCheck && numberCheck.unmatched > 0 ? (
        <ul className="text-xs text-amber-900" data-testid="answer-number-flags">
          {numberCheckLines({ check: numberCheck }).map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
