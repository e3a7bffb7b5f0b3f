/**
 * The browser kernel keeps data files under `/data`; an exported script or notebook keeps them in its own `data`
 * folder (DATA_DIR). Code that names a file by its kernel path (`pd.read_csv("/data/sales-AbCd.csv")`, as the model
 * is shown the paths) is rewritten to ask the export's `data_path` helper instead, which also says clearly which file
 * to put where when it is missing. Only string literals change, never code around them: a plain literal that starts
 * with `/data/` becomes `data_path("<rest>")`, an f-string's leading `/data/` becomes `{DATA_DIR}/`. Bytes
 * literals and literals glued to another literal (implicit concatenation) are left alone. Browser-safe, pure.
 */

const PREFIX = /^[rRbBuUfFtT]{0,2}$/;
const KERNEL_DATA = '/data';

interface Literal {
  /** Index of the prefix's first character (or the quote's, without one). */
  start: number;
  /** Index after the closing quote. */
  end: number;
  prefix: string;
  quote: string;
  body: string;
}

/** The string literal starting at `index` (a quote), with the prefix letters just before it. */
function readLiteral(code: string, index: number, prefixStart: number): Literal {
  const char = code[index]!;
  const quote = code.startsWith(char.repeat(3), index) ? char.repeat(3) : char;
  let cursor = index + quote.length;
  while (cursor < code.length && !code.startsWith(quote, cursor)) {
    if (code[cursor] === '\\') cursor += 1;
    else if (code[cursor] === '\n' && quote.length === 1) break;
    cursor += 1;
  }
  const end = Math.min(code.length, cursor + quote.length);
  return { start: prefixStart, end, prefix: code.slice(prefixStart, index), quote, body: code.slice(index + quote.length, cursor) };
}

function rewriteLiteral(literal: Literal): string | null {
  const prefix = literal.prefix.toLowerCase();
  if (prefix.includes('b') || prefix.includes('t')) return null;
  const { body, quote } = literal;
  if (body !== KERNEL_DATA && !body.startsWith(`${KERNEL_DATA}/`)) return null;
  const rest = body.slice(KERNEL_DATA.length + 1);
  if (prefix.includes('f')) return `${literal.prefix}${quote}{DATA_DIR}${body.slice(KERNEL_DATA.length)}${quote}`;
  return `data_path(${literal.prefix}${quote}${rest}${quote})`;
}

/** Whether code (after skipping spaces) at `index` continues with another string literal. */
function literalAt(code: string, index: number, direction: 1 | -1): boolean {
  let cursor = index;
  while (cursor >= 0 && cursor < code.length && /[ \t]/.test(code[cursor]!)) cursor += direction;
  const char = code[cursor];
  if (direction === 1) return /^[rRbBuUfFtT]{0,2}["']/.test(code.slice(cursor, cursor + 3));
  return char === '"' || char === "'";
}

/** `code` with every kernel data path in a string literal pointing at the export's data folder instead. */
export function rewriteDataPaths(code: string): string {
  let out = '';
  let index = 0;
  while (index < code.length) {
    const char = code[index]!;
    if (char === '#') {
      const newline = code.indexOf('\n', index);
      const end = newline === -1 ? code.length : newline;
      out += code.slice(index, end);
      index = end;
      continue;
    }
    if (char === '"' || char === "'") {
      const prefixMatch = /[A-Za-z]{0,2}$/.exec(code.slice(Math.max(0, index - 2), index))?.[0] ?? '';
      // A prefix is only a prefix when it is not the end of a longer name (`x"…"` is not valid Python anyway).
      const before = code[index - prefixMatch.length - 1];
      const prefix = PREFIX.test(prefixMatch) && !(before && /\w/.test(before)) ? prefixMatch : '';
      const literal = readLiteral(code, index, index - prefix.length);
      const glued = literalAt(code, literal.start - 1, -1) || literalAt(code, literal.end, 1);
      const replacement = glued ? null : rewriteLiteral(literal);
      // The prefix letters were already copied to `out`: replace them along with the literal.
      out = out.slice(0, out.length - prefix.length) + (replacement ?? code.slice(literal.start, literal.end));
      index = literal.end;
      continue;
    }
    out += char;
    index += 1;
  }
  return out;
}
