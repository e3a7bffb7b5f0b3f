import { isControlCharacter, isInvisibleCharacter, singleLineText } from './invisible-characters';

/**
 * Python source from untrusted text: column names, file names, questions, group values, LLM output. Such text reaches
 * generated Python (the offline planner's programs, the .py/.ipynb exports, the near-miss column fix, the read call
 * shown for a file) only as a literal, comment or docstring built here. Guarantees: a literal is one string token that
 * CPython (and Pyodide) evaluates back to exactly the original text, on one line, so no text can end a string, open a
 * statement or hide code from a reader; and every character that would make the displayed code lie is written as an
 * escape. Never splice text into Python any other way (STYLE.md: data goes through globals or JSON where it can).
 * Runs anywhere, pure.
 */

/**
 * Besides backslash, the quote and the invisible/control sets of invisible-characters.ts, a literal escapes the
 * characters Python's own repr() escapes (str.isprintable() is false for them): lone surrogates (Cs), private-use
 * (Co) and unassigned (Cn) code points, and every space other than U+0020 (Zs: a no-break or ideographic space looks
 * like a space but is not one, so the name would read as a different column's). What is left is printable text, kept
 * as is so names stay readable: "café", "漢字", "🚀".
 */
const NOT_PRINTABLE = /[\p{Cs}\p{Co}\p{Cn}\p{Zs}]/u;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function mustEscape(char: string): boolean {
  return char !== ' ' && (isInvisibleCharacter(char) || isControlCharacter(char) || NOT_PRINTABLE.test(char));
}

function codePointEscape(codePoint: number): string {
  if (codePoint <= 0xff) return `\\x${codePoint.toString(16).padStart(2, '0')}`;
  if (codePoint <= 0xffff) return `\\u${codePoint.toString(16).padStart(4, '0')}`;
  return `\\U${codePoint.toString(16).padStart(8, '0')}`;
}

/** The body of a literal delimited by `quote`; `keepNewlines` only for triple-quoted strings. */
function escapeBody({ text, quote, keepNewlines }: { text: string; quote: "'" | '"'; keepNewlines: boolean }): string {
  let body = '';
  // for…of walks code points: a surrogate pair is one character, a lone surrogate comes out alone (and is escaped).
  for (const char of text) {
    if (keepNewlines && char === '\n') body += char;
    else if (SHORT_ESCAPES[char] !== undefined) body += SHORT_ESCAPES[char];
    else if (char === quote) body += `\\${quote}`;
    else if (mustEscape(char)) body += codePointEscape(char.codePointAt(0) ?? 0);
    else body += char;
  }
  return body;
}

/** Which quote a literal uses: the given one, or, by default, the one Python's repr() would choose. */
export interface QuoteOption {
  /**
   * `'` or `"`. Default: single unless the text holds a single quote and no double quote, like repr(), so ordinary
   * names read naturally. The exports always write `"`; the near-miss column fix writes the quote the code used.
   */
  quote?: "'" | '"';
}

/** A Python `str` literal whose value is exactly `text`. */
export function pythonString(text: string, { quote }: QuoteOption = {}): string {
  const chosen = quote ?? (text.includes("'") && !text.includes('"') ? '"' : "'");
  return `${chosen}${escapeBody({ text, quote: chosen, keepNewlines: false })}${chosen}`;
}

/** A Python list literal of strings. */
export function pythonList(values: readonly string[], options: QuoteOption = {}): string {
  return `[${values.map((value) => pythonString(value, options)).join(', ')}]`;
}

export type JsonLike = string | number | boolean | null | undefined | readonly JsonLike[] | { readonly [key: string]: JsonLike };

/** A Python literal (None/True/False, numbers, str, list, dict) for a JSON-like value; undefined entries are dropped. */
export function pythonLiteral(value: JsonLike, options: QuoteOption = {}): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'float("nan")';
    if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : '-float("inf")';
    return String(value);
  }
  if (typeof value === 'string') return pythonString(value, options);
  if (Array.isArray(value)) return `[${value.map((item: JsonLike) => pythonLiteral(item, options)).join(', ')}]`;
  const entries = Object.entries(value as { readonly [key: string]: JsonLike }).filter(([, item]) => item !== undefined);
  return `{${entries.map(([key, item]) => `${pythonString(key, options)}: ${pythonLiteral(item, options)}`).join(', ')}}`;
}

/**
 * A triple-quoted docstring whose value is `text` (line breaks kept, CR LF as LF): backslashes and every `"` are
 * escaped, so no `"""` inside the text can close it early, and every other character a literal escapes is escaped.
 */
export function pythonDocstring(text: string): string {
  return `"""${escapeBody({ text: text.replace(/\r\n?/g, '\n'), quote: '"', keepNewlines: true })}\n"""`;
}

/**
 * Text for one comment line (without the `#`): line breaks and controls become spaces, invisible and text-direction
 * characters are dropped, whitespace is collapsed, so the text can neither start a line of code nor hide anything.
 */
export function pythonCommentText(text: string): string {
  return singleLineText(text).replace(/\s+/g, ' ').trim();
}
