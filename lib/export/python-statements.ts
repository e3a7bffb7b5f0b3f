/**
 * Just enough of Python's lexical structure to turn a kernel cell into script code that prints what the kernel showed.
 * The kernel's result is `result` when the cell assigns it, else the value of a final expression statement
 * (workers/python/kernel_runner.py). A script shows neither, so the .py export appends `print(result)`, first turning
 * a final expression into `result = <expression>`. This is a scanner (strings, comments, brackets, continuations),
 * not a parser; callers use it only when the saved run had a result, which says one of the two cases holds.
 * Browser-safe, pure.
 */

export interface LogicalLine {
  /** 0-based index of its first physical line. */
  line: number;
  /** Leading whitespace of that line, in characters. */
  indent: number;
  /** The statement at bracket depth 0: string literals become `S`, bracket contents are dropped, comments removed. */
  outer: string;
  /** The statement with string literals as `S` and comments removed, bracket contents kept. */
  flat: string;
}

const STRING_PREFIX = /(?<!\w)[rRbBuUfFtT]{1,2}$/;

/** Splits code into logical lines (brackets, triple-quoted strings and backslashes join physical lines). */
export function logicalLines(code: string): LogicalLine[] {
  const text = code.replace(/\r\n?/g, '\n');
  const lines: LogicalLine[] = [];
  let line = 0;
  let startLine = 0;
  let depth = 0;
  let outer = '';
  let flat = '';
  let atStart = true;
  let indent = 0;
  const finish = () => {
    if (flat.trim() !== '') lines.push({ line: startLine, indent, outer: outer.trim(), flat: flat.trim() });
    outer = '';
    flat = '';
    atStart = true;
    indent = 0;
  };
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (atStart) {
      if (char === ' ' || char === '\t') {
        indent += 1;
        continue;
      }
      atStart = false;
      startLine = line;
    }
    if (char === '#') {
      while (index + 1 < text.length && text[index + 1] !== '\n') index += 1;
      continue;
    }
    if (char === '"' || char === "'") {
      const triple = text.startsWith(char.repeat(3), index);
      const quote = triple ? char.repeat(3) : char;
      // A prefix (r"…", f'…', rb"…") is part of the literal: drop it so only S stands for the whole literal.
      if (STRING_PREFIX.test(flat)) {
        flat = flat.replace(STRING_PREFIX, '');
        if (depth === 0) outer = outer.replace(STRING_PREFIX, '');
      }
      index += quote.length;
      while (index < text.length && !text.startsWith(quote, index)) {
        if (text[index] === '\\') {
          if (text[index + 1] === '\n') line += 1;
          index += 2;
          continue;
        }
        if (text[index] === '\n') {
          if (!triple) break; // unterminated: Python would refuse it; end the literal before the newline
          line += 1;
        }
        index += 1;
      }
      // Leave `index` on the literal's last character (or before the newline that ended a broken one).
      index = text[index] === '\n' && !triple ? index - 1 : index + quote.length - 1;
      flat += 'S';
      if (depth === 0) outer += 'S';
      continue;
    }
    if (char === '\\' && text[index + 1] === '\n') {
      index += 1;
      line += 1;
      flat += ' ';
      if (depth === 0) outer += ' ';
      continue;
    }
    if (char === '\n') {
      line += 1;
      if (depth === 0) finish();
      else flat += ' ';
      continue;
    }
    if ('([{'.includes(char)) {
      if (depth === 0) outer += char;
      depth += 1;
    } else if (')]}'.includes(char)) {
      depth = Math.max(0, depth - 1);
      if (depth === 0) outer += char;
      flat += char;
      continue;
    }
    flat += char;
    if (depth === 0 && !'([{'.includes(char)) outer += char;
  }
  finish();
  return lines;
}

/** Assignment operator positions at depth 0 (`=`, `+=`, `//=`…, not `==`, `<=`, `>=`, `!=`, `:=`). */
const ASSIGNMENT = /(?<![=!<>:+\-*/%@&|^])=(?!=)|(?:\/\/|\*\*|>>|<<|[-+*/%@&|^])=/g;
const NAME_RESULT = /(?<![.\w])result\b/;
const STATEMENT_KEYWORDS =
  /^(?:if|elif|else|for|while|def|class|with|try|except|finally|import|from|return|del|pass|break|continue|raise|assert|global|nonlocal|async|yield|match|case|type)\b/;

function targetsOf({ outer }: { outer: string }): string[] {
  const parts = outer.split(ASSIGNMENT);
  return parts.length > 1 ? parts.slice(0, -1) : [];
}

/** Whether the cell binds `result` in its own scope, as the kernel decides it (function bodies excluded). */
export function assignsResult(code: string): boolean {
  const functionIndents: number[] = [];
  for (const statement of logicalLines(code)) {
    while (functionIndents.length > 0 && statement.indent <= functionIndents[functionIndents.length - 1]!) functionIndents.pop();
    const { outer, flat } = statement;
    if (/^global\b.*\bresult\b/.test(outer)) return true;
    if (/(?<![.\w])result\s*:=/.test(flat)) return true;
    if (/^(?:async\s+)?(?:def|class)\b/.test(outer) || /^@/.test(outer)) {
      functionIndents.push(statement.indent);
      continue;
    }
    if (functionIndents.length > 0) continue;
    if (targetsOf({ outer }).some((target) => NAME_RESULT.test(target))) return true;
    if (/^result\s*:/.test(outer)) return true;
    const loop = /^(?:async\s+)?for\s+(.*?)\s+in\b/.exec(outer);
    if (loop && NAME_RESULT.test(loop[1]!)) return true;
    if (/\bas\s+result\b/.test(outer)) return true;
    if (/^(?:from\s+\S+\s+)?import\b.*(?<![.\w])result\b/.test(outer)) return true;
  }
  return false;
}

/**
 * The 0-based line where the cell's final statement starts when that statement is a plain expression at the top
 * level (what the kernel would show); null when it is anything else or cannot be told apart safely.
 */
export function finalExpressionLine(code: string): number | null {
  const last = logicalLines(code).at(-1);
  if (last?.indent !== 0) return null;
  const { outer } = last;
  if (STATEMENT_KEYWORDS.test(outer) || outer.startsWith('@') || outer.endsWith(':') || outer.includes(';')) return null;
  if (targetsOf({ outer }).length > 0 || /^[A-Za-z_]\w*\s*:/.test(outer)) return null;
  return last.line;
}
