import { existsSync } from 'node:fs';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { MAX_PARQUET_FOOTER_BYTES, PARQUET_SAMPLE_BYTES } from './sniff-limits';
import { makeParquetFile, makeParquetFooter, type ParquetColumnSpec } from './test-support/make-parquet';
import { columnSummary, junkBytes, sniffFile, sniffOk, sniffRefused } from './test-support/sniff-helpers';
import { fileWithTail } from './test-support/virtual-file';

const COLUMNS: ParquetColumnSpec[] = [
  { name: 'id', kind: 'int64', values: [1, 2, 3, 4, 5, 6] },
  { name: 'city', kind: 'string', values: ['Oslo', 'Lyon', null, 'Kyiv', 'Pune', 'Lima'] },
  { name: 'temp', kind: 'double', values: [-3.5, 11.25, 20, null, 31.5, 18] },
  { name: 'rain', kind: 'boolean', values: [true, false, false, true, false, true] },
  { name: 'day', kind: 'date', values: [1, 2, 3, 4, 5, 6].map((day) => new Date(Date.UTC(2024, 0, day))) },
  { name: 'at', kind: 'timestamp', values: [1, 2, 3, 4, 5, 6].map((hour) => new Date(Date.UTC(2024, 0, 1, hour, 30))) },
];

describe('test Parquet writer', () => {
  it('records that no Parquet writer package is installed (so the suite builds files itself)', () => {
    // If this starts failing, hyparquet-writer was added: prefer it over test-support/make-parquet.ts.
    expect(existsSync(path.join(process.cwd(), 'node_modules', 'hyparquet-writer'))).toBe(false);
  });

  it('produces files hyparquet reads back value for value', async () => {
    const bytes = makeParquetFile({ columns: COLUMNS });
    const metadata = parquetMetadata(bytes.slice().buffer);
    expect(Number(metadata.num_rows)).toBe(6);
    const file = { byteLength: bytes.length, slice: (start: number, end?: number) => bytes.slice(start, end).buffer };
    const rows = await parquetReadObjects({ file });
    expect(rows[1]).toEqual({ id: 2n, city: 'Lyon', temp: 11.25, rain: false, day: new Date(Date.UTC(2024, 0, 2)), at: new Date(Date.UTC(2024, 0, 1, 2, 30)) });
    expect(rows[2]?.city).toBeNull();
    expect(rows[3]?.temp).toBeNull();
  });
});

describe('sniffDataset: Parquet', () => {
  it('describes a real Parquet file from its footer and first row group', async () => {
    const bytes = makeParquetFile({ columns: COLUMNS });
    const meta = await sniffOk({ fileName: 'weather.parquet', bytes });
    expect(meta).toMatchObject({ format: 'parquet', encoding: 'utf-8', delimiter: null, hasHeader: true, size: bytes.length });
    expect(columnSummary({ meta })).toEqual([
      ['id', 'integer', false],
      ['city', 'string', true],
      ['temp', 'number', true],
      ['rain', 'boolean', false],
      ['day', 'date', false],
      ['at', 'datetime', false],
    ]);
    expect(meta.rowEstimate).toEqual({ value: 6, exact: true });
    expect(meta.sampleRows).toHaveLength(5);
    expect(meta.sampleRows[0]).toEqual([1, 'Oslo', -3.5, true, '2024-01-01T00:00:00.000Z', '2024-01-01T01:30:00.000Z']);
    expect(meta.sampleRows[2]?.[1]).toBeNull();
    expect(meta.warnings).toEqual([]);
  });

  it('reads Parquet by content when it is misnamed .csv', async () => {
    const meta = await sniffOk({ fileName: 'export.csv', bytes: makeParquetFile({ columns: COLUMNS }) });
    expect(meta.format).toBe('parquet');
    expect(meta.warnings[0]).toContain('is Parquet');
  });

  it('reads only the footer of a 1 GB file and skips samples from a big row group', async () => {
    const { tail, size } = makeParquetFooter({ columnCount: 120, rowGroups: 8, rowsPerGroup: 1_000_000, chunkBytes: 1_100_000 });
    expect(size).toBeGreaterThan(1_000_000_000);
    const { result, file } = await sniffFile({ file: fileWithTail({ fileName: 'huge.parquet', size, tail }) });
    if (!result.ok) throw new Error(result.message);
    expect(result.meta.rowEstimate).toEqual({ value: 8_000_000, exact: true });
    expect(result.meta.columns).toHaveLength(120);
    expect(result.meta.columns[0]).toEqual({ name: 'metric_1', type: 'number', nullable: false });
    expect(result.meta.sampleRows).toEqual([]);
    expect(result.meta.warnings[0]).toMatch(/^Sample rows were skipped: the first row group holds 104\.9 MB/);
    // Two reads: the 8-byte trailer, then exactly the footer.
    expect(file.reads).toEqual([
      { start: size - 8, endInclusive: size - 1 },
      { start: size - tail.length, endInclusive: size - 9 },
    ]);
    expect(file.bytesRead()).toBe(tail.length);
    expect(PARQUET_SAMPLE_BYTES).toBeLessThan(1_100_000);
  });

  it('refuses random bytes named .parquet', async () => {
    const refusal = await sniffRefused({ fileName: 'fake.parquet', bytes: junkBytes({ length: 5000 }) });
    expect(refusal.code).toBe('invalid_parquet');
    expect(refusal.message).toContain('PAR1');
  });

  it('refuses text named .parquet', async () => {
    expect((await sniffRefused({ fileName: 'table.parquet', bytes: 'a,b\n1,2\n' })).code).toBe('invalid_parquet');
  });

  it('refuses a file with both markers but a corrupt footer', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('PAR1'), ...junkBytes({ length: 64 }), 64, 0, 0, 0, ...new TextEncoder().encode('PAR1')]);
    const refusal = await sniffRefused({ fileName: 'corrupt.parquet', bytes });
    expect(refusal.code).toBe('invalid_parquet');
    expect(refusal.message).toContain('footer could not be decoded');
  });

  it('refuses a footer length that does not fit, and an oversized footer, without reading it', async () => {
    const lying = new Uint8Array([...new TextEncoder().encode('PAR1'), 0, 0, 0, 0, 0xff, 0xff, 0, 0, ...new TextEncoder().encode('PAR1')]);
    expect((await sniffRefused({ fileName: 'lying.parquet', bytes: lying })).code).toBe('invalid_parquet');

    const length = MAX_PARQUET_FOOTER_BYTES + 1;
    const tail = new Uint8Array([length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff, length >>> 24, ...new TextEncoder().encode('PAR1')]);
    const file = fileWithTail({ fileName: 'wide.parquet', size: 2_000_000_000, tail });
    const { result } = await sniffFile({ file });
    expect(result).toMatchObject({ ok: false, code: 'too_large' });
    expect(file.bytesRead()).toBe(8);
  });

  it('keeps an empty Parquet file (0 rows) with its schema', async () => {
    const meta = await sniffOk({ fileName: 'none.parquet', bytes: makeParquetFile({ columns: [{ name: 'x', kind: 'int64', values: [] }] }) });
    expect(meta.rowEstimate).toEqual({ value: 0, exact: true });
    expect(columnSummary({ meta })).toEqual([['x', 'integer', false]]);
  });
});
