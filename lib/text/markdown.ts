import { controlCharactersToSpaces } from './invisible-characters';

/**
 * Markdown from untrusted plain text: questions, column names, file names, cell values, printed output, messages.
 * They can carry HTML (`<script>`), link or image syntax (`[x](javascript:…)`), table pipes, emphasis, math and
 * code fences; rendered as Markdown (the page, a Git host, an editor preview, Jupyter) they must show as exactly the
 * text they are. Guarantee: the result parses (CommonMark + GFM) to text showing exactly the input (control
 * characters as spaces), with no markup apart from the line breaks and table structure these functions add and GFM's
 * links on URLs and addresses the text spells out. LLM answers, which are Markdown on purpose, go through
 * markdown-answer.ts instead. Runs anywhere, pure.
 */

/** Backslash escapes for every character that can start inline Markdown or HTML (CommonMark: any ASCII punctuation may be escaped). */
const INLINE_SPECIAL = /[\\`*_{}[\]<>|#~$&!]/g;

/**
 * GFM links a bare URL or e-mail address (`https://…`, `www.…`, `a@b.c`). Its tokenizer does so by the raw characters,
 * escapes included, so an escaped `a\_b` in one would show its backslash. Escaping the trigger (the colon of
 * `http(s)://`, the dot of `www.`, every `@`) turns that off; GFM's second pass still links the address from the text
 * as shown, to exactly that address (http, https, mailto or xmpp only), which is not markup the text did not say.
 */
function escapeAutolinks(text: string): string {
  return text
    .replace(/(https?):(?=\/\/)/gi, '$1\\:')
    .replace(/(www)\./gi, '$1\\.')
    .replace(/@/g, '\\@');
}

function escapeInlineSyntax(text: string): string {
  // The backslashes the autolink escapes add must not be escaped again: they come second.
  return escapeAutolinks(text.replace(INLINE_SPECIAL, (char) => `\\${char}`));
}

/** Plain text inside a line of Markdown (not at its start): no emphasis, links, images, HTML, code or math. */
export function escapeMarkdownInline(text: string): string {
  return escapeInlineSyntax(controlCharactersToSpaces(text));
}

/** One line of plain text as a Markdown line: inline escapes plus the block syntax a line can start with. */
function escapeLine(line: string): string {
  // Leading blanks are dropped: Markdown ignores up to three of them anyway, and four would start an indented code
  // block, which shows the escapes below as backslashes.
  let escaped = escapeInlineSyntax(controlCharactersToSpaces(line, { keep: '\t' }).replace(/^[ \t]+/, ''));
  // Block syntax only matters at the start of a line: lists, quotes (already escaped), headings, thematic breaks.
  escaped = escaped.replace(/^(\s*)([-+=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
  return escaped;
}

/** Plain text (possibly several lines) as Markdown that renders as exactly that text. */
export function escapeMarkdownText(text: string): string {
  return text.replace(/\r\n?/g, '\n').split('\n').map(escapeLine).join('  \n');
}

/** A table cell: escaped text, pipes escaped (GFM needs `\|` even in code), line breaks as <br>. */
export function escapeTableCell(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escapeInlineSyntax(controlCharactersToSpaces(line, { keep: '\t' })))
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
