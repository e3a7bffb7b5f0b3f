import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/**
 * Test-only: Markdown parsed with the stack the app renders with (remark + GFM), so "escaped" and "neutralised" mean
 * what a renderer sees.
 */
export interface MdNode {
  type: string;
  value?: string;
  url?: string;
  children?: MdNode[];
}

export function parseMarkdown(markdown: string): MdNode {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown);
}

export function nodesOf(node: MdNode, type?: string): MdNode[] {
  return [...(type === undefined || node.type === type ? [node] : []), ...(node.children ?? []).flatMap((child) => nodesOf(child, type))];
}

/** The text a reader sees: text and code values, a line break (or a `<br>` in a table cell) or a new block as "\n". */
export function visibleText(node: MdNode): string {
  if ((node.type === 'html' && node.value === '<br>') || node.type === 'break') return '\n';
  return node.value ?? (node.children ?? []).map(visibleText).join(node.type === 'root' ? '\n' : '');
}
