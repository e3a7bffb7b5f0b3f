import type { ColumnType } from './dataset-meta';

/**
 * Cell and column types. Types describe what the sampled values look like, which is what a person or the code
 * writer needs to know ("this column holds ISO dates"); they are not a promise about pandas dtypes.
 * `null` means a missing value.
 */
export type CellType = Exclude<ColumnType, 'empty'> | null;

// pandas' default na_values: read_csv turns these into NaN, so they are missing values, not strings.
const NA_TOKENS = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);
// The spellings pandas reads as booleans.
const BOOLEAN_TOKENS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
const INTEGER = /^[+-]?\d+$/;
const NUMBER_DOT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NUMBER_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?(?:inf|Inf|INF|infinity|Infinity)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

function isCalendarDate({ year, month, day }: { year: string; month: string; day: string }): boolean {
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(Number(year), m, 0)).getUTCDate();
  return d <= daysInMonth;
}

/** Classifies ISO 8601 date / datetime text; anything else is null (not a date). */
function dateTypeOfText({ text }: { text: string }): 'date' | 'datetime' | null {
  const date = DATE.exec(text);
  if (date) return isCalendarDate({ year: date[1] ?? '', month: date[2] ?? '', day: date[3] ?? '' }) ? 'date' : null;
  const datetime = DATETIME.exec(text);
  if (!datetime) return null;
  if (!isCalendarDate({ year: datetime[1] ?? '', month: datetime[2] ?? '', day: datetime[3] ?? '' })) return null;
  if (Number(datetime[4]) > 23 || Number(datetime[5]) > 59 || Number(datetime[6] ?? 0) > 60) return null;
  return 'datetime';
}

const GROUPING = new Map<string, RegExp>();

/** "1,234,567" → "1234567" for thousands ","; pandas drops the separator between digits the same way. */
function withoutGrouping({ text, thousands }: { text: string; thousands: string }): string {
  let pattern = GROUPING.get(thousands);
  if (!pattern) {
    pattern = new RegExp(`(?<=\\d)${thousands.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\d)`, 'g');
    GROUPING.set(thousands, pattern);
  }
  return text.replace(pattern, '');
}

/** Type of one CSV cell as text. `decimal` is the file's decimal separator, `thousands` its digit grouping ('' none). */
export function typeOfText({ text, decimal, thousands = '' }: { text: string; decimal: '.' | ','; thousands?: string }): CellType {
  const trimmed = text.trim();
  if (NA_TOKENS.has(trimmed)) return null;
  if (BOOLEAN_TOKENS.has(trimmed)) return 'boolean';
  const number = thousands ? withoutGrouping({ text: trimmed, thousands }) : trimmed;
  if (INTEGER.test(number)) return 'integer';
  if ((decimal === '.' ? NUMBER_DOT : NUMBER_COMMA).test(number) || INFINITY.test(number)) return 'number';
  return dateTypeOfText({ text: trimmed }) ?? 'string';
}

function isUtcMidnight({ date }: { date: Date }): boolean {
  return date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 && date.getUTCMilliseconds() === 0;
}

/**
 * Type of an already-typed value (JSON, xlsx). Strings stay strings (a JSON "00123" is text on purpose) except ISO
 * dates, which are worth pointing out. Objects and arrays are nested data, reported as string.
 */
export function typeOfValue({ value }: { value: unknown }): CellType {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return null;
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  if (value instanceof Date) return isUtcMidnight({ date: value }) ? 'date' : 'datetime';
  if (typeof value === 'string') return dateTypeOfText({ text: value }) ?? 'string';
  return 'string';
}

/** Widens two column types to one that describes both: integer+number → number, date+datetime → datetime. */
export function mergeColumnTypes({ left, right }: { left: ColumnType; right: ColumnType }): ColumnType {
  if (left === right) return left;
  if (left === 'empty') return right;
  if (right === 'empty') return left;
  const pair = new Set([left, right]);
  if (pair.has('integer') && pair.has('number') && pair.size === 2) return 'number';
  if (pair.has('date') && pair.has('datetime') && pair.size === 2) return 'datetime';
  return 'string';
}

export interface ColumnStats {
  type: ColumnType;
  nullable: boolean;
  /** True when a value was an object or array (shown as JSON text). */
  nested: boolean;
}

/**
 * Column types and nullability over data rows. A row shorter than the column count counts as missing values for the
 * columns it lacks, which is what pandas does with short rows.
 */
export function inferColumnStats({
  rows,
  columnCount,
  cellType,
}: {
  rows: readonly (readonly unknown[])[];
  columnCount: number;
  cellType: (cell: unknown) => CellType;
}): ColumnStats[] {
  const stats: ColumnStats[] = Array.from({ length: columnCount }, () => ({ type: 'empty', nullable: false, nested: false }));
  for (const row of rows) {
    for (let column = 0; column < columnCount; column += 1) {
      const entry = stats[column];
      if (!entry) continue;
      const cell = row[column];
      const type = column < row.length ? cellType(cell) : null;
      if (type === null) {
        entry.nullable = true;
        continue;
      }
      if (typeof cell === 'object' && cell !== null && !(cell instanceof Date)) entry.nested = true;
      entry.type = mergeColumnTypes({ left: entry.type, right: type });
    }
  }
  // A column with no value at all is "empty", and missing values are all it has.
  for (const entry of stats) if (entry.type === 'empty') entry.nullable = true;
  return stats;
}
