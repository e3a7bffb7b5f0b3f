/**
 * Python string literals for untrusted text (column names, group values typed by the analyst). Column names are
 * user data and can carry quotes, backslashes, newlines or a prompt injection, so the planner never splices them
 * into source any other way: every name reaches Python through `pythonString()`, which produces a literal that
 * CPython (and Pyodide) parse back to exactly the same string.
 */

// Characters that are legal inside a Python literal but would make the *displayed* code lie about what it does:
// controls, format characters (bidi overrides of "Trojan Source", zero-width joiners), line/paragraph separators
// that editors render as line breaks, lone surrogates, private-use and unassigned code points, and exotic spaces.
const ESCAPED = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

const NAMED = new Map<string, string>([
  ['\\', '\\\\'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

function escapeCodePoint({ codePoint }: { codePoint: number }): string {
  if (codePoint <= 0xff) return `\\x${codePoint.toString(16).padStart(2, '0')}`;
  if (codePoint <= 0xffff) return `\\u${codePoint.toString(16).padStart(4, '0')}`;
  return `\\U${codePoint.toString(16).padStart(8, '0')}`;
}

/**
 * A Python `str` literal equal to `value`. Quotes are chosen like Python's repr (single unless the text contains a
 * single quote and no double quote), so ordinary names read naturally in the generated code.
 */
export function pythonString(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let body = '';
  // for…of walks code points; a lone surrogate comes out as one unit and is escaped as \udXXX (Python accepts it).
  for (const char of value) {
    const named = NAMED.get(char);
    if (named !== undefined) body += named;
    else if (char === quote) body += `\\${quote}`;
    else if (char !== ' ' && ESCAPED.test(char)) body += escapeCodePoint({ codePoint: char.codePointAt(0) ?? 0 });
    else body += char;
  }
  return `${quote}${body}${quote}`;
}

/** A Python list literal of strings. */
export function pythonList(values: readonly string[]): string {
  return `[${values.map((value) => pythonString(value)).join(', ')}]`;
}

/**
 * Whether the kernel's static policy would accept this text as a string constant. The policy refuses string
 * constants that spell a dunder access (format fields like "{0.__class__}"), which a hostile column name can do on
 * purpose. This check is deliberately broader than the policy's (any `__word__` at all), so a name it lets through
 * is never refused; columns it rejects are left out of plans, with a note, instead of producing code that fails.
 */
export function isPolicySafeText(value: string): boolean {
  return !/__[\p{L}\p{N}_]+?__/u.test(value.normalize('NFKC'));
}

const DISPLAY_MAX = 40;

/** Column names for prose (the plan line, messages): one line, bounded, quoted. Never used in code. */
export function displayName(value: string): string {
  const oneLine = value.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ').trim();
  const cut = oneLine.length > DISPLAY_MAX ? `${oneLine.slice(0, DISPLAY_MAX - 1)}…` : oneLine;
  return `"${cut}"`;
}
