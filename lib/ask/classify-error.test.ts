import { describe, expect, it } from 'vitest';
import { blankRunResult } from '@/lib/kernel/run-results';
import type { RunError, RunResult } from '@/workers/kernel-protocol';
import { classifyFailure, classifyRunError, fixNearMissColumn } from './classify-error';
import { editDistance, missingColumnNames, parsePythonStringRepr } from '@/lib/files/column-match';
import type { DatasetBrief, RunErrorKind } from './contracts';
import { csvBrief } from './test-support/turn-fixture';

const briefs: DatasetBrief[] = [
  csvBrief({
    id: 'dataset-1111',
    variable: 'df1',
    name: 'sales.csv',
    rows: 10,
    columns: [
      { name: 'Region', type: 'string' },
      { name: 'Revenue', type: 'number' },
      { name: 'Units Sold', type: 'integer' },
      { name: "Customer's Name", type: 'string' },
    ],
  }),
  csvBrief({
    id: 'dataset-2222',
    variable: 'df2',
    name: 'targets.csv',
    rows: 4,
    columns: [
      { name: 'Region', type: 'string' },
      { name: 'Target', type: 'number' },
    ],
  }),
];

function runResult(status: RunResult['status'], error: Partial<RunError> & { type: string; message: string }): RunResult {
  return blankRunResult({ status, error: { line: 3, traceback: '', ...error }, timings: { validateMs: 0, loadPackagesMs: 0, executeMs: 0, totalMs: 0 } });
}

describe('classifyRunError', () => {
  const table: [string, RunResult['status'], string, string, RunErrorKind][] = [
    ['policy refusal', 'policy', 'PolicyViolation', "import of 'os' is not allowed", 'policy'],
    ['KeyError on a column', 'python', 'KeyError', "'revenue'", 'missing_column'],
    ['KeyError repr with double quotes', 'python', 'KeyError', '"Customer\'s name"', 'missing_column'],
    ['list of columns not in index', 'python', 'KeyError', "\"['Revnue', 'Units'] not in index\"", 'missing_column'],
    ['None of [Index] are in the [columns]', 'python', 'KeyError', "\"None of [Index(['regon'], dtype='object')] are in the [columns]\"", 'missing_column'],
    ['AttributeError on a near column', 'python', 'AttributeError', "'DataFrame' object has no attribute 'revenue'", 'missing_column'],
    ['AttributeError on a method', 'python', 'AttributeError', "'DataFrame' object has no attribute 'summarize_everything'", 'other'],
    ['KeyError on an integer', 'python', 'KeyError', '0', 'other'],
    ['NameError', 'python', 'NameError', "name 'df3' is not defined", 'name'],
    ['TypeError', 'python', 'TypeError', "unsupported operand type(s) for +: 'int' and 'str'", 'type'],
    ['SyntaxError', 'python', 'SyntaxError', 'invalid syntax', 'syntax'],
    ['IndentationError', 'python', 'IndentationError', 'unexpected indent', 'syntax'],
    ['timeout', 'timeout', 'Timeout', 'The code ran longer than 30 s', 'timeout'],
    ['MemoryError', 'python', 'MemoryError', '', 'memory'],
    ['crash out of memory', 'crashed', 'KernelCrashed', 'The kernel ran out of memory', 'memory'],
    ['package load', 'load', 'PackageLoadError', 'Could not load scipy', 'package_load'],
    ['anything else', 'python', 'ZeroDivisionError', 'division by zero', 'other'],
  ];
  it.each(table)('%s → %s', (_name, status, type, message, kind) => {
    const classified = classifyRunError({ result: runResult(status, { type, message }), datasets: briefs });
    expect(classified.kind).toBe(kind);
    expect(classified.status).toBe(status);
    expect(classified.error.message).toBe(message);
  });

  it('suggests the closest real column and lists the real ones', () => {
    const { suggestion } = classifyRunError({ result: runResult('python', { type: 'KeyError', message: "'revenue'" }), datasets: briefs });
    expect(suggestion).toContain('Did you mean "Revenue" (df1)?');
    expect(suggestion).toContain('Columns of df1 (sales.csv): "Region", "Revenue", "Units Sold", "Customer\'s Name".');
    expect(suggestion).toContain('Columns of df2 (targets.csv)');
  });

  it('explains a column that exists in the data but not in the indexed frame (lost to the index)', () => {
    const { kind, suggestion } = classifyRunError({ result: runResult('python', { type: 'KeyError', message: "'Region'" }), datasets: briefs });
    expect(kind).toBe('missing_column');
    expect(suggestion).toMatch(/reset_index/);
  });

  it('says which DataFrames exist for an unknown dfN', () => {
    const { suggestion } = classifyRunError({ result: runResult('python', { type: 'NameError', message: "name 'df3' is not defined" }), datasets: briefs });
    expect(suggestion).toContain('df1 = sales.csv, df2 = targets.csv');
  });

  it('carries the policy hint as the suggestion', () => {
    const { suggestion } = classifyFailure({
      status: 'policy',
      error: {
        type: 'PolicyViolation',
        message: "import of 'os' is not allowed",
        line: 1,
        traceback: '',
        rule: 'import',
        hint: 'Allowed imports: pandas, numpy',
      },
      datasets: briefs,
    });
    expect(suggestion).toBe('Allowed imports: pandas, numpy');
  });

  it('treats an unknown status text from a request as a python error', () => {
    expect(classifyFailure({ status: 'weird', error: { type: 'ValueError', message: 'x', line: null, traceback: '' }, datasets: briefs }).status).toBe(
      'python',
    );
  });
});

