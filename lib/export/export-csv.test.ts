import { describe, expect, it } from 'vitest';
import { csvField } from '@/lib/text/cells';
import { exportTables, tableToCsv } from './export-csv';
import { SOURCE } from './test-support/export-fixture';

describe('CSV export', () => {
  it('neutralises strings a spreadsheet would run as formulas, and only strings', () => {
    const cases: Array<[string | number | boolean | null, string]> = [
      ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
      ['+1+1', "'+1+1"],
      ['-1+1', "'-1+1"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\tcmd', "'\tcmd"],
      ['\r=1', `"'\r=1"`],
      // Text that looks like a negative number is still text from a string column: neutralised.
      ['-3.5', "'-3.5"],
      // Real numbers stay numbers, negative or not.
      [-3.5, '-3.5'],
      [1e21, '1e+21'],
      [0, '0'],
      // Only the first character matters; these are safe as they are.
      ['a=1', 'a=1'],
      [' =1', ' =1'],
      ['', ''],
      [null, ''],
      [true, 'True'],
      [false, 'False'],
    ];
    for (const [value, expected] of cases) expect(csvField(value), JSON.stringify(value)).toBe(expected);
  });

  it('quotes per RFC 4180: commas, quotes and line breaks; CRLF between records', () => {
    const csv = tableToCsv({
      table: {
        columns: ['name', 'note'],
        rows: [
          ['a,b', 'say "hi"'],
          ['two\nlines', 'x\r\ny'],
          ['plain', null],
        ],
      },
    });
    expect(csv).toBe('name,note\r\n"a,b","say ""hi"""\r\n"two\nlines","x\r\ny"\r\nplain,\r\n');
    expect(tableToCsv({ table: { columns: ['a'], rows: [] }, bom: true })).toBe('\ufeffa\r\n');
  });

  it('neutralises column names too', () => {
    expect(tableToCsv({ table: { columns: ['=cmd', 'ok'], rows: [] } })).toBe("'=cmd,ok\r\n");
  });

  it('exports one file per question whose final result is a table', () => {
    const files = exportTables({ source: SOURCE });
    expect(files.map((file) => file.fileName)).toEqual(['regional-sales-review-q1-result.csv', 'regional-sales-review-q5-result.csv']);
    expect(files[0]!.content).toBe('region,sales\r\nNord,5.5\r\nSüd,2.25\r\n');
    expect(files[1]!.content).toBe(
      'name|pipe,value\r\na|b,<script>alert(1)</script>\r\n"line\nbreak",`code` ```fence```\r\n\'=1+1,-3.5\r\n[link](javascript:alert(1)),\r\n',
    );
  });
});
