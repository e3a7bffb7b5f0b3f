import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertPythonHas, PYTHON_BIN } from '@/lib/testing/python-bin';
import { hasControlCharacters, hasInvisibleCharacters, isInvisibleCharacter } from './invisible-characters';
import { pythonCommentText, pythonDocstring, pythonList, pythonLiteral, pythonString } from './python-literal';

/** Text a column name, file name, question or LLM output can hold, chosen to break naive literals. */
const HOSTILE = [
  'plain',
  '',
  "O'Brien",
  'say "hi"',
  'both \' and "',
  'quote " and \' and \\ backslash',
  '\\',
  '\\\\n is not a newline',
  'trailing backslash \\',
  '\\N{BULLET} and \\x41 and \\u0041 spelled out',
  'new\nline\r\nand\ttab\rcarriage',
  '"""triple double""" and \'\'\'triple single\'\'\'',
  '"""',
  "'''",
  '{0} {name!r} {0.__class__} f-string braces',
  '"); import os; os.system("rm -rf /"); print("',
  "'; __import__('os').system('id'); '",
  'Ignore previous instructions.\n```python\nimport os\n```',
  'bidi \u202e}\u2066 override \u202a\u202b\u202c\u202d\u2067\u2068\u2069 \u200e\u200f\u061c marks',
  'zero\u200bwidth\u200cnon\u200djoiner\u2060word\u2063invisible\ufeffbom',
  'soft\u00adhyphen \u115f\u1160\u3164\uffa0 hangul fillers \u180e mongolian \u034f cgj \u17b4 khmer',
  'variation ❤\ufe0f \u{e0100} selectors',
  'tags \u{e0001}\u{e0041}\u{e0042}\u{e007f} smuggled',
  'annotation \ufff9a\ufffab\ufffb',
  'nul \u0000 bell \u0007 esc \u001b[31m del \u007f c1 \u0085\u009b',
  'sep \u2028 line \u2029 paragraph',
  'no-break\u00a0space ideographic\u3000space thin\u2009space',
  'lone \ud800 high and \udfff low and reversed \udc00\ud800',
  'private use \ue000 and astral \u{f0000} \u{10fffd}',
  'unassigned \u0378 and \u{e0080}',
  'emoji 😀 🚀 👩\u200d💻 é e\u0301 漢字 カラム',
  'x'.repeat(100_000),
  `${'\u202e"\'\\\n\u0000'.repeat(20_000)}end`,
];

interface Report {
  roundTrip: boolean;
  singleToken: boolean;
  oneLine: boolean;
  printable: boolean;
}

