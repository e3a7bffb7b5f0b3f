import { describe, expect, it } from 'vitest';
import { assignsResult, finalExpressionLine, logicalLines } from './python-statements';

describe('python statements', () => {
  it('splits logical lines across brackets, triple-quoted strings and backslashes, ignoring comments', () => {
    const code = [
      'x = (1 +',
      '     2)  # comment with ) and "quote',
      's = """a',
      'b = 3"""',
      'y = 1 + \\',
      '    2',
      '',
      '# only a comment',
      'for i in range(3):',
      '    print(i)',
    ].join('\n');
    expect(logicalLines(code).map(({ line, indent, outer }) => [line, indent, outer])).toEqual([
      [0, 0, 'x = ()'],
      [2, 0, 's = S'],
      [4, 0, 'y = 1 +      2'],
      [8, 0, 'for i in range():'],
      [9, 4, 'print()'],
    ]);
  });

  it('tells when a cell binds result in its own scope, like the kernel', () => {
    const assigns = [
      'result = 1',
      'result: int = 1',
      'result += 1',
      'a, result = 1, 2',
      'x = result = 3',
      'for result in range(3): pass',
      'with open_thing() as result: pass',
      'if (result := 3): pass',
      'def f():\n    global result\n    result = 1\nf()',
      'if True:\n    result = df.describe()',
      'import numpy as result',
    ];
    const not = [
      'print(result)',
      'f(result=1)',
      'obj.result = 1',
      'x[result] = 1',
      'result == 1',
      'results = 1',
      'my_result = 1',
      '"result = 1"',
      '# result = 1',
      'def f():\n    result = 1\n    return result\nf()',
      'class K:\n    result = 1',
      '[result for result in range(3)]',
      'd = {"result": 1}',
    ];
    for (const code of assigns) expect(assignsResult(code), code).toBe(true);
    for (const code of not) expect(assignsResult(code), code).toBe(false);
  });

  it('finds a final top-level expression, and nothing when the last statement is something else', () => {
    expect(finalExpressionLine('x = 1\nx + 1')).toBe(1);
    expect(finalExpressionLine('x = 1\n(df\n  .groupby("a")\n  .sum())\n# trailing comment\n')).toBe(1);
    expect(finalExpressionLine('for i in range(3):\n    print(i)\ndf.head()')).toBe(2);
    expect(finalExpressionLine('s = """\nresult = 1\n"""\ns.upper()')).toBe(3);
    for (const code of [
      'x = 1',
      'x += 1',
      'x: int = 1',
      'if x:\n    y',
      'for i in x:\n    i',
      'import pandas',
      'x = 1; x',
      'del x',
      '@dec\ndef f(): pass',
      'def f():\n    return 1',
      'if x:\n    pass\nelse:\n    y',
      '',
    ]) {
      expect(finalExpressionLine(code), code).toBeNull();
    }
  });
});
