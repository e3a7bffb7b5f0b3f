import readXlsxFile from 'read-excel-file/universal';
import { describe, expect, it } from 'vitest';
import { MAX_XLSX_BYTES } from './sniff-limits';
import { makeXlsx, makeZip } from './test-support/make-xlsx';
import { columnSummary, junkBytes, sniffFile, sniffOk, sniffRefused } from './test-support/sniff-helpers';
import { virtualFile } from './test-support/virtual-file';

const ORDERS = [
  ['Order', 'Customer', 'Amount', 'Paid', 'Placed'],
  [1001, 'Åke', 12.5, true, new Date(Date.UTC(2024, 1, 3))],
  [1002, 'Bea', 8, false, new Date(Date.UTC(2024, 1, 4))],
  [1003, null, 100.25, true, new Date(Date.UTC(2024, 1, 5))],
];

describe('test xlsx builder', () => {
  it('produces workbooks read-excel-file reads back', async () => {
    const bytes = makeXlsx({ sheets: [{ name: 'Orders', rows: ORDERS }] });
    const sheets = await readXlsxFile(bytes.slice().buffer);
    expect(sheets[0]?.sheet).toBe('Orders');
    expect(sheets[0]?.data[1]).toEqual([1001, 'Åke', 12.5, true, new Date(Date.UTC(2024, 1, 3))]);
  });
});

describe('sniffDataset: xlsx', () => {
  it('describes the first sheet and lists every sheet', async () => {
    const bytes = makeXlsx({
      sheets: [
        { name: 'Orders', rows: ORDERS },
        { name: 'Notes & <misc>', rows: [['note'], ['hello'], ['world']] },
      ],
    });
    const meta = await sniffOk({ fileName: 'orders.xlsx', bytes });
    expect(meta).toMatchObject({ format: 'xlsx', encoding: 'utf-8', delimiter: null, hasHeader: true, size: bytes.length });
    expect(columnSummary({ meta })).toEqual([
      ['Order', 'integer', false],
      ['Customer', 'string', true],
      ['Amount', 'number', false],
      ['Paid', 'boolean', false],
      ['Placed', 'date', false],
    ]);
    expect(meta.sampleRows[0]).toEqual([1001, 'Åke', 12.5, true, '2024-02-03T00:00:00.000Z']);
    expect(meta.rowEstimate).toEqual({ value: 3, exact: true });
    expect(meta.sheets).toEqual([
      { name: 'Orders', rowCount: 4 },
      { name: 'Notes & <misc>', rowCount: 3 },
    ]);
    expect(meta.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.warnings).toEqual(['The workbook has 2 sheets; columns and samples describe the first, “Orders”.']);
  });

  it('reads a workbook misnamed .csv by its zip signature', async () => {
    const meta = await sniffOk({ fileName: 'orders.csv', bytes: makeXlsx({ sheets: [{ name: 'S', rows: ORDERS }] }) });
    expect(meta.format).toBe('xlsx');
    expect(meta.warnings[0]).toContain('is an Excel workbook');
  });

  it('refuses random bytes named .xlsx', async () => {
    const refusal = await sniffRefused({ fileName: 'fake.xlsx', bytes: junkBytes({ length: 4096 }) });
    expect(refusal.code).toBe('invalid_xlsx');
    expect(refusal.message).toContain('not an Excel workbook');
  });

  it('refuses text named .xlsx', async () => {
    expect((await sniffRefused({ fileName: 'fake.xlsx', bytes: 'a,b\n1,2\n' })).code).toBe('invalid_xlsx');
  });

  it('refuses a zip that is not a workbook', async () => {
    const zip = makeZip({ files: { 'data.csv': new TextEncoder().encode('a,b\n1,2\n') } });
    const refusal = await sniffRefused({ fileName: 'bundle.xlsx', bytes: zip });
    expect(refusal.code).toBe('invalid_xlsx');
    expect(refusal.message).toContain('unzip it');
  });

  it('refuses a legacy .xls by its OLE signature', async () => {
    const bytes = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...junkBytes({ length: 600 })]);
    const refusal = await sniffRefused({ fileName: 'old.xls', bytes });
    expect(refusal.code).toBe('unsupported_format');
    expect(refusal.message).toContain('.xls');
  });

  it('refuses a workbook above the size cap without reading a byte', async () => {
    const file = virtualFile({ fileName: 'big.xlsx', size: MAX_XLSX_BYTES + 1, bytesAt: () => new Uint8Array(0) });
    const { result } = await sniffFile({ file });
    expect(result).toMatchObject({ ok: false, code: 'too_large' });
    if (!result.ok) expect(result.message).toContain('20 MB');
    expect(file.reads).toEqual([]);
  });

  it('refuses a zip bomb by the sizes its directory declares, before unpacking', async () => {
    const bytes = makeXlsx({ sheets: [{ name: 'S', rows: ORDERS }] });
    const view = new DataView(bytes.buffer);
    // Patch every central-directory entry to claim 200 MB once inflated.
    for (let offset = 0; offset + 4 <= bytes.length; offset += 1) {
      if (view.getUint32(offset, true) === 0x02014b50) view.setUint32(offset + 24, 200 * 1024 * 1024, true);
    }
    const refusal = await sniffRefused({ fileName: 'bomb.xlsx', bytes });
    expect(refusal.code).toBe('too_large');
    expect(refusal.message).toContain('would unpack to');
  });

  it('refuses a workbook with no data in any sheet', async () => {
    expect((await sniffRefused({ fileName: 'blank.xlsx', bytes: makeXlsx({ sheets: [{ name: 'S', rows: [] }] }) })).code).toBe('empty_file');
  });
});
