import { describe, expect, it } from 'vitest';
import { HEAD_BYTES } from './sniff-limits';
import { columnSummary, expectUserMessage, sniffFile, sniffOk, sniffRefused } from './test-support/sniff-helpers';
import { memoryFile } from './test-support/virtual-file';

const RECORDS = [
  { id: 1, name: 'Ada', score: 9.5, member: true, joined: '2023-05-01', seen: '2024-01-02T03:04:05Z', tags: ['a'] },
  { id: 2, name: 'Linus', score: 7, member: false, joined: '2022-11-30', seen: null },
];

describe('sniffDataset: JSON', () => {
  it('describes an array of records exactly', async () => {
    const meta = await sniffOk({ fileName: 'people.json', bytes: JSON.stringify(RECORDS, null, 2) });
    expect(meta).toMatchObject({ format: 'json', delimiter: null, hasHeader: true, rowEstimate: { value: 2, exact: true } });
    expect(columnSummary({ meta })).toEqual([
      ['id', 'integer', false],
      ['name', 'string', false],
      ['score', 'number', false],
      ['member', 'boolean', false],
      ['joined', 'date', false],
      ['seen', 'datetime', true],
      ['tags', 'string', true],
    ]);
    expect(meta.sampleRows[0]).toEqual([1, 'Ada', 9.5, true, '2023-05-01', '2024-01-02T03:04:05Z', '["a"]']);
    expect(meta.sampleRows[1]).toEqual([2, 'Linus', 7, false, '2022-11-30', null, null]);
    expect(meta.warnings).toEqual(['Column(s) "tags" hold nested objects or arrays, shown here as JSON text.']);
  });

  it('refuses truncated JSON and names where it breaks off', async () => {
    const text = JSON.stringify(RECORDS, null, 2);
    const refusal = await sniffRefused({ fileName: 'cut.json', bytes: text.slice(0, text.length - 40) });
    expect(refusal.code).toBe('invalid_json');
    expectUserMessage({ message: refusal.message, displayName: 'cut.json' });
    expect(refusal.message).toContain('truncated');
    expect(refusal.message).toContain('record #2 starts at line 13, column 3');
    expect(refusal.message).toContain('last complete record (#1) ends at line 12, column 4');
  });

  it('refuses a truncated top-level value even when the engine gives no position', async () => {
    const refusal = await sniffRefused({ fileName: 'half.json', bytes: '{"rows":\n  ' });
    expect(refusal.code).toBe('invalid_json');
    expect(refusal.message).toContain('looks truncated');
    expect(refusal.message).toContain('line 2, column 3');
  });

  it('refuses a syntax error with its line and column', async () => {
    const refusal = await sniffRefused({ fileName: 'bad.json', bytes: '[\n  {"a": 1}\n  {"a": 2}\n]' });
    expect(refusal.code).toBe('invalid_json');
    expect(refusal.message).toContain('line 3, column 3');
  });

  it('refuses a top-level object, listing its keys', async () => {
    const refusal = await sniffRefused({ fileName: 'config.json', bytes: JSON.stringify({ version: 2, data: [{ a: 1 }] }) });
    expect(refusal.code).toBe('unsupported_json_shape');
    expect(refusal.message).toContain('"version", "data"');
    expect(refusal.message).toContain('JSON Lines');
  });

  it('refuses an empty array', async () => {
    expect((await sniffRefused({ fileName: 'none.json', bytes: ' [ ] ' })).code).toBe('empty_file');
  });

  it('reads arrays of arrays by position and of scalars as one column', async () => {
    const rows = await sniffOk({ fileName: 'grid.json', bytes: '[[1, "a"], [2, "b"], [3, null]]' });
    expect(rows.hasHeader).toBe(false);
    expect(columnSummary({ meta: rows })).toEqual([
      ['column_1', 'integer', false],
      ['column_2', 'string', true],
    ]);
    const scalars = await sniffOk({ fileName: 'values.json', bytes: '[1.5, 2, null]' });
    expect(columnSummary({ meta: scalars })).toEqual([['column_1', 'number', true]]);
  });

  it('reads the complete records of a big array from its head only', async () => {
    // Fixed-width records (5-digit ids), so the extrapolation has a known right answer.
    const record = (index: number) => JSON.stringify({ id: 10_000 + index, label: `item-${String(index).padStart(6, '0')}` });
    const count = 40_000;
    const text = `[\n${Array.from({ length: count }, (_, index) => record(index)).join(',\n')}\n]\n`;
    const { result, file } = await sniffFile({ file: memoryFile({ fileName: 'big.json', bytes: text }) });
    if (!result.ok) throw new Error(result.message);
    expect(file.bytesRead()).toBe(HEAD_BYTES);
    expect(columnSummary({ meta: result.meta })).toEqual([
      ['id', 'integer', false],
      ['label', 'string', false],
    ]);
    expect(result.meta.rowEstimate.exact).toBe(false);
    expect(Math.abs(result.meta.rowEstimate.value - count) / count).toBeLessThan(0.001);
    expect(result.meta.contentHash).toBeUndefined();
  });

  it('reads JSON Lines saved as .json, with a warning', async () => {
    const meta = await sniffOk({ fileName: 'events.json', bytes: '{"a":1}\n{"a":2}\n' });
    expect(meta.format).toBe('jsonl');
    expect(meta.warnings[0]).toContain('JSON Lines');
  });
});

describe('sniffDataset: JSON Lines', () => {
  it('describes JSON Lines exactly', async () => {
    const text = '{"user":"a","n":1}\n{"user":"b","n":2.5,"extra":true}\n\n{"user":"c","n":null}\n';
    const meta = await sniffOk({ fileName: 'log.jsonl', bytes: text });
    expect(meta).toMatchObject({ format: 'jsonl', rowEstimate: { value: 3, exact: true } });
    expect(columnSummary({ meta })).toEqual([
      ['user', 'string', false],
      ['n', 'number', true],
      ['extra', 'boolean', true],
    ]);
  });

  it('warns about a bad line by number and keeps the rest', async () => {
    const text = '{"a":1}\n{"a":2}\n{"a":\n{"a":4}\n[1,2]\n';
    const meta = await sniffOk({ fileName: 'mixed.jsonl', bytes: text });
    expect(meta.rowEstimate).toEqual({ value: 3, exact: true });
    expect(meta.warnings[0]).toMatch(/^2 lines are not a valid JSON object: line 3 \(.+\), line 5 \(an array, not an object\)/);
    expect(meta.warnings[0]).toContain('pandas stops at the first one');
  });

  it('refuses when no line parses', async () => {
    const refusal = await sniffRefused({ fileName: 'notes.jsonl', bytes: 'hello\nworld\n' });
    expect(refusal.code).toBe('invalid_jsonl');
    expect(refusal.message).toContain('line 1');
    expect(refusal.message).toContain('line 2');
  });

  it('drops the cut last line of a head and estimates the rest', async () => {
    const line = (index: number) => `${JSON.stringify({ i: index, v: 'x'.repeat(40) })}\n`;
    const text = Array.from({ length: 20_000 }, (_, index) => line(index)).join('');
    const meta = await sniffOk({ fileName: 'big.jsonl', bytes: text });
    expect(meta.warnings).toEqual([]);
    expect(meta.rowEstimate.exact).toBe(false);
    expect(Math.abs(meta.rowEstimate.value - 20_000)).toBeLessThan(400);
  });
});
