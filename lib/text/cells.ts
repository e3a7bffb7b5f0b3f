/**
 * Table cells as text: on screen (result tables, sample rows), in exported text and CSV, and in what the model reads.
 * Cells come from data files and generated code, so they are untrusted: this module only decides their spelling and
 * makes them inert for spreadsheets; HTML escaping is React's (or html.ts's) job, Markdown escaping markdown.ts's.
 * Runs anywhere, pure.
 */

/** A cell as the kernel sends it (workers/kernel-protocol.ts CellValue) and as the sniffer samples it. */
export type Cell = string | number | boolean | null;

/**
 * How a missing value reads, by audience. The kernel sends NaN, None, NaT and pd.NA all as null, so no spelling is
 * the original one; each audience gets the one it reads best:
 * - `screen`: blank, as a spreadsheet shows an empty cell (the page's tables and sample rows);
 * - `python`: Python's None, in exported text and Markdown tables next to code that prints the same table;
 * - `model`: pandas' NaN, in the run summary the answer model reads and the provenance snippets built from it.
 */
export const MISSING = { screen: '', python: 'None', model: 'NaN' } as const;

export interface CellTextOptions {
  /** How null reads: one of MISSING. */
  missing: (typeof MISSING)[keyof typeof MISSING];
  /**
   * `exact` (default): a number as JavaScript writes it, the shortest text that reads back as the same number (what
   * provenance matches and exports print). `short`: six significant digits, trailing zeros dropped, for a table on
   * screen.
   */
  numbers?: 'exact' | 'short';
}

function shortNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value
    .toPrecision(6)
    .replace(/\.?0+$/, '')
    .replace(/\.?0+e/, 'e');
}

/** A cell as text. Booleans are spelt as Python spells them (True/False) everywhere: pandas computed them. */
export function cellText(value: Cell, { missing, numbers = 'exact' }: CellTextOptions): string {
  if (value === null) return missing;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return numbers === 'short' ? shortNumber(value) : String(value);
  return value;
}

/**
 * Spreadsheets run a cell that starts with = + - @ (or tab or CR, which some strip first) as a formula: "CSV
 * injection" (OWASP), e.g. `=HYPERLINK("http://evil", "x")`. A *string* starting with one of them gets a leading
 * apostrophe, which spreadsheets show as text; numbers stay numbers, so -3.5 is written as -3.5, while the text
 * "-3.5" (a string column) becomes '-3.5. A leading space is not a formula start and is left alone.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet will not run as a formula. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One CSV field (RFC 4180): empty for null, True/False, numbers as they are, strings formula-neutralised and quoted
 * when they hold a comma, a quote, CR or LF (quotes doubled).
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return cellText(value, { missing: MISSING.screen }); // JSON numbers are finite
  const text = neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
