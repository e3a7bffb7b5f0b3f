import { describe, expect, it } from 'vitest';
import { describeReadCall } from './read-call';

describe('describeReadCall: the pandas call shown in the files panel', () => {
  it('names only what differs from pandas defaults, the way the kernel reads the file', () => {
    expect(describeReadCall({ format: 'csv', options: { delimiter: ',', encoding: 'utf-8', decimal: '.', hasHeader: true } })).toBe(
      'pd.read_csv(path, sep=",")',
    );
    expect(
      describeReadCall({ format: 'csv', options: { delimiter: ';', encoding: 'latin-1', decimal: ',', thousands: '.', skipRows: 2, hasHeader: false } }),
    ).toBe('pd.read_csv(path, sep=";", skiprows=2, decimal=",", thousands=".", encoding="latin-1", header=None)');
    expect(describeReadCall({ format: 'csv', options: { delimiter: ' ', quoteChar: "'" } })).toBe('pd.read_csv(path, sep=r"\\s+", quotechar="\'")');
    expect(describeReadCall({ format: 'tsv', options: { encoding: 'utf-16le' } })).toBe('pd.read_csv(path, sep="\\t", encoding="utf-16")');
    expect(describeReadCall({ format: 'xlsx', options: { sheet: 'Data', skipRows: 3, hasHeader: true } })).toBe(
      'pd.read_excel(path, sheet_name="Data", skiprows=3)',
    );
    expect(describeReadCall({ format: 'parquet' })).toBe('pd.read_parquet(path)');
  });
});
