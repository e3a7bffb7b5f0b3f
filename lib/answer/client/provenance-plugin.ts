import type { Element, ElementContent, Root, RootContent, Text } from 'hast';

/** A number found in a piece of text, with the output it came from (null: not found in the outputs). */
export interface NumberSpan {
  start: number;
  end: number;
  /** `anchor`: the id of the output element the number links to. */
  source: { label: string; snippet: string; anchor?: string } | null;
}

/** Finds the numbers of one text node and matches them against the run's outputs (lib/answer/provenance.ts). */
export type MatchNumbersInText = (text: string) => NumberSpan[];

/**
 * A rehype plugin: wraps every number of the rendered answer in a span that says whether it was found in the run's
 * outputs, so the page can link it to its source or flag it. Works on the HTML tree, after markdown parsing, so code
 * spans and link targets are never rewritten.
 */
export function rehypeProvenance({ lookup }: { lookup: MatchNumbersInText }) {
  return () => (tree: Root) => {
    visitChildren(tree, lookup);
  };
}

function visitChildren(node: Root | Element, lookup: MatchNumbersInText): void {
  const next: (RootContent | ElementContent)[] = [];
  for (const child of node.children) {
    if (child.type === 'text') {
      next.push(...splitText(child, lookup));
    } else {
      if (child.type === 'element' && child.tagName !== 'code' && child.tagName !== 'pre') visitChildren(child, lookup);
      next.push(child);
    }
  }
  node.children = next as typeof node.children;
}

function splitText(text: Text, lookup: MatchNumbersInText): ElementContent[] {
  const parts: ElementContent[] = [];
  let last = 0;
  for (const { start, end, source } of lookup(text.value)) {
    if (start < last) continue;
    const value = text.value.slice(start, end);
    if (start > last) parts.push({ type: 'text', value: text.value.slice(last, start) });
    parts.push({
      type: 'element',
      // A matched number links to the output it came from; an unmatched one is flagged, never silently trusted.
      tagName: source?.anchor ? 'a' : 'span',
      properties: {
        dataProvenance: source ? 'matched' : 'unmatched',
        title: source ? `From ${source.label}: ${source.snippet}` : 'Not found in the outputs',
        ...(source?.anchor ? { href: `#${source.anchor}` } : {}),
      },
      children: [{ type: 'text', value }],
    });
    last = end;
  }
  if (last < text.value.length) parts.push({ type: 'text', value: text.value.slice(last) });
  return parts.length > 0 ? parts : [text];
}
