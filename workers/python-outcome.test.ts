import { describe, expect, it } from 'vitest';
import { parseCheckOutcome, parseRunOutcome, PythonContractError } from './python-outcome';

// The Python half's answers cross into TypeScript as JSON text: each is parsed there, and one that does not fit is a
// PythonContractError naming the field (the page then reports the run as crashed with that message).
const run = {
  status: 'ok',
  stdout: 'hello\n',
  stderr: '',
  stdoutTruncated: false,
  stderrTruncated: false,
  figures: [{ pngBase64: 'AAAA', width: 2, height: 1 }],
  figuresDropped: 0,
  result: { kind: 'scalar', value: 3, pyType: 'int', truncated: false },
  error: null,
  validateMs: 0.5,
  executeMs: 1.5,
};

function refusal(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (error instanceof PythonContractError) return error.message;
    throw error;
  }
  throw new Error('the answer was accepted');
}

describe('what the Python half answers check_code', () => {
  it('accepts a refusal and a go-ahead as Python writes them', () => {
    expect(parseCheckOutcome(JSON.stringify({ ok: true, imports: ['pandas'], packages: ['pandas'], datasets: ['df1'] }))).toEqual({
      ok: true,
      imports: ['pandas'],
      packages: ['pandas'],
      datasets: ['df1'],
    });
    const error = { type: 'PolicyViolation', message: 'no', line: 1, traceback: 'PolicyViolation: no', rule: 'import', hint: 'use pandas' };
    expect(parseCheckOutcome(JSON.stringify({ ok: false, error }))).toEqual({ ok: false, error });
  });

  it('refuses text that is not JSON, and a malformed answer, naming the field', () => {
    expect(refusal(() => parseCheckOutcome('Traceback (most recent call last):'))).toMatch(/check_code .*not JSON: "Traceback/);
    expect(refusal(() => parseCheckOutcome(JSON.stringify({ ok: true, imports: [], packages: 'pandas', datasets: [] })))).toContain('packages: expected array');
    expect(refusal(() => parseCheckOutcome(JSON.stringify({ ok: false, error: { type: 'KeyError', message: 'x', line: '3', traceback: '' } })))).toContain(
      'error.line: expected number',
    );
    expect(refusal(() => parseCheckOutcome(JSON.stringify({ ok: 'yes' })))).toContain('check_code');
  });
});

describe('what the Python half answers run_cell', () => {
  it('passes a well-formed outcome on, without the validateMs the worker measures itself', () => {
    const { validateMs: _python, ...expected } = run;
    expect(parseRunOutcome(JSON.stringify(run))).toEqual(expected);
  });

  it('refuses an unknown status, a result of no known kind and a missing field, each by name', () => {
    expect(refusal(() => parseRunOutcome(JSON.stringify({ ...run, status: 'exploded' })))).toMatch(/run_cell .*status: expected "ok" or "python"/);
    expect(refusal(() => parseRunOutcome(JSON.stringify({ ...run, result: { kind: 'html', text: '<script>' } })))).toContain(
      'result: not a result value (an object whose kind is one of table, scalar, json, repr, chart)',
    );
    const { stderr: _stderr, ...withoutStderr } = run;
    expect(refusal(() => parseRunOutcome(JSON.stringify(withoutStderr)))).toContain('stderr: expected string');
    expect(refusal(() => parseRunOutcome(JSON.stringify({ ...run, figures: [{ pngBase64: 42, width: 1, height: 1 }] })))).toContain(
      'figures.0.pngBase64: expected string',
    );
  });

  it('leaves the bulk of a result to the page, which checks it against the run caps (kernel-schema.ts)', () => {
    const table = {
      kind: 'table',
      source: 'dataframe',
      columns: ['a'],
      dtypes: ['object'],
      rows: [[{ nested: true }]],
      totalRows: 1,
      totalColumns: 1,
      truncated: false,
    };
    expect(parseRunOutcome(JSON.stringify({ ...run, result: table })).result).toEqual(table);
  });
});
