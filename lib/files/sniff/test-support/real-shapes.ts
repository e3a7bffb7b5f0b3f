import { existsSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { ReadOptions } from '../read-options-schema';

/**
 * Files shaped like the real ones registration used to misread (issue 9), small enough to read in a test, and where
 * the real ones are on this machine (the twin runtime's statsmodels and scikit-learn data). Shared by the sniffer's
 * unit tests and the twin test that reads each with the generated pandas call (lib/files/server/read-options.exec.test.ts).
 */

export interface ShapedFile {
  name: string;
  fileName: string;
  text: string;
  /** What the file should be read as. */
  expect: { delimiter: string; hasHeader: boolean; skipRows?: number; quoteChar?: string; columns: string[]; rows: number };
  /** Options the analyst sets (a correction); absent: registration alone must get it right. */
  readOptions?: ReadOptions;
}

const years = Array.from({ length: 6 }, (_, index) => String(1960 + index));
const quoted = (cells: string[]) => cells.map((cell) => `"${cell}"`).join(',');

export const SHAPED_FILES: ShapedFile[] = [
  {
    name: 'whitespace-delimited .dat (several spaces, leading blanks), like statsmodels copper.dat',
    fileName: 'copper.dat',
    text: '  YEAR   CONSUMPTION   PRICE\n  1951      3173.0     26.56\n  1952      3281.1     27.31\n  1953      3135.7     32.44\n',
    expect: { delimiter: ' ', hasHeader: true, columns: ['YEAR', 'CONSUMPTION', 'PRICE'], rows: 3 },
  },
  {
    name: 'whitespace-delimited with single-quoted names, like statsmodels spector.csv',
    fileName: 'spector.csv',
    text: "'OBS' 'GPA' 'TUCE' 'PSI' 'GRADE'\n1 2.66 20 0 0\n2 2.89 22 0 0\n3 3.28 24 0 0\n",
    expect: { delimiter: ' ', hasHeader: true, quoteChar: "'", columns: ['OBS', 'GPA', 'TUCE', 'PSI', 'GRADE'], rows: 3 },
  },
  {
    name: 'tab-separated with single-quoted names, like statsmodels anes96.csv',
    fileName: 'anes96.csv',
    text: "'popul'\t'TVnews'\t'selfLR'\n0\t7\t7\n190\t1\t3\n31\t7\t2\n",
    expect: { delimiter: '\t', hasHeader: true, quoteChar: "'", columns: ['popul', 'TVnews', 'selfLR'], rows: 3 },
  },
  {
    name: 'tab-separated with double-quoted names',
    fileName: 'gnp.tsv',
    text: '"year"\t"gnp"\t"note"\n1990\t5.9\t"a\tb"\n1991\t6.1\t"c"\n',
    expect: { delimiter: '\t', hasHeader: true, columns: ['year', 'gnp', 'note'], rows: 2 },
  },
  {
    name: 'World Bank layout with years as the header, like statsmodels fertility.csv',
    fileName: 'fertility.csv',
    text:
      `Country Name,Country Code,Indicator Name,Indicator Code,${years.join(',')}\n` +
      `Aruba,ABW,"Fertility rate, total (births per woman)",SP.DYN.TFRT.IN,4.82,4.655,4.471,4.271,4.059,3.842\n` +
      `Andorra,AND,"Fertility rate, total (births per woman)",SP.DYN.TFRT.IN,,,,,,1.24\n` +
      `${quoted(['Afghanistan', 'AFG', 'Fertility rate, total (births per woman)', 'SP.DYN.TFRT.IN', '7.45', '7.45', '7.45', '7.45', '7.45', '7.45'])}\n`,
    expect: { delimiter: ',', hasHeader: true, columns: ['Country Name', 'Country Code', 'Indicator Name', 'Indicator Code', ...years], rows: 3 },
  },
  {
    name: 'scikit-learn counts line of the same width as the rows, like iris.csv',
    fileName: 'iris.csv',
    text: '150,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n4.9,3.0,1.4,0.2,0\n7.0,3.2,4.7,1.4,1\n6.3,3.3,6.0,2.5,2\n',
    expect: { delimiter: ',', hasHeader: false, skipRows: 1, columns: ['column_1', 'column_2', 'column_3', 'column_4', 'column_5'], rows: 4 },
  },
  {
    name: 'scikit-learn counts line narrower than the rows, like breast_cancer.csv',
    fileName: 'breast_cancer.csv',
    text: '3,5,malignant,benign\n17.99,10.38,122.8,1001,0.1184,0\n20.57,17.77,132.9,1326,0.08474,0\n13.54,14.36,87.46,566.3,0.09779,1\n',
    expect: { delimiter: ',', hasHeader: false, skipRows: 1, columns: ['column_1', 'column_2', 'column_3', 'column_4', 'column_5', 'column_6'], rows: 3 },
  },
  {
    // pandas skips blank lines by itself, so skipping the title line is enough.
    name: 'a title line and a blank line above the table',
    fileName: 'report.csv',
    text: 'Quarterly sales report\n\nregion,units\nNorth,3\nSouth,5\nEast,8\n',
    expect: { delimiter: ',', hasHeader: true, skipRows: 1, columns: ['region', 'units'], rows: 3 },
  },
  {
    name: 'corrected by the analyst: semicolons, comma decimals, dot thousands, two lines of notes',
    fileName: 'umsatz.txt',
    text: 'Export 2024\nStand: Januar\nRegion;Umsatz\nNord;1.234,5\nSüd;987,25\nWest;12.000,0\n',
    expect: { delimiter: ';', hasHeader: true, skipRows: 2, columns: ['Region', 'Umsatz'], rows: 3 },
    readOptions: { skipRows: 2, delimiter: ';', decimal: ',', thousands: '.', hasHeader: true },
  },
];

/** The twin runtime's site-packages, when it is built on this machine (scripts/browser-runtime/twin-dir.sh). */
export function twinSitePackages(): string | null {
  try {
    const twin = execFileSync(path.resolve(__dirname, '../../../../scripts/browser-runtime/twin-dir.sh'), { encoding: 'utf8' }).trim();
    const site = path.join(twin, 'usr/lib/python3/dist-packages');
    return existsSync(path.join(site, 'statsmodels/datasets')) ? site : null;
  } catch {
    return null;
  }
}

/** The real files behind SHAPED_FILES, relative to site-packages, with what they must be read as. */
export const REAL_FILES: Array<{
  file: string;
  expect: { delimiter: string; hasHeader: boolean; skipRows?: number; quoteChar?: string; firstColumns: string[]; rows: number };
}> = [
  {
    file: 'statsmodels/datasets/fertility/fertility.csv',
    expect: { delimiter: ',', hasHeader: true, firstColumns: ['Country Name', 'Country Code', 'Indicator Name', 'Indicator Code', '1960'], rows: 219 },
  },
  {
    file: 'statsmodels/datasets/anes96/anes96.csv',
    expect: { delimiter: '\t', hasHeader: true, quoteChar: "'", firstColumns: ['popul', 'TVnews', 'selfLR'], rows: 944 },
  },
  {
    file: 'statsmodels/datasets/spector/spector.csv',
    expect: { delimiter: ' ', hasHeader: true, quoteChar: "'", firstColumns: ['OBS', 'GPA', 'TUCE', 'PSI', 'GRADE'], rows: 32 },
  },
  {
    file: 'statsmodels/datasets/copper/src/copper.dat',
    expect: { delimiter: ' ', hasHeader: true, firstColumns: ['YEAR', 'WORLDCONSUMPTION', 'COPPERPRICE'], rows: 25 },
  },
  { file: 'sklearn/datasets/data/iris.csv', expect: { delimiter: ',', hasHeader: false, skipRows: 1, firstColumns: ['column_1', 'column_2'], rows: 150 } },
  { file: 'sklearn/datasets/data/wine_data.csv', expect: { delimiter: ',', hasHeader: false, skipRows: 1, firstColumns: ['column_1', 'column_2'], rows: 178 } },
  {
    file: 'sklearn/datasets/data/breast_cancer.csv',
    expect: { delimiter: ',', hasHeader: false, skipRows: 1, firstColumns: ['column_1', 'column_2'], rows: 569 },
  },
  { file: 'sklearn/datasets/data/linnerud_exercise.csv', expect: { delimiter: ' ', hasHeader: true, firstColumns: ['Chins', 'Situps', 'Jumps'], rows: 20 } },
];
