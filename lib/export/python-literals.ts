/**
 * Python source from untrusted text (questions, file names, column names). Values reach generated scripts only as
 * escaped literals, comments or docstrings built here, so no text can end a string, open a new statement or hide
 * code from a reader with bidi controls ("Trojan Source"). Browser-safe, pure.
 */

/**
 * Characters escaped in every literal: controls, line and paragraph separators, bidi embeddings/overrides/isolates,
 * zero-width and other invisible format characters, and lone surrogates (with the u flag a
 * valid surrogate pair is one code point, so only lone halves match).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb]|[\ud800-\udfff]/gu;

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeUnsafe(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short) return short;
  const code = char.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A double-quoted Python str literal whose value is exactly `text`. */
export function pyString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(UNSAFE, escapeUnsafe)}"`;
}

export type JsonLike = string | number | boolean | null | undefined | readonly JsonLike[] | { readonly [key: string]: JsonLike };

/** A Python literal (None/True/False, numbers, str, list, dict) for a JSON-like value; undefined entries are dropped. */
export function pyLiteral(value: JsonLike): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'float("nan")';
    if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : '-float("inf")';
    return String(value);
  }
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map((item: JsonLike) => pyLiteral(item)).join(', ')}]`;
  const entries = Object.entries(value as { readonly [key: string]: JsonLike }).filter(([, item]) => item !== undefined);
  return `{${entries.map(([key, item]) => `${pyString(key)}: ${pyLiteral(item)}`).join(', ')}}`;
}

/** Text for one comment line: line breaks and controls become spaces, invisible/bidi characters are dropped. */
export function commentText(text: string): string {
  return text
    .replace(/\r\n|[\n\r\u000b\u000c\u001c-\u001e\u0085\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(UNSAFE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A triple-quoted docstring whose value is `text` (newlines kept): backslashes and every quote are escaped, so no
 * `"""` inside the text can close it early, and unsafe characters become escapes.
 */
export function pyDocstring(text: string): string {
  const body = text
    .replace(/\r\n?/g, '\n')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(UNSAFE, (char) => (char === '\n' ? '\n' : escapeUnsafe(char)));
  return `"""${body}\n"""`;
}

const HIDDEN = /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff]/u;

/**
 * A warning when code holds invisible or text-direction characters: with them, what a reader sees is not what runs
 * (Trojan Source, CVE-2021-42574). The code itself is not changed: such characters can be legitimate in strings.
 */
export function hiddenCharacterWarning(code: string): string | null {
  const lines = code.split(/\r\n?|\n/);
  const line = lines.findIndex((text) => HIDDEN.test(text));
  if (line < 0) return null;
  const char = HIDDEN.exec(lines[line]!)![0];
  const name = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return `this code contains invisible or text-direction characters (${name} on line ${line + 1}); what you see may not be what runs.`;
}
