import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { commentText, hiddenCharacterWarning, pyDocstring, pyLiteral, pyString } from './python-literals';
import { runPython } from './test-support/export-fixture';

const NASTY = ['plain', 'quote " and \' and \\ backslash', 'new\nline\r\nand\ttab', '"""triple', 'bidi \u202e}\u2066 zero\u200bwidth', 'nul \u0000 del \u007f', 'emoji 😀 é', 'lone \ud800 half', 'sep \u2028 \u2029', '\\'];

describe('python literals', () => {
  it('round-trip through CPython exactly, on one line, showing no hidden characters', () => {
    for (const text of NASTY) {
      const literal = pyString(text);
      expect(literal).not.toMatch(/[\n\r\u2028\u2029\u202e\u2066\u200b\u0000]/);
    }
    const values = NASTY;
    const program = `import json\nvalues = [${values.map(pyString).join(', ')}]\nprint(json.dumps(values))\nprint(json.dumps(${pyLiteral({ a: [1, -2.5, true, false, null], 'b"': 'x' })}))`;
    const run = runPython({ args: ['-c', program], cwd: os.tmpdir() });
    expect(run.stderr).toBe('');
    const [first, second] = run.stdout.trim().split('\n');
    expect(JSON.parse(first!)).toEqual(values);
    expect(JSON.parse(second!)).toEqual({ a: [1, -2.5, true, false, null], 'b"': 'x' });
    // A lone surrogate is escaped (Python keeps it as that code point; json.dumps writes it back as \\ud800).
    expect(pyString('\ud800')).toBe('"\\ud800"');
  });

  it('makes docstrings that hostile text cannot close', () => {
    const text = 'Title\n""" ; import os\nend with backslash \\';
    const run = runPython({ args: ['-c', `import ast,sys\ndoc = ${pyDocstring(text)}\nsys.stdout.write(doc)`], cwd: os.tmpdir() });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${text}\n`);
  });

  it('keeps comments on one line without hidden characters', () => {
    expect(commentText('a\nb\r\nc\u2028d\u000be\u202ef')).toBe('a b c d ef');
    expect(hiddenCharacterWarning('print(1)')).toBeNull();
    expect(hiddenCharacterWarning('a = 1\nb = "\u200b"')).toMatch(/U\+200B on line 2/);
  });
});
