import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReadOptions } from './read-options-schema';
import { sniffDataset } from './sniff';
import { makeXlsx } from './test-support/make-xlsx';
import { sniffOk } from './test-support/sniff-helpers';
import { REAL_FILES, SHAPED_FILES, twinSitePackages } from './test-support/real-shapes';
import { memoryFile } from './test-support/virtual-file';

type Reading = { delimiter?: unknown; hasHeader?: unknown; skipRows?: unknown; quoteChar?: unknown };
/** How a file was (or should be) read: delimiter, header row, rows skipped, quote character. */
const readingOf = ({ delimiter, hasHeader, skipRows, quoteChar }: Reading): Reading => ({ delimiter, hasHeader, skipRows, quoteChar });

describe('sniffDataset: files shaped like the real ones it used to misread', () => {
  for (const shaped of SHAPED_FILES.filter((file) => !file.readOptions)) {
    it(shaped.name, async () => {
      const meta = await sniffOk({ fileName: shaped.fileName, bytes: shaped.text });
      expect(meta.columns.map((column) => column.name)).toEqual(shaped.expect.columns);
      expect(readingOf(meta)).toEqual(readingOf(shaped.expect));
      expect(meta.rowEstimate).toEqual({ value: shaped.expect.rows, exact: true });
      expect(meta.columns.every((column) => !/^['"]|['"]$/.test(column.name))).toBe(true);
    });
  }

  it('types the year columns of a World Bank file as numbers under their year names', async () => {
    const fertility = SHAPED_FILES.find((file) => file.fileName === 'fertility.csv');
    const meta = await sniffOk({ fileName: 'fertility.csv', bytes: fertility?.text ?? '' });
    expect(meta.columns.find((column) => column.name === '1960')).toMatchObject({ type: 'number', nullable: true });
    expect(meta.sampleRows[0]?.slice(0, 2)).toEqual(['Aruba', 'ABW']);
  });

  it('says why lines were skipped and how fields are split', async () => {
    const iris = await sniffOk({ fileName: 'iris.csv', bytes: SHAPED_FILES.find((file) => file.fileName === 'iris.csv')?.text ?? '' });
    expect(iris.warnings.join(' ')).toMatch(/first line is not part of the table/);
    expect(iris.sampleRows[0]).toEqual(['5.1', '3.5', '1.4', '0.2', '0']);
    const copper = await sniffOk({ fileName: 'copper.dat', bytes: SHAPED_FILES[0]?.text ?? '' });
    expect(copper.warnings).toContain('Fields are separated by runs of spaces or tabs.');
    expect(copper.sampleRows[0]).toEqual(['1951', '3173.0', '26.56']);
  });

  it('leaves an ordinary header with a number in it alone, and a headerless numeric file headerless', async () => {
    expect((await sniffOk({ fileName: 'a.csv', bytes: 'id,2020,name\n1,5,x\n2,6,y\n' })).hasHeader).toBe(true);
    const numbers = await sniffOk({ fileName: 'b.csv', bytes: '1990,1991,1992\n5.5,6.1,7\n3,4,5\n' });
    expect(numbers.hasHeader).toBe(true);
    const plain = await sniffOk({ fileName: 'c.csv', bytes: '1,2,3\n4,5,6\n' });
    expect(plain.hasHeader).toBe(false);
    expect(plain.skipRows).toBeUndefined();
    // Counts that do not match the width below are data, not a scikit-learn counts line.
    const counts = await sniffOk({ fileName: 'd.csv', bytes: '150,9,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n4.9,3.0,1.4,0.2,0\n4.9,3.0,1.4,0.2,0\n' });
    expect(counts.skipRows).toBeUndefined();
  });

  it('keeps a single-column file one column (no whitespace split of a lone field)', async () => {
    const meta = await sniffOk({ fileName: 'names.txt', bytes: 'name\nAda Lovelace\nAlan Turing\nGrace Hopper\n' });
    expect(meta.columns.map((column) => column.name)).toEqual(['name']);
  });
});

describe('sniffDataset: read options the analyst forces', () => {
  const corrected = SHAPED_FILES.find((file) => file.readOptions);
  it('reads with the forced delimiter, skipped lines, decimal and thousands separators', async () => {
    if (!corrected?.readOptions) throw new Error('fixture missing');
    const file = memoryFile({ fileName: corrected.fileName, bytes: corrected.text });
    const result = await sniffDataset({ fileName: file.fileName, size: file.size, readRange: file.readRange, readOptions: corrected.readOptions });
    if (!result.ok) throw new Error(result.message);
    expect(result.meta).toMatchObject({ delimiter: ';', decimalSeparator: ',', thousandsSeparator: '.', skipRows: 2, hasHeader: true });
    expect(result.meta.columns.map((column) => [column.name, column.type])).toEqual([
      ['Region', 'string'],
      ['Umsatz', 'number'],
    ]);
    expect(result.meta.rowEstimate).toEqual({ value: 3, exact: true });
  });

  it('turns the header off and on', async () => {
    const file = memoryFile({ fileName: 'h.csv', bytes: 'a,b\n1,2\n3,4\n' });
    const off = await sniffDataset({ ...file, readOptions: { hasHeader: false } });
    expect(off.ok && off.meta.columns.map((column) => column.name)).toEqual(['column_1', 'column_2']);
    expect(off.ok && off.meta.rowEstimate.value).toBe(3);
  });

  it('refuses an encoding the bytes are not in, naming it', async () => {
    const file = memoryFile({ fileName: 'l.csv', bytes: Uint8Array.from([0x61, 0x0a, 0xe9, 0x0a]) });
    const result = await sniffDataset({ ...file, readOptions: { encoding: 'utf-8' } });
    expect(result).toMatchObject({ ok: false, code: 'not_text' });
    expect(!result.ok && result.message).toMatch(/cannot be read as utf-8.*latin-1/);
    const latin = await sniffDataset({ ...file, readOptions: { encoding: 'latin-1' } });
    expect(latin.ok && latin.meta.columns[0]?.name).toBe('a');
  });

  it('refuses skipping past the end of the file', async () => {
    const file = memoryFile({ fileName: 's.csv', bytes: 'a,b\n1,2\n' });
    const result = await sniffDataset({ ...file, readOptions: { skipRows: 5 } });
    expect(result).toMatchObject({ ok: false, code: 'empty_file' });
    expect(!result.ok && result.message).toContain('after the 5 skipped');
  });
});

const site = twinSitePackages();
describe.skipIf(!site)('sniffDataset: the real files in the twin runtime', () => {
  for (const real of REAL_FILES) {
    it(path.basename(real.file), async () => {
      const bytes = readFileSync(path.join(site ?? '', real.file));
      const meta = await sniffOk({ fileName: path.basename(real.file), bytes });
      expect(meta.columns.map((column) => column.name).slice(0, real.expect.firstColumns.length)).toEqual(real.expect.firstColumns);
      expect(readingOf(meta)).toEqual(readingOf(real.expect));
      expect(meta.rowEstimate).toEqual({ value: real.expect.rows, exact: true });
    });
  }
});

describe('sniffDataset: line numbers after skipped lines', () => {
  it('names the file’s own line in a ragged-row warning', async () => {
    const file = memoryFile({ fileName: 'r.csv', bytes: 'note\nnote 2\na,b\n1,2\n3,4,5\n' });
    const result = await sniffDataset({ ...file, readOptions: { skipRows: 2 } });
    expect(result.ok && result.meta.warnings.join(' ')).toContain('line 5 has 3');
  });
});

describe('sniffDataset: a workbook read from the sheet and row the analyst chose', () => {
  const bytes = makeXlsx({
    sheets: [
      { name: 'Notes', rows: [['Read me first']] },
      { name: 'Data', rows: [['Quarterly figures'], ['region', 'units'], ['North', 3], ['South', 5]] },
    ],
  });
  const sniff = (readOptions: ReadOptions) => {
    const file = memoryFile({ fileName: 'book.xlsx', bytes });
    return sniffDataset({ ...file, readOptions });
  };

  it('describes the chosen sheet after the skipped rows, and records both for the binding', async () => {
    const result = await sniff({ sheet: 'Data', skipRows: 1 });
    if (!result.ok) throw new Error(result.message);
    expect(result.meta).toMatchObject({ sheet: 'Data', skipRows: 1, hasHeader: true, rowEstimate: { value: 2, exact: true } });
    expect(result.meta.columns.map((column) => [column.name, column.type])).toEqual([
      ['region', 'string'],
      ['units', 'integer'],
    ]);
    expect(result.meta.warnings[0]).toContain('describe the chosen sheet, “Data”');
  });

  it('refuses a sheet the workbook does not have, listing the ones it has', async () => {
    const result = await sniff({ sheet: 'Summary' });
    expect(result).toMatchObject({ ok: false, code: 'invalid_xlsx' });
    expect(!result.ok && result.message).toContain('no sheet named "Summary"; its sheets are "Notes", "Data"');
  });
});
