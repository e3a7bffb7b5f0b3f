import { describe, expect, it } from 'vitest';
import { tableToCsv } from '@/lib/export/export-csv';
import { cellText, compareCells, filterRows, nextSort, sortRows } from './table-rows';

const ROWS = [
  ['North', 10, 'item 10'],
  ['south', 9, 'item 9'],
  ['East', null, 'item 2'],
  ['Øst', 100, '=HYPERLINK("x")'],
] as const;

describe('sorting', () => {
  it('orders a numeric column by value, not as text, with empty cells last both ways', () => {
    expect(sortRows(ROWS, { column: 1, direction: 'asc' }).map((row) => row[1])).toEqual([9, 10, 100, null]);
    expect(sortRows(ROWS, { column: 1, direction: 'desc' }).map((row) => row[1])).toEqual([100, 10, 9, null]);
  });

  it('orders text case-insensitively with digit runs as numbers', () => {
    expect(sortRows(ROWS, { column: 0, direction: 'asc' }).map((row) => row[0])).toEqual(['East', 'North', 'Øst', 'south']);
    expect(sortRows(ROWS.slice(0, 3), { column: 2, direction: 'asc' }).map((row) => row[2])).toEqual(['item 2', 'item 9', 'item 10']);
  });

  it('reads numeric text as numbers and puts numbers before words', () => {
    expect(compareCells('1,200', '300')).toBeGreaterThan(0);
    expect(compareCells('-5', 2)).toBeLessThan(0);
    expect(compareCells(3, 'n/a')).toBeLessThan(0);
  });

  it('cycles ascending → descending → original order, and starts over on another column', () => {
    expect(nextSort(null, 1)).toEqual({ column: 1, direction: 'asc' });
    expect(nextSort({ column: 1, direction: 'asc' }, 1)).toEqual({ column: 1, direction: 'desc' });
    expect(nextSort({ column: 1, direction: 'desc' }, 1)).toBeNull();
    expect(nextSort({ column: 1, direction: 'desc' }, 0)).toEqual({ column: 0, direction: 'asc' });
    expect(sortRows(ROWS, null)).toEqual(ROWS);
  });
});

describe('filtering', () => {
  it('keeps rows where every word appears in some cell, ignoring case and accents', () => {
    expect(filterRows(ROWS, 'SOUTH').map((row) => row[0])).toEqual(['south']);
    expect(filterRows([['Zürich'], ['Bern']], 'zurich')).toEqual([['Zürich']]);
    expect(filterRows(ROWS, 'item 1').map((row) => row[0])).toEqual(['North']);
    expect(filterRows(ROWS, '  ')).toHaveLength(4);
  });

  it('matches numbers as they are shown', () => {
    expect(filterRows([[1.23456789], [2]], '1.23457')).toEqual([[1.23456789]]);
    expect(cellText(true)).toBe('True');
    expect(cellText(null)).toBe('');
  });
});

describe('CSV of what is shown', () => {
  it('holds the filtered, sorted rows, with formula cells neutralised', () => {
    const shown = sortRows(filterRows(ROWS, 'item'), { column: 1, direction: 'desc' });
    expect(tableToCsv({ table: { columns: ['region', 'units', 'label'], rows: shown.map((row) => [...row]) } })).toBe(
      'region,units,label\r\nNorth,10,item 10\r\nsouth,9,item 9\r\nEast,,item 2\r\n',
    );
    const hostile = filterRows(ROWS, 'hyperlink');
    expect(tableToCsv({ table: { columns: ['@region', 'units', 'label'], rows: hostile.map((row) => [...row]) } })).toBe(
      `'@region,units,label\r\nØst,100,"'=HYPERLINK(""x"")"\r\n`,
    );
  });
});
