import { describe, expect, it } from 'vitest';
import { safeFileName, sanitizeDisplayName } from './sanitize-name';
import { sniffOk } from './test-support/sniff-helpers';

const HOSTILE: { name: string; display: string; file: string }[] = [
  { name: '../../etc/passwd', display: 'passwd', file: 'passwd' },
  { name: 'a/b\\c.csv', display: 'c.csv', file: 'c.csv' },
  { name: 'C:\\Users\\me\\sales 2024.csv', display: 'sales 2024.csv', file: 'sales_2024.csv' },
  { name: 'line1\nline2\r\n.csv', display: 'line1 line2 .csv', file: 'line1_line2.csv' },
  { name: 'invoice\u202Efdp.exe', display: 'invoicefdp.exe', file: 'invoicefdp.exe' },
  { name: '\u2066report\u2069\u200B.csv', display: 'report.csv', file: 'report.csv' },
  { name: '...', display: 'dataset', file: 'dataset' },
  { name: '..', display: 'dataset', file: 'dataset' },
  { name: '.hidden.csv', display: 'hidden.csv', file: 'hidden.csv' },
  { name: 'weird..name...csv', display: 'weird.name.csv', file: 'weird_name.csv' },
  { name: '', display: 'dataset', file: 'dataset' },
  { name: '   \t ', display: 'dataset', file: 'dataset' },
  { name: '\u0000\u0007\u001b[31m.csv', display: '[31m.csv', file: '31m.csv' },
  { name: 'Café Müller — ventes.CSV', display: 'Café Müller — ventes.CSV', file: 'Cafe_Muller_ventes.csv' },
  { name: '売上データ.xlsx', display: '売上データ.xlsx', file: 'dataset.xlsx' },
  { name: 'trailing dots... ', display: 'trailing dots', file: 'trailing_dots' },
];

describe('sanitizeDisplayName / safeFileName', () => {
  it.each(HOSTILE)('cleans $name', ({ name, display, file }) => {
    expect(sanitizeDisplayName({ name })).toBe(display);
    expect(safeFileName({ name })).toBe(file);
  });

  it('limits a 500-character name and keeps its extension', () => {
    const name = `${'ä'.repeat(500)}.csv`;
    const display = sanitizeDisplayName({ name });
    expect(Array.from(display)).toHaveLength(120);
    expect(display.endsWith('….csv')).toBe(true);
    const file = safeFileName({ name });
    expect(file.length).toBeLessThanOrEqual(100);
    expect(file).toMatch(/^a+\.csv$/);
  });

  it('never splits an astral character when cutting', () => {
    const display = sanitizeDisplayName({ name: '😀'.repeat(300) });
    expect(display.endsWith('…')).toBe(true);
    expect(display.includes('\ufffd')).toBe(false);
    expect(Array.from(display)).toHaveLength(120);
  });

  it('yields only ASCII-safe mount names', () => {
    for (const { name } of HOSTILE) {
      const file = safeFileName({ name });
      expect(file).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
      expect(file).not.toContain('..');
    }
  });

  it('puts the sanitised name, not the raw one, in the sniffed record', async () => {
    const meta = await sniffOk({ fileName: '../../secret\u202E/evil\nname.csv', bytes: 'a,b\n1,2\n' });
    expect(meta.displayName).toBe('evil name.csv');
  });
});
