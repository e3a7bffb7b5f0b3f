import { describe, expect, it } from 'vitest';
import { detectHeader } from './detect-header';
import { encodedLength, looksBinary, trimIncompleteUtf8 } from './detect-encoding';
import { mergeColumnTypes, typeOfText, typeOfValue } from './infer-types';

const text = (cell: unknown) => (typeof cell === 'string' ? typeOfText({ text: cell, decimal: '.' }) : null);

describe('typeOfText', () => {
  it.each([
    ['', null],
    ['NA', null],
    ['n/a', null],
    ['NULL', null],
    ['nan', null],
    ['true', 'boolean'],
    ['FALSE', 'boolean'],
    ['tRuE', 'string'],
    ['42', 'integer'],
    ['-7', 'integer'],
    [' 12 ', 'integer'],
    ['3.14', 'number'],
    ['.5', 'number'],
    ['1e-3', 'number'],
    ['-inf', 'number'],
    ['1,5', 'string'],
    ['2024-02-29', 'date'],
    ['2023-02-29', 'string'],
    ['2024-13-01', 'string'],
    ['2024-02-29T23:59:59.123Z', 'datetime'],
    ['2024-02-29 08:00', 'datetime'],
    ['2024-02-29T25:00', 'string'],
    ['03/04/2024', 'string'],
    ['hello', 'string'],
  ] as const)('%j → %s', (cell, expected) => {
    expect(typeOfText({ text: cell, decimal: '.' })).toBe(expected);
  });

  it('reads decimal commas only when the file uses them', () => {
    expect(typeOfText({ text: '1,5', decimal: ',' })).toBe('number');
    expect(typeOfText({ text: '1.5', decimal: ',' })).toBe('string');
  });
});

describe('typeOfValue and mergeColumnTypes', () => {
  it('types JSON / workbook values', () => {
    expect(typeOfValue({ value: 3 })).toBe('integer');
    expect(typeOfValue({ value: 3.5 })).toBe('number');
    expect(typeOfValue({ value: 10n })).toBe('integer');
    expect(typeOfValue({ value: '00123' })).toBe('string');
    expect(typeOfValue({ value: new Date(Date.UTC(2024, 0, 1)) })).toBe('date');
    expect(typeOfValue({ value: new Date(Date.UTC(2024, 0, 1, 5)) })).toBe('datetime');
    expect(typeOfValue({ value: { a: 1 } })).toBe('string');
    expect(typeOfValue({ value: Number.NaN })).toBeNull();
  });

  it('widens types', () => {
    expect(mergeColumnTypes({ left: 'integer', right: 'number' })).toBe('number');
    expect(mergeColumnTypes({ left: 'date', right: 'datetime' })).toBe('datetime');
    expect(mergeColumnTypes({ left: 'boolean', right: 'integer' })).toBe('string');
    expect(mergeColumnTypes({ left: 'empty', right: 'date' })).toBe('date');
  });
});

describe('detectHeader', () => {
  it.each([
    ['text over numbers', ['name', 'age'], [['Ann', '3']], true],
    ['year-like headers next to a text header', ['id', '2019', '2020'], [['1', '5', '6']], true],
    ['numbers in the first row', ['1', '2'], [['3', '4']], false],
    ['text over text (pandas default)', ['Paris', 'France'], [['Lima', 'Peru']], true],
    ['header only', ['a', 'b'], [], true],
    ['a single data row', ['1', 'x'], [], false],
    ['an all-empty first row', ['', ''], [['1', '2']], false],
  ] as const)('%s', (_label, firstRow, dataRows, expected) => {
    expect(detectHeader({ firstRow, dataRows: dataRows.map((row) => [...row]), cellType: text })).toBe(expected);
  });
});

describe('encoding helpers', () => {
  it('drops only an incomplete trailing UTF-8 sequence', () => {
    const euro = new TextEncoder().encode('a€'); // 61 e2 82 ac
    expect(trimIncompleteUtf8({ bytes: euro.subarray(0, 3) })).toEqual(euro.subarray(0, 1));
    expect(trimIncompleteUtf8({ bytes: euro })).toEqual(euro);
    expect(trimIncompleteUtf8({ bytes: new Uint8Array([0x61]) })).toEqual(new Uint8Array([0x61]));
  });

  it('measures text in the bytes of its encoding', () => {
    expect(encodedLength({ text: 'aé€😀', encoding: 'utf-8' })).toBe(1 + 2 + 3 + 4);
    expect(encodedLength({ text: 'aé', encoding: 'utf-16le' })).toBe(4);
    expect(encodedLength({ text: 'aé', encoding: 'latin-1' })).toBe(2);
  });

  it('tells control-character junk from text with a few odd characters', () => {
    expect(looksBinary({ text: 'a,b\n1,2\n' })).toBe(false);
    expect(looksBinary({ text: `${'word '.repeat(100)}\u0093quoted\u0094` })).toBe(false);
    expect(looksBinary({ text: '\u0001\u0002\u0003abc' })).toBe(true);
  });
});
