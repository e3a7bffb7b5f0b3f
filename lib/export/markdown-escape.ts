/**
 * Markdown from untrusted text. Questions, column names and cell values come from people and data files and can
 * carry HTML (`<script>`), link or image syntax, table pipes and code fences; rendered as Markdown (a Git host, an
 * editor preview, Jupyter) they must show as the text they are. LLM answers are Markdown on purpose, so they keep
 * their formatting and lose only what can act on its own: raw HTML, and images become links (an image URL is fetched
 * without a click, which makes it an exfiltration channel for prompt-injected answers). Browser-safe, pure.
 */

/** Backslash escapes for every character that can start inline Markdown or HTML (CommonMark: any ASCII punctuation may be escaped). */
const INLINE_SPECIAL = /[\\`*_{}[\]<>|#~$&!]/g;

/** Plain text inside a line of Markdown (not at its start): no emphasis, links, images, HTML, code or math. */
export function escapeMarkdownInline(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(INLINE_SPECIAL, (char) => `\\${char}`);
}

/** One line of plain text as a Markdown line: inline escapes plus the block syntax a line can start with. */
function escapeLine(line: string): string {
  let escaped = escapeMarkdownInline(line);
  // Block syntax only matters at the start of a line: lists, quotes (already escaped), headings, thematic breaks.
  escaped = escaped.replace(/^(\s*)([-+=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
  return escaped;
}

/** Plain text (possibly several lines) as Markdown that renders as exactly that text. */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escapeLine(line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')))
    .join('  \n');
}

/** A table cell: escaped text, pipes escaped (GFM needs `\|` even in code), line breaks as <br>. */
export function escapeTableCell(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').replace(INLINE_SPECIAL, (char) => `\\${char}`))
    .join('<br>');
}

/** A fence longer than any backtick run in `text`, so the text cannot close its own code block. */
export function codeFence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** A fenced code block holding `text` verbatim. */
export function codeBlock({ text, language = '' }: { text: string; language?: string }): string {
  const body = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const fence = codeFence(body);
  return `${fence}${language}\n${body}\n${fence}`;
}

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
  return text.split(/(`+[^`]*`+)/g).map((part, index) =>
    index % 2 === 1 ? part : imagesAsLinks(part.replace(/&(?![a-zA-Z]+;|#\d+;)/g, '&amp;').replace(/</g, '&lt;')).replace(/\$/g, '\\$'),
  ).join('');
}

/** An LLM answer: Markdown kept, raw HTML neutralised and images turned into links outside code. */
export function neutralizeMarkdown(markdown: string): string {
  let fence: string | null = null;
  return markdown
    .replace(/\r\n?/g, '\n')
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
