import { describe, expect, it } from 'vitest';
import { HEAD_BYTES } from './sniff-limits';
import { sniffFile } from './test-support/sniff-helpers';
import { generatedCsv, virtualFile } from './test-support/virtual-file';

/** The promise of the design: registering a 5 GB file costs the same as registering a 5 KB one. */
describe('sniffDataset: cost does not grow with file size', () => {
  it('reads at most the 256 KB head of a 1 GB CSV, and estimates its rows exactly', async () => {
    const rows = 30_000_000;
    const file = generatedCsv({ fileName: 'big.csv', rows });
    expect(file.size).toBeGreaterThan(1_000_000_000);
    const { result } = await sniffFile({ file });
    if (!result.ok) throw new Error(result.message);
    expect(file.reads).toEqual([{ start: 0, endInclusive: HEAD_BYTES - 1 }]);
    expect(file.bytesRead()).toBeLessThanOrEqual(HEAD_BYTES);
    expect(result.meta.columns.map((column) => [column.name, column.type])).toEqual([
      ['id', 'integer'],
      ['city', 'string'],
      ['amount', 'number'],
      ['when', 'date'],
    ]);
    // Fixed-width rows make the extrapolation exact, which pins down the arithmetic (header, BOM, last cut row).
    expect(result.meta.rowEstimate).toEqual({ value: rows, exact: false });
    expect(result.meta.contentHash).toBeUndefined();
  });

  it('makes the same reads for a 5 KB and a 5 GB file', async () => {
    const small = generatedCsv({ fileName: 'small.csv', rows: 120 });
    const huge = generatedCsv({ fileName: 'huge.csv', rows: 140_000_000 });
    expect(small.size).toBeLessThan(6_000);
    expect(huge.size).toBeGreaterThan(5_000_000_000);
    await sniffFile({ file: small });
    await sniffFile({ file: huge });
    expect(small.reads).toHaveLength(1);
    expect(huge.reads).toHaveLength(1);
    expect(huge.bytesRead()).toBe(HEAD_BYTES);
  });

  it('reads only the head of a 1 GB JSON Lines file', async () => {
    const line = '{"sensor":"s-01","reading":12.5,"ok":true}\n';
    const lines = Math.floor(1_000_000_000 / line.length);
    const bytes = new TextEncoder().encode(line);
    const file = virtualFile({
      fileName: 'sensors.jsonl',
      size: lines * bytes.length,
      bytesAt: ({ start, end }) => Uint8Array.from({ length: end - start }, (_, index) => bytes[(start + index) % bytes.length] ?? 0),
    });
    const { result } = await sniffFile({ file });
    if (!result.ok) throw new Error(result.message);
    expect(file.bytesRead()).toBe(HEAD_BYTES);
    expect(result.meta.rowEstimate).toEqual({ value: lines, exact: false });
  });

  it('turns a storage error into a clear refusal', async () => {
    const file = virtualFile({
      fileName: 'gone.csv',
      size: 10,
      bytesAt: () => {
        throw new Error('NoSuchKey');
      },
    });
    const { result } = await sniffFile({ file });
    expect(result).toEqual({ ok: false, code: 'read_failed', message: '“gone.csv” could not be read from storage (NoSuchKey). Try again.' });
  });

  it('refuses a short read instead of describing half a file', async () => {
    const file = virtualFile({ fileName: 'short.csv', size: 1000, bytesAt: () => new TextEncoder().encode('a,b\n1,2\n') });
    const { result } = await sniffFile({ file });
    expect(result).toMatchObject({ ok: false, code: 'read_failed' });
  });
});
