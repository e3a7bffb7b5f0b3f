/**
 * Finds the extent of JSON values without parsing them, so a head that stops in the middle of a big array can still
 * yield its complete records, and a truncated file can be told apart from one with a syntax error.
 * The scan only tracks strings and bracket depth; JSON.parse still validates each value it returns.
 */

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

export function skipWhitespace({ text, from }: { text: string; from: number }): number {
  let index = from;
  while (index < text.length && isWhitespace(text.charCodeAt(index))) index += 1;
  return index;
}

/** Offset just after the string starting at `from` (a '"'), or -1 when the text ends first. */
function stringEnd({ text, from }: { text: string; from: number }): number {
  let search = from + 1;
  for (;;) {
    const quote = text.indexOf('"', search);
    if (quote === -1) return -1;
    let backslashes = 0;
    for (let index = quote - 1; text.charCodeAt(index) === 0x5c; index -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    search = quote + 1;
  }
}

/**
 * Offset just after the JSON value starting at `from`, or -1 when the text ends before the value does. A bare
 * scalar running to the end of an incomplete head counts as cut ("12" may be the start of "125").
 */
export function valueEnd({ text, from, complete }: { text: string; from: number; complete: boolean }): number {
  const first = text[from];
  if (first === '"') return stringEnd({ text, from });
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let index = from; index < text.length; index += 1) {
      const char = text[index];
      if (char === '"') {
        const end = stringEnd({ text, from: index });
        if (end === -1) return -1;
        index = end - 1;
      } else if (char === '{' || char === '[') depth += 1;
      else if (char === '}' || char === ']') {
        depth -= 1;
        if (depth === 0) return index + 1;
      }
    }
    return -1;
  }
  let index = from;
  while (index < text.length && !/[\s,\]}]/.test(text[index] ?? '')) index += 1;
  return index === text.length && !complete ? -1 : index;
}

export interface ArrayScan {
  /** Raw text of the first `keep` complete elements. */
  elements: { text: string; start: number }[];
  /** Complete elements seen. */
  count: number;
  /** Offset of the first element, and just after the last complete one. */
  firstStart: number;
  lastEnd: number;
  /** The closing ']' was seen. */
  closed: boolean;
  /** Offset of a character that cannot appear where it is (e.g. a missing comma), if any. */
  errorAt: number | null;
  /** What the scan expected at errorAt. */
  expected: 'a value' | '"," or "]"';
  /** Offset where the last, incomplete element starts when the text ran out inside it. */
  cutAt: number | null;
}

/** Walks the elements of the array whose '[' is at `open`. */
export function scanArray({ text, open, complete, keep }: { text: string; open: number; complete: boolean; keep: number }): ArrayScan {
  const scan: ArrayScan = {
    elements: [],
    count: 0,
    firstStart: open + 1,
    lastEnd: open + 1,
    closed: false,
    errorAt: null,
    expected: '"," or "]"',
    cutAt: null,
  };
  let index = skipWhitespace({ text, from: open + 1 });
  if (text[index] === ']') {
    scan.closed = true;
    return scan;
  }
  scan.firstStart = index;
  while (index < text.length) {
    const end = valueEnd({ text, from: index, complete });
    if (end === -1) {
      scan.cutAt = index;
      return scan;
    }
    if (end === index) {
      // Nothing where a value must be: "[1,,2]" or a trailing comma "[1,2,]".
      scan.errorAt = index;
      scan.expected = 'a value';
      return scan;
    }
    if (scan.elements.length < keep) scan.elements.push({ text: text.slice(index, end), start: index });
    scan.count += 1;
    scan.lastEnd = end;
    index = skipWhitespace({ text, from: end });
    if (index >= text.length) break;
    if (text[index] === ']') {
      scan.closed = true;
      return scan;
    }
    if (text[index] !== ',') {
      scan.errorAt = index;
      return scan;
    }
    index = skipWhitespace({ text, from: index + 1 });
  }
  if (index >= text.length) scan.cutAt = scan.cutAt ?? text.length;
  return scan;
}

/** 1-based line and column of a character offset. */
export function lineAndColumn({ text, offset }: { text: string; offset: number }): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
