/**
 * Characters that make text read as something other than what it is. File names, titles, column names, questions
 * and LLM output are untrusted: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf", a zero-width space makes two
 * different column names look equal, and code with bidi controls can show a reader one program while Python runs
 * another ("Trojan Source", CVE-2021-42574). This is the one definition of those characters; every module that
 * cleans, escapes or warns about them uses these sets. Runs anywhere (no DOM, no server-only), pure.
 */

/**
 * Invisible or text-direction characters: Unicode's Default_Ignorable_Code_Point property (what a renderer draws as
 * nothing: zero-width space/joiners, word joiner, soft hyphen, Hangul fillers, variation selectors, tag characters,
 * the BOM) plus every format character (general category Cf), which adds the bidi embeddings, overrides, isolates and
 * marks, and the few format characters that are not default-ignorable (interlinear annotations, prepended
 * concatenation marks). Defined by property, not by a hand-written list of ranges, so nothing in those classes is
 * missed. Variation selectors and tag characters are in it on purpose: besides being invisible, they can carry hidden
 * data after an ordinary character ("emoji smuggling", "ASCII smuggling" of prompt injections).
 */
const INVISIBLE = String.raw`\p{Default_Ignorable_Code_Point}\p{Cf}`;

/**
 * Control characters and line breaks: C0 controls, DEL and C1 controls (general category Cc: they move a terminal's
 * cursor, end a log line or an HTTP header) and the line and paragraph separators U+2028/U+2029 (Zl, Zp), which
 * editors and browsers show as a line break where Python and most parsers see none.
 */
const CONTROL = String.raw`\p{Cc}\p{Zl}\p{Zp}`;

/**
 * Lone UTF-16 surrogates: not characters at all. They cannot be written as UTF-8 (an encoder writes U+FFFD instead),
 * so a name holding one would not survive a file, a header or another tool unchanged.
 */
const LONE_SURROGATE = String.raw`\p{Cs}`;

const INVISIBLE_CHARACTER = new RegExp(`[${INVISIBLE}]`, 'u');
const CONTROL_CHARACTER = new RegExp(`[${CONTROL}]`, 'u');

/** Whether `char` (one code point) is invisible or a text-direction control. */
export function isInvisibleCharacter(char: string): boolean {
  return INVISIBLE_CHARACTER.test(char);
}

/** Whether `char` (one code point) is a control character or a line/paragraph separator. */
export function isControlCharacter(char: string): boolean {
  return CONTROL_CHARACTER.test(char);
}

/** Whether the text holds an invisible or text-direction character anywhere. */
export function hasInvisibleCharacters(text: string): boolean {
  return INVISIBLE_CHARACTER.test(text);
}

/** Whether the text holds a control character or a line/paragraph separator anywhere. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

/** The text without invisible, text-direction or control characters and without lone surrogates (nothing replaces them). */
export function removeHiddenCharacters(text: string): string {
  return text.replace(new RegExp(`[${INVISIBLE}${CONTROL}${LONE_SURROGATE}]`, 'gu'), '');
}

/**
 * Text for one line of a label, a title, a comment or prose: every run of control characters and line breaks
 * becomes one space, invisible and text-direction characters and lone surrogates are removed. Ordinary spaces are
 * left as they are (callers that want them collapsed or trimmed do it), so two names that differ only in spacing
 * still read differently.
 */
export function singleLineText(text: string): string {
  return text.replace(new RegExp(`(?:\\r\\n|[${CONTROL}])+`, 'gu'), ' ').replace(new RegExp(`[${INVISIBLE}${LONE_SURROGATE}]`, 'gu'), '');
}

/**
 * Each control character and line/paragraph separator replaced by one space, except the characters in `keep` (for
 * example a tab or a line feed that the caller handles itself). Invisible characters are left in: this is for text
 * shown as itself (cell values, questions), where removing characters would change what the data says.
 */
export function controlCharactersToSpaces(text: string, { keep = '' }: { keep?: string } = {}): string {
  return text.replace(new RegExp(`[${CONTROL}]`, 'gu'), (char) => (keep.includes(char) ? char : ' '));
}

/** The first invisible or text-direction character of the text and its line (1-based), or null. */
export function findInvisibleCharacter(text: string): { codePoint: number; line: number } | null {
  const lines = text.split(/\r\n?|\n/);
  for (const [index, line] of lines.entries()) {
    const found = INVISIBLE_CHARACTER.exec(line);
    if (found) return { codePoint: found[0].codePointAt(0) ?? 0, line: index + 1 };
  }
  return null;
}

/** "U+202E": how a code point is named to people. */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A warning when code holds invisible or text-direction characters: with them, what a reader sees is not what runs
 * (Trojan Source). The code itself is not changed: such characters can be legitimate inside strings.
 */
export function hiddenCharacterWarning(code: string): string | null {
  const found = findInvisibleCharacter(code);
  if (!found) return null;
  return `this code contains invisible or text-direction characters (${codePointName(found.codePoint)} on line ${found.line}); what you see may not be what runs.`;
}
