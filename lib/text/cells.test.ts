import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assertPythonHas, PYTHON_BIN } from '@/lib/testing/python-bin';
import { cellText, csvField, MISSING, neutralizeFormula, type Cell } from './cells';

describe('cellText', () => {
  it('spells missing values for each audience, booleans as Python does, numbers exactly', () => {
    expect([MISSING.screen, MISSING.python, MISSING.model].map((missing) => cellText(null, { missing }))).toEqual(['', 'None', 'NaN']);
    expect(cellText(true, { missing: MISSING.screen })).toBe('True');
    expect(cellText(false, { missing: MISSING.model })).toBe('False');
    expect(cellText(-0.1 - 0.2, { missing: MISSING.python })).toBe('-0.30000000000000004');
    expect(cellText(1e21, { missing: MISSING.python })).toBe('1e+21');
    expect(cellText('=1+1 \u202e <b>', { missing: MISSING.screen })).toBe('=1+1 \u202e <b>');
  });

  it('shortens numbers for the screen to six significant digits', () => {
    const short = (value: number) => cellText(value, { missing: MISSING.screen, numbers: 'short' });
    expect(short(1.23456789)).toBe('1.23457');
    expect(short(0.1 + 0.2)).toBe('0.3');
    expect(short(-0.000001234567)).toBe('-0.00000123457');
    expect(short(1.5e-7)).toBe('1.5e-7');
    expect(short(123456789)).toBe('123456789');
    expect(short(2.5)).toBe('2.5');
  });
});

/** Cells a spreadsheet would run, or that break naive CSV: formula starts, quotes, separators, hostile text. */
const HOSTILE: Cell[] = [
  '=HYPERLINK("http://evil","x")',
  '=1+1',
  '+1+1',
  '-1+1',
  '@SUM(A1)',
  '\tcmd',
  '\r=1',
  '-3.5',
  "=cmd|' /C calc'!A0",
  ' =1',
  'a=1',
  'comma, inside',
  'say "hi"',
  'two\nlines',
  'crlf\r\nend',
  'nul \u0000 and bidi \u202e and zero\u200bwidth',
  'emoji 😀 and lone \ud800',
  'x'.repeat(100_000),
  '',
  -3.5,
  0,
  1e21,
  true,
  false,
  null,
];

describe('csvField', () => {
  it('neutralises strings that start like a formula, and only strings', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutralizeFormula(`${start}x`)).toBe(`'${start}x`);
    for (const safe of [' =x', 'x=', '', '1', '\n=x', '\u200b=x']) expect(neutralizeFormula(safe)).toBe(safe);
    expect(csvField(-3.5)).toBe('-3.5');
    expect(csvField('-3.5')).toBe("'-3.5");
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('True');
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
  });

  it('reads back through CPython’s csv module as the same values, formula starts behind an apostrophe', () => {
    assertPythonHas({ modules: ['csv', 'json'] });
    // Lone surrogates cannot be written to a UTF-8 file; the CSV download encodes through TextEncoder, which does this.
    const written = HOSTILE.map((cell) => (typeof cell === 'string' ? cell.replace(/[\ud800-\udfff]/gu, '\ufffd') : cell));
    const csv = `${written.map(csvField).join(',')}\r\n${written.map((cell) => csvField(cell === null ? null : String(cell))).join(',')}\r\n`;
    const script = 'import csv, io, json, sys\nsys.stdout.write(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline="")))))';
    const run = spawnSync(PYTHON_BIN, ['-c', script], { input: csv, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(run.stderr).toBe('');
    const [typed, asText] = JSON.parse(run.stdout) as [string[], string[]];
    const expected = written.map((cell) =>
      cell === null ? '' : typeof cell === 'string' ? neutralizeFormula(cell) : cellText(cell, { missing: MISSING.screen }),
    );
    expect(typed).toEqual(expected);
    // The same values as strings: now "-3.5" is text from a string column, and is neutralised like any other.
    expect(asText).toEqual(written.map((cell) => (cell === null ? '' : neutralizeFormula(String(cell)))));
  });
});