describe('missing column parsing', () => {
  it.each([
    ["'Revenue'", 'KeyError', ['Revenue']],
    ['Revenue', 'KeyError', []],
    ['"it\'s"', 'KeyError', ["it's"]],
    ["'tab\\there'", 'KeyError', ['tab\there']],
    ['"[\'a\', \\"b\'c\\"] not in index"', 'KeyError', ['a', "b'c"]],
    ["\"None of [Index(['x', 'y'], dtype='object')] are in the [columns]\"", 'KeyError', ['x', 'y']],
  ])('%s', (message, type, names) => {
    expect(missingColumnNames({ error: { type, message } }).map((entry) => entry.name)).toEqual(names);
  });

  it('measures edit distance with transpositions as one edit', () => {
    expect(editDistance('Regoin', 'Region')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('café', 'cafe')).toBe(1);
  });

  it('undoes Python string reprs', () => {
    expect(parsePythonStringRepr("'caf\\xe9 \\u00e9'")).toBe('café é');
    expect(parsePythonStringRepr('no quotes')).toBeNull();
  });
});

describe('fixNearMissColumn', () => {
  function fix(code: string, type: string, message: string): string | null {
    const classified = classifyRunError({ result: runResult('python', { type, message }), datasets: briefs });
    return fixNearMissColumn({ code, classified, datasets: briefs });
  }

  it.each([
    ['case only', "df1['revenue'].sum()", 'KeyError', "'revenue'", "df1['Revenue'].sum()"],
    [
      'double quotes, every occurrence',
      'df1["revenue"].mean() + df1["revenue"].std()',
      'KeyError',
      "'revenue'",
      'df1["Revenue"].mean() + df1["Revenue"].std()',
    ],
    ['spacing and underscores', "df1['units_sold'].sum()", 'KeyError', "'units_sold'", "df1['Units Sold'].sum()"],
    ['a typo', "df1.groupby('Regoin')['Revenue'].sum()", 'KeyError', "'Regoin'", "df1.groupby('Region')['Revenue'].sum()"],
    ['attribute access', 'df1.revenue.sum()', 'AttributeError', "'DataFrame' object has no attribute 'revenue'", 'df1["Revenue"].sum()'],
    ['a list of names', "df1[['revnue', 'region']]", 'KeyError', "\"['revnue', 'region'] not in index\"", "df1[['Revenue', 'Region']]"],
    ['a real name with a quote', "df1['customer\\'s name']", 'KeyError', '"customer\'s name"', "df1['Customer\\'s Name']"],
  ])('fixes %s', (_name, code, type, message, expected) => {
    expect(fix(code, type, message)).toBe(expected);
  });

  it.each([
    ['no close match', "df1['Profit']", 'KeyError', "'Profit'"],
    ['an ambiguous near miss', "df1['Regionn']", 'KeyError', "'Regionn'"],
    ['a typo too far for its length', "df1['Rvnue']", 'KeyError', "'Rvnue'"],
    ['a name that is not in the code', 'df1[col]', 'KeyError', "'revenue'"],
    ['a longer string containing the name', "print('revenue total')", 'KeyError', "'revenue'"],
    ['a non-column error', 'x = 1/0', 'ZeroDivisionError', 'division by zero'],
  ])('declines %s', (_name, code, type, message) => {
    const extra: DatasetBrief = { ...briefs[1]!, variable: 'df3', columns: [{ name: 'Regions', type: 'string' }] };
    const classified = classifyRunError({ result: runResult('python', { type, message }), datasets: [...briefs, extra] });
    expect(fixNearMissColumn({ code, classified, datasets: [...briefs, extra] })).toBeNull();
  });
});
