import { describe, expect, it } from 'vitest';
import { HEAD_BYTES } from './sniff-limits';
import { columnSummary, expectUserMessage, latin1, sniffOk, sniffRefused, utf16 } from './test-support/sniff-helpers';

const SALES = 'region,units,price,active,day\nNorth,3,9.5,true,2024-01-02\nSouth,,12,false,2024-01-03\n';

describe('sniffDataset: delimited text', () => {
  it('describes a plain CSV exactly', async () => {
    const meta = await sniffOk({ fileName: 'sales.csv', bytes: SALES });
    expect(meta).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',', decimalSeparator: '.', hasHeader: true, size: SALES.length });
    expect(columnSummary({ meta })).toEqual([
      ['region', 'string', false],
      ['units', 'integer', true],
      ['price', 'number', false],
      ['active', 'boolean', false],
      ['day', 'date', false],
    ]);
    expect(meta.sampleRows).toEqual([
      ['North', '3', '9.5', 'true', '2024-01-02'],
      ['South', null, '12', 'false', '2024-01-03'],
    ]);
    expect(meta.rowEstimate).toEqual({ value: 2, exact: true });
    expect(meta.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.warnings).toEqual([]);
  });

  it('refuses an empty file', async () => {
    const refusal = await sniffRefused({ fileName: 'empty.csv', bytes: '' });
    expect(refusal.code).toBe('empty_file');
    expectUserMessage({ message: refusal.message, displayName: 'empty.csv' });
  });

  it('refuses a whitespace-only file', async () => {
    const refusal = await sniffRefused({ fileName: 'blank.csv', bytes: ' \n\t\r\n   \n' });
    expect(refusal).toMatchObject({ code: 'empty_file' });
    expect(refusal.message).toContain('only whitespace');
  });

  it('registers a header-only file with typed-empty columns and 0 exact rows', async () => {
    const meta = await sniffOk({ fileName: 'header.csv', bytes: 'id,name,amount\n' });
    expect(meta.hasHeader).toBe(true);
    expect(columnSummary({ meta })).toEqual([
      ['id', 'empty', true],
      ['name', 'empty', true],
      ['amount', 'empty', true],
    ]);
    expect(meta.rowEstimate).toEqual({ value: 0, exact: true });
    expect(meta.sampleRows).toEqual([]);
  });

  it('detects a UTF-8 BOM and keeps it out of the first column name', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('name,city\nZoë,Köln\n')]);
    const meta = await sniffOk({ fileName: 'bom.csv', bytes });
    expect(meta.encoding).toBe('utf-8-bom');
    expect(meta.columns.map((column) => column.name)).toEqual(['name', 'city']);
    expect(meta.sampleRows).toEqual([['Zoë', 'Köln']]);
  });

  it.each([
    ['utf-16le', false, true],
    ['utf-16be', true, true],
    ['utf-16le', false, false],
    ['utf-16be', true, false],
  ] as const)('reads %s (BOM: %s)', async (encoding, bigEndian, bom) => {
    const text = 'name;value\nÅsa;1\nBjörn;2\n';
    const meta = await sniffOk({ fileName: 'u16.csv', bytes: utf16({ text, bigEndian, bom }) });
    expect(meta.encoding).toBe(encoding);
    expect(meta.delimiter).toBe(';');
    expect(columnSummary({ meta })).toEqual([
      ['name', 'string', false],
      ['value', 'integer', false],
    ]);
    expect(meta.sampleRows).toEqual([
      ['Åsa', '1'],
      ['Björn', '2'],
    ]);
    expect(meta.rowEstimate).toEqual({ value: 2, exact: true });
  });

  it('falls back to latin-1 when the bytes are not UTF-8', async () => {
    const meta = await sniffOk({ fileName: 'latin.csv', bytes: latin1({ text: 'ville,prix\nMontréal,5\nSão Paulo,7\n' }) });
    expect(meta.encoding).toBe('latin-1');
    expect(meta.sampleRows).toEqual([
      ['Montréal', '5'],
      ['São Paulo', '7'],
    ]);
  });

  it('does not mistake a UTF-8 character cut at the head boundary for latin-1', async () => {
    const row = 'ééééééééé,1\n'; // 2-byte characters: some row will straddle the 256 KB boundary
    const rows = row.repeat(Math.ceil((HEAD_BYTES * 2) / row.length));
    // Pad the header until the byte just past the head is the second byte of an "é".
    let bytes = new TextEncoder().encode(`word,n\n${rows}`);
    for (let pad = 'x'; ((bytes[HEAD_BYTES] ?? 0) & 0xc0) !== 0x80; pad += 'x') {
      bytes = new TextEncoder().encode(`word${pad},n\n${rows}`);
    }
    expect(bytes[HEAD_BYTES - 1]).toBe(0xc3);
    const meta = await sniffOk({ fileName: 'cut.csv', bytes });
    expect(meta.encoding).toBe('utf-8');
    expect(meta.sampleRows[0]).toEqual(['ééééééééé', '1']);
    expect(meta.rowEstimate.exact).toBe(false);
  });

  it('drops a quoted multi-line field cut by the head boundary instead of reading half of it', async () => {
    const row = (index: number, pad = '') => `${index},"note ${index}${pad}\nsecond line, with comma",${index % 7}\r\n`;
    const rowCount = Math.ceil((HEAD_BYTES * 2) / row(99_999).length);
    const build = (pad: string) => `id,note,score\r\n${row(0, pad)}${Array.from({ length: rowCount }, (_, index) => row(index + 1)).join('')}`;
    // Pad the first note until the head ends inside a quoted field (an odd number of quotes before the cut).
    let pad = '';
    while ((new TextDecoder().decode(new TextEncoder().encode(build(pad)).subarray(0, HEAD_BYTES)).match(/"/g) ?? []).length % 2 === 0) pad += '.';
    const text = build(pad);
    const meta = await sniffOk({ fileName: 'notes.csv', bytes: text });
    expect(meta.warnings).toEqual([]);
    expect(columnSummary({ meta })).toEqual([
      ['id', 'integer', false],
      ['note', 'string', false],
      ['score', 'integer', false],
    ]);
    expect(meta.sampleRows[0]).toEqual(['0', `note 0${pad}\nsecond line, with comma`, '0']);
    expect(Math.abs(meta.rowEstimate.value - (rowCount + 1)) / (rowCount + 1)).toBeLessThan(0.01);
  });

  it('detects ";" with decimal commas', async () => {
    const text = 'produit;prix;quantité\nPomme;1,25;3\nPoire;0,5;10\nFigue;12,75;1\n';
    const meta = await sniffOk({ fileName: 'fr.csv', bytes: text });
    expect(meta).toMatchObject({ delimiter: ';', decimalSeparator: ',', hasHeader: true });
    expect(columnSummary({ meta })).toEqual([
      ['produit', 'string', false],
      ['prix', 'number', false],
      ['quantité', 'integer', false],
    ]);
  });

  it('keeps newlines inside quoted fields within one row', async () => {
    const text = 'id,comment\n1,"first line\nsecond line"\n2,"say ""hi"""\n3,plain\n';
    const meta = await sniffOk({ fileName: 'quoted.csv', bytes: text });
    expect(meta.rowEstimate).toEqual({ value: 3, exact: true });
    expect(meta.sampleRows).toEqual([
      ['1', 'first line\nsecond line'],
      ['2', 'say "hi"'],
      ['3', 'plain'],
    ]);
    expect(meta.warnings).toEqual([]);
  });

  it('registers ragged rows with a warning naming the lines', async () => {
    const text = 'a,b,c\n1,2,3\n4,5\n\n  \n6,7,8,9\n10,11,12\n';
    const meta = await sniffOk({ fileName: 'ragged.csv', bytes: text });
    expect(meta.columns.map((column) => column.name)).toEqual(['a', 'b', 'c']);
    expect(meta.rowEstimate).toEqual({ value: 4, exact: true });
    const warning = meta.warnings.find((entry) => entry.includes('different number of fields'));
    expect(warning).toContain('2 of 4 rows');
    expect(warning).toContain('line 3 has 2');
    expect(warning).toContain('line 6 has 4');
    expect(warning).toContain('on_bad_lines');
  });

  it('renames duplicate and empty headers and keeps the original names', async () => {
    const text = 'name,,name,value,name_2,\nx,1,y,2,z,3\n';
    const meta = await sniffOk({ fileName: 'dups.csv', bytes: text });
    expect(meta.columns.map(({ name, originalName }) => [name, originalName])).toEqual([
      ['name', undefined],
      ['Unnamed: 1', ''],
      ['name_2', 'name'],
      ['value', undefined],
      ['name_2_2', 'name_2'],
      ['Unnamed: 5', ''],
    ]);
    expect(meta.warnings[0]).toMatch(/^4 column name\(s\) were empty, repeated or too long/);
  });

  it('registers 5,000 columns, all described, samples cut to the first 100', async () => {
    const header = Array.from({ length: 5000 }, (_, index) => `c${index}`).join(',');
    const row = Array.from({ length: 5000 }, (_, index) => String(index)).join(',');
    const meta = await sniffOk({ fileName: 'wide.csv', bytes: `${header}\n${row}\n${row}\n` });
    expect(meta.columns).toHaveLength(5000);
    expect(meta.columnCount).toBe(5000);
    expect(meta.columns[4999]).toEqual({ name: 'c4999', type: 'integer', nullable: false });
    expect(meta.sampleRows[0]).toHaveLength(100);
    expect(meta.warnings).toContain('Sample rows show the first 100 of 5,000 columns.');
  });

  it('caps described columns at 10,000 and keeps the true count, in linear time', async () => {
    const header = Array.from({ length: 40_000 }, () => 'x').join(',');
    const started = Date.now();
    const meta = await sniffOk({ fileName: 'x.csv', bytes: `${header}\n${header.replace(/x/g, '1')}\n` });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(meta.columns).toHaveLength(10_000);
    expect(meta.columnCount).toBe(40_000);
    expect(meta.columns[9_999]).toEqual({ name: 'x_10000', type: 'integer', nullable: false, originalName: 'x' });
    expect(meta.warnings).toContain('The file has 40,000 columns; only the first 10,000 are described here. The data itself is complete.');
  });

  it('refuses a 2 MB single line quickly instead of reading it all', async () => {
    const started = Date.now();
    const refusal = await sniffRefused({ fileName: 'line.csv', bytes: 'x,'.repeat(1024 * 1024) });
    expect(refusal.code).toBe('row_too_long');
    expect(refusal.message).toContain('256 KB');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses binary junk named .csv', async () => {
    const { junkBytes } = await import('./test-support/sniff-helpers');
    const refusal = await sniffRefused({ fileName: 'junk.csv', bytes: junkBytes({ length: 10_000 }) });
    expect(refusal.code).toBe('not_text');
    expect(refusal.message).toContain('not a text file');
  });

  it('refuses control-character junk without NUL bytes', async () => {
    const bytes = Uint8Array.from({ length: 4000 }, (_, index) => [0x01, 0x02, 0x41, 0x1b, 0x42][index % 5] ?? 0x41);
    expect((await sniffRefused({ fileName: 'ctl.csv', bytes })).code).toBe('not_text');
  });

  it('reads TSV by extension and content', async () => {
    const text = 'when\tcount\tlabel\n2024-01-01T10:00:00Z\t1\ta, b\n2024-01-02T11:30:00Z\t2\tc\n';
    const meta = await sniffOk({ fileName: 'events.tsv', bytes: text });
    expect(meta).toMatchObject({ format: 'tsv', delimiter: '\t', hasHeader: true });
    expect(columnSummary({ meta })).toEqual([
      ['when', 'datetime', false],
      ['count', 'integer', false],
      ['label', 'string', false],
    ]);
  });

  it('detects a missing header and names columns by position', async () => {
    const meta = await sniffOk({ fileName: 'raw.csv', bytes: '1,2.5,x\n2,3.5,y\n' });
    expect(meta.hasHeader).toBe(false);
    expect(columnSummary({ meta })).toEqual([
      ['column_1', 'integer', false],
      ['column_2', 'number', false],
      ['column_3', 'string', false],
    ]);
    expect(meta.rowEstimate).toEqual({ value: 2, exact: true });
  });

  it('detects "|" and cuts long cells in samples', async () => {
    const long = 'y'.repeat(5000);
    const meta = await sniffOk({ fileName: 'pipes.txt', bytes: `k|v\na|${long}\nb|c\n` });
    expect(meta.delimiter).toBe('|');
    const cell = meta.sampleRows[0]?.[1];
    expect(typeof cell === 'string' && cell.length).toBe(200);
    expect(String(cell).endsWith('…')).toBe(true);
  });
});
