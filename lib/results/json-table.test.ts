import { describe, expect, it } from 'vitest';
import { jsonToTable, MAX_JSON_TABLE_COLUMNS } from './json-table';

describe('jsonToTable', () => {
  it('turns a list of records into one row per record, columns in first-seen order, missing keys empty', () => {
    expect(
      jsonToTable([
        { region: 'North', units: 3 },
        { units: 4, region: 'South', note: 'late' },
      ]),
    ).toEqual({
      columns: ['region', 'units', 'note'],
      dtypes: null,
      rows: [
        ['North', 3, null],
        ['South', 4, 'late'],
      ],
    });
  });

  it('turns a dict of equal-length lists into columns', () => {
    expect(jsonToTable({ a: [1, 2], b: ['x', 'y'] })?.rows).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
  });

  it('turns a dict of dicts (df.to_dict()) into columns with the inner keys as an index column', () => {
    expect(jsonToTable({ units: { North: 3, South: 4 }, price: { North: 2.5 } })).toEqual({
      columns: ['index', 'units', 'price'],
      dtypes: null,
      rows: [
        ['North', 3, 2.5],
        ['South', 4, null],
      ],
    });
  });

  it('turns any other dict into key → value rows, nested values as JSON text', () => {
    expect(jsonToTable({ n: 8, max: 9, tags: ['a', 'b'], ok: true })?.rows).toEqual([
      ['n', 8],
      ['max', 9],
      ['tags', '["a","b"]'],
      ['ok', true],
    ]);
  });

  it('turns a list of scalars into one column', () => {
    expect(jsonToTable([3, 'x', null])).toEqual({ columns: ['value'], dtypes: null, rows: [[3], ['x'], [null]] });
  });

  it('leaves empty, ragged, mixed and too-wide values as JSON', () => {
    expect(jsonToTable([])).toBeNull();
    expect(jsonToTable({})).toBeNull();
    expect(jsonToTable({ a: [1, 2], b: [1] })).toBeNull();
    expect(jsonToTable([{ a: 1 }, 2])).toBeNull();
    expect(
      jsonToTable([
        [1, 2],
        [3, 4],
      ]),
    ).toBeNull();
    expect(jsonToTable('text')).toBeNull();
    const wide = Object.fromEntries(Array.from({ length: MAX_JSON_TABLE_COLUMNS + 1 }, (_, index) => [`c${index}`, [index]]));
    expect(jsonToTable(wide)).toBeNull();
  });

  it('keeps markup in keys and values as plain strings (the table renders text)', () => {
    expect(jsonToTable([{ '<b>name</b>': '<img src=x onerror=alert(1)>' }])?.rows).toEqual([['<img src=x onerror=alert(1)>']]);
  });
});
