import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { escapeMarkdownText } from './markdown';

/**
 * LLM answers as Markdown for exports (.md, .ipynb). An answer is Markdown on purpose, so it keeps its formatting and
 * loses only what can act on its own when someone renders the file: raw HTML, images (an image URL is fetched without
 * a click, which makes it an exfiltration channel for a prompt-injected answer; they become links) and links whose
 * URL is not http(s) or mailto (`[x](javascript:…)`, `data:`, `vbscript:`; they become text). The page renders
 * answers with react-markdown, which already drops raw HTML and such URLs; an exported file is opened in renderers we
 * do not control.
 *
 * Guarantee, checked by the same parser the app renders with (remark + GFM): the result has no `html`, `image` or
 * `imageReference` node, and every link and link definition has a safe URL. A quick line-by-line pass does the usual
 * cases while keeping code verbatim; the parser then finds whatever that pass could not see (a code span it misread,
 * an entity-encoded scheme, a definition inside a quote) and escapes exactly that node's opening character, until
 * the tree is clean. Runs anywhere (no DOM), pure.
 */

/**
 * `![alt](url)` → `\![alt](url)`: the escaped `!` is plain text and what follows is an ordinary link, so every image
 * form (inline, `[ref]`, `[]`, shortcut) becomes the matching link form, fetched only if someone clicks it. An empty
 * alt gets a name so the link has something to click.
 */
function imagesAsLinks(text: string): string {
  // An odd run of backslashes before `!` already escapes it (already a link); an even run escapes only itself.
  return text.replace(/(\\*)!\[(\]?)/g, (match, slashes: string, empty: string) =>
    slashes.length % 2 === 1 ? match : `${slashes}\\![${empty ? 'image]' : ''}`,
  );
}

function neutralizeInline(text: string): string {
  // Inline code spans stay verbatim; elsewhere HTML starts become text, images links, math dollars literal.
  return text
    .split(/(`+[^`]*`+)/g)
    .map((part, index) => (index % 2 === 1 ? part : imagesAsLinks(part.replace(/&(?![a-zA-Z]+;|#\d+;)/g, '&amp;').replace(/</g, '&lt;')).replace(/\$/g, '\\$')))
    .join('');
}

/** The line-by-line pass: fenced code blocks verbatim, everything else through neutralizeInline. */
function neutralizeLines(markdown: string): string {
  let fence: string | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence) {
        if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = null;
        return line;
      }
      if (opener) {
        fence = opener;
        return line;
      }
      return neutralizeInline(line);
    })
    .join('\n');
}

/** As react-markdown's URL check, narrowed to the web and mail: a scheme other than these makes a URL unsafe. */
const SAFE_SCHEME = /^(?:https?|mailto)$/i;

function isSafeUrl(url: string): boolean {
  const colon = url.indexOf(':');
  if (colon < 0) return true;
  const pathStart = url.search(/[/?#]/);
  // A colon after the first '/', '?' or '#' is part of a relative URL's path, query or fragment, not a scheme.
  if (pathStart >= 0 && pathStart < colon) return true;
  return SAFE_SCHEME.test(url.slice(0, colon));
}

interface MarkdownNode {
  type: string;
  url?: string;
  position?: { start: { offset?: number } };
  children?: MarkdownNode[];
}

/** A replacement of the character at `offset`. */
interface Patch {
  offset: number;
  text: string;
}

/** What must change in `source` so that `node` and its descendants can no longer act: one patch per offending node. */
function patchesFor({ node, source }: { node: MarkdownNode; source: string }): Patch[] | null {
  const offset = node.position?.start.offset;
  const offending =
    node.type === 'html' ||
    node.type === 'image' ||
    node.type === 'imageReference' ||
    ((node.type === 'link' || node.type === 'definition') && !isSafeUrl(node.url ?? ''));
  if (offending) {
    const char = offset === undefined ? undefined : source[offset];
    // `<` (HTML, an autolink) becomes an entity; `!` or `[` (image, link, definition) gets a backslash.
    if (offset === undefined || (char !== '<' && char !== '!' && char !== '[')) return null;
    return [{ offset, text: char === '<' ? '&lt;' : `\\${char}` }];
  }
  const patches: Patch[] = [];
  for (const child of node.children ?? []) {
    const inner = patchesFor({ node: child, source });
    if (inner === null) return null;
    patches.push(...inner);
  }
  return patches;
}

/** Patches until the parser finds nothing that acts; null if that does not converge (then the caller gives up on Markdown). */
function patchUntilClean(source: string): string | null {
  let text = source;
  // Each round escapes at least one construct; a few rounds cover nesting (a link revealed by escaping an inner one).
  for (let round = 0; round < 20; round += 1) {
    const tree: MarkdownNode = unified().use(remarkParse).use(remarkGfm).parse(text);
    const patches = patchesFor({ node: tree, source: text });
    if (patches === null) return null;
    if (patches.length === 0) return text;
    for (const patch of [...patches].sort((a, b) => b.offset - a.offset)) {
      text = `${text.slice(0, patch.offset)}${patch.text}${text.slice(patch.offset + 1)}`;
    }
  }
  return null;
}

/** An LLM answer for an exported file: Markdown kept, raw HTML, images and unsafe links neutralised. */
export function neutralizeMarkdown(markdown: string): string {
  const normalized = markdown.replace(/\r\n?/g, '\n');
  // Should the parser still find something after the last round, the answer is exported as plain text instead.
  return patchUntilClean(neutralizeLines(normalized)) ?? escapeMarkdownText(normalized);
}