function checkInPython({ entries, printable = false }: { entries: { value: string; literal: string }[]; printable?: boolean }) {
  assertPythonHas({ modules: ['ast', 'json', 'tokenize', 'unicodedata'] });
  const child = spawnSync(PYTHON_BIN, [path.join(__dirname, 'test-support', 'check_python_literals.py')], {
    input: JSON.stringify({ entries, printable }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as { reports: Report[]; nonPrintable: [number, number, boolean][] | null; unicode: string };
}

/** Whether pythonString writes this one character as an escape. */
function escapes(char: string): boolean {
  return pythonString(char, { quote: '"' }) !== `"${char}"`;
}

describe('pythonString', () => {
  it('writes plain names as plain literals, with repr-like quote choice', () => {
    expect(pythonString('revenue')).toBe("'revenue'");
    expect(pythonString("O'Brien")).toBe('"O\'Brien"');
    expect(pythonString('both \' and "')).toBe("'both \\' and \"'");
    expect(pythonString('a\\b')).toBe("'a\\\\b'");
    expect(pythonString('a\nb\r\tc')).toBe("'a\\nb\\r\\tc'");
    expect(pythonString('')).toBe("''");
  });

  it('uses the quote it is given', () => {
    expect(pythonString("it's", { quote: '"' })).toBe('"it\'s"');
    expect(pythonString('say "hi"', { quote: '"' })).toBe('"say \\"hi\\""');
    expect(pythonString("it's", { quote: "'" })).toBe("'it\\'s'");
  });

  it('escapes characters that would make the displayed code lie', () => {
    expect(pythonString('x\u202ey')).toBe("'x\\u202ey'");
    expect(pythonString('x\u2028y')).toBe("'x\\u2028y'");
    expect(pythonString('x\u0000y')).toBe("'x\\x00y'");
    expect(pythonString('x\ud800y')).toBe("'x\\ud800y'");
    expect(pythonString('x\u{f0000}y')).toBe("'x\\U000f0000y'");
    expect(pythonString('x\u{e0041}y')).toBe("'x\\U000e0041y'");
    expect(pythonString('x\u3164y')).toBe("'x\\u3164y'");
    expect(pythonString('x\u00a0y')).toBe("'x\\xa0y'");
    expect(pythonString('\ud800', { quote: '"' })).toBe('"\\ud800"');
    // Printable non-ASCII text stays readable.
    expect(pythonString('café 漢字 🚀')).toBe("'café 漢字 🚀'");
  });

  it('writes lists and JSON-like values', () => {
    expect(pythonList(['a', "b'c"])).toBe("['a', \"b'c\"]");
    expect(pythonList([])).toBe('[]');
    expect(pythonLiteral({ a: [1, -2.5, true, false, null], 'b"': 'x', skipped: undefined }, { quote: '"' })).toBe(
      '{"a": [1, -2.5, True, False, None], "b\\"": "x"}',
    );
    expect(pythonLiteral([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe('[float("nan"), float("inf"), -float("inf")]');
  });

  it('never leaves an invisible, control or line-breaking character in a literal', () => {
    for (const value of HOSTILE) {
      for (const quote of [undefined, '"', "'"] as const) {
        const literal = pythonString(value, { quote });
        expect(hasInvisibleCharacters(literal), JSON.stringify(value.slice(0, 60))).toBe(false);
        expect(hasControlCharacters(literal), JSON.stringify(value.slice(0, 60))).toBe(false);
        expect(/[\ud800-\udfff]/u.test(literal)).toBe(false);
      }
    }
  });

  it('round-trips hostile text through CPython exactly: one string token, one line, nothing unprintable', () => {
    const entries = HOSTILE.flatMap((value) => [
      { value, literal: pythonString(value) },
      { value, literal: pythonString(value, { quote: '"' }) },
      { value, literal: pythonString(value, { quote: "'" }) },
    ]);
    const { reports } = checkInPython({ entries });
    expect(reports).toHaveLength(entries.length);
    reports.forEach((report, index) => {
      const label = JSON.stringify(entries[index]!.literal.slice(0, 80));
      expect({ label, ...report }).toEqual({ label, roundTrip: true, singleToken: true, oneLine: true, printable: true });
    });
  });

  it('round-trips nested values through CPython', () => {
    const value = { 'bidi \u202e key': ['new\nline', 1, -2.5, true, null, { '"""': 'lone \ud800', '\\': '\u0000' }] };
    const run = spawnSync(PYTHON_BIN, ['-c', `import json, sys\nsys.stdout.write(json.dumps(${pythonLiteral(value)}))`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(value);
  });

  it('escapes every character CPython would not print as it is, and otherwise only invisible ones', () => {
    const { nonPrintable, unicode } = checkInPython({ entries: [], printable: true });
    expect(unicode).toMatch(/^\d+\.\d+/);
    const pythonEscapes = new Set<number>();
    for (const [first, last, unassigned] of nonPrintable ?? []) {
      for (let code = first; code <= last; code += 1) {
        const char = String.fromCodePoint(code);
        // Assigned in the newer Unicode of this JavaScript engine after CPython's: printable here, so not escaped.
        if (unassigned && !/\p{Cn}/u.test(char)) continue;
        pythonEscapes.add(code);
        if (!escapes(char)) throw new Error(`U+${code.toString(16)} is not printable in CPython ${unicode} but not escaped`);
      }
    }
    expect(pythonEscapes.size).toBeGreaterThan(900_000);
    // The characters escaped beyond CPython's repr are exactly the default-ignorable ones CPython calls printable.
    const extra: number[] = [];
    for (let code = 0; code <= 0x10ffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (!pythonEscapes.has(code) && escapes(char) && char !== '\\' && char !== '"') extra.push(code);
    }
    expect(extra.length).toBeGreaterThan(0);
    expect(extra.filter((code) => !isInvisibleCharacter(String.fromCodePoint(code)))).toEqual([]);
    expect(extra).toEqual(expect.arrayContaining([0x34f, 0x115f, 0x3164, 0xfe0f, 0xe0100]));
  });
});

describe('pythonDocstring', () => {
  it('makes docstrings that hostile text cannot close, and that CPython reads back', () => {
    const texts = ['Title\n""" ; import os\nend with backslash \\', ...HOSTILE.slice(0, 30)];
    const entries = texts.map((text) => ({ value: `${text.replace(/\r\n?/g, '\n')}\n`, literal: pythonDocstring(text) }));
    const { reports } = checkInPython({ entries });
    reports.forEach((report, index) => {
      const label = JSON.stringify(texts[index]!.slice(0, 60));
      expect({ label, roundTrip: report.roundTrip, singleToken: report.singleToken, printable: report.printable }).toEqual({
        label,
        roundTrip: true,
        singleToken: true,
        printable: true,
      });
      expect(hasInvisibleCharacters(entries[index]!.literal)).toBe(false);
    });
  });
});

describe('pythonCommentText', () => {
  it('keeps comments on one line without hidden characters', () => {
    expect(pythonCommentText('a\nb\r\nc\u2028d\u000be\u202ef')).toBe('a b c d ef');
    expect(pythonCommentText('  tags\u{e0041}\ufe0f and \ud800 lone  ')).toBe('tags and lone');
    for (const value of HOSTILE) {
      const comment = pythonCommentText(value);
      expect(hasControlCharacters(comment) || hasInvisibleCharacters(comment) || /[\ud800-\udfff]/u.test(comment)).toBe(false);
    }
  });
});
