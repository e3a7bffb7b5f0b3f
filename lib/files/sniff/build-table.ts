import type { DatasetColumn, SampleCell } from './dataset-meta';
import { inferColumnStats, type CellType } from './infer-types';
import { MAX_CELL_CHARS, MAX_COLUMN_NAME_CHARS, MAX_COLUMNS, SAMPLE_COLUMNS, SAMPLE_ROWS } from './sniff-limits';
import { shortText } from '@/lib/text/cut-text';

/**
 * Shared by every format: turns a header (or none) and data rows into described columns and sample rows. Keeps the
 * per-format sniffers about parsing only.
 */

function jsonText({ value }: { value: unknown }): string {
  try {
    return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner)) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * A cell as it can be stored in meta.json and put in a prompt: dates become ISO strings, non-finite numbers and
 * unsafe big integers become strings, binary and nested values become short text, long text is cut.
 */
export function toSampleCell({ value }: { value: unknown }): SampleCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') {
    const asNumber = Number(value);
    return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
  }
  if (typeof value === 'string') return shortText(value, MAX_CELL_CHARS);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return `<${value.length} bytes of binary data>`;
  return shortText(jsonText({ value }), MAX_CELL_CHARS);
}

/**
 * Unique, non-empty column names. Empty headers become "Unnamed: <position>" (pandas' spelling, 0-based), repeats
 * get "_2", "_3"…, over-long names are cut. The name in the file is kept as originalName whenever it changed, so the
 * loader can rename by position.
 */
export function uniqueColumnNames({ names }: { names: readonly string[] }): Pick<DatasetColumn, 'name' | 'originalName'>[] {
  const used = new Set<string>();
  // Next suffix to try per base name, so 10,000 copies of one header cost linear, not quadratic, time.
  const nextSuffix = new Map<string, number>();
  return names.map((raw, position) => {
    let base = raw.trim() === '' ? `Unnamed: ${position}` : raw;
    if (base.length > MAX_COLUMN_NAME_CHARS) base = shortText(base, MAX_COLUMN_NAME_CHARS);
    let name = base;
    let suffix = nextSuffix.get(base) ?? 2;
    while (used.has(name)) name = `${base}_${suffix++}`;
    nextSuffix.set(base, suffix);
    used.add(name);
    if (name === raw) return { name };
    return { name, originalName: shortText(raw, 4 * MAX_COLUMN_NAME_CHARS) };
  });
}

export interface BuiltTable {
  columns: DatasetColumn[];
  columnCount: number;
  sampleRows: SampleCell[][];
  warnings: string[];
}

function describeNameChanges({ columns }: { columns: DatasetColumn[] }): string[] {
  const renamed = columns.filter((column) => column.originalName !== undefined);
  if (renamed.length === 0) return [];
  const examples = renamed
    .slice(0, 3)
    .map((column) => `${JSON.stringify(shortText(column.originalName ?? '', 40))} → ${JSON.stringify(column.name)}`)
    .join(', ');
  const more = renamed.length > 3 ? ` and ${renamed.length - 3} more` : '';
  return [`${renamed.length} column name(s) were empty, repeated or too long and were renamed: ${examples}${more}.`];
}

/**
 * Describes a table. `header` null means the file has no header row: columns are named column_1, column_2… and the
 * width is that of the widest row.
 */
export function buildTable({
  header,
  rows,
  cellType,
  sampleCell = (value) => toSampleCell({ value }),
}: {
  header: readonly string[] | null;
  rows: readonly (readonly unknown[])[];
  cellType: (cell: unknown) => CellType;
  sampleCell?: (value: unknown) => SampleCell;
}): BuiltTable {
  const width = header ? header.length : rows.reduce((widest, row) => Math.max(widest, row.length), 0);
  const keptCount = Math.min(width, MAX_COLUMNS);
  const names = header ?? Array.from({ length: width }, (_, index) => `column_${index + 1}`);
  const named = uniqueColumnNames({ names: names.slice(0, keptCount) });
  const stats = inferColumnStats({ rows, columnCount: keptCount, cellType });
  const columns: DatasetColumn[] = named.map((entry, index) => ({
    name: entry.name,
    type: stats[index]?.type ?? 'empty',
    nullable: stats[index]?.nullable ?? true,
    ...(entry.originalName !== undefined ? { originalName: entry.originalName } : {}),
  }));

  const sampleWidth = Math.min(keptCount, SAMPLE_COLUMNS);
  const sampleRows = rows.slice(0, SAMPLE_ROWS).map((row) => Array.from({ length: sampleWidth }, (_, index) => sampleCell(row[index])));

  const warnings = describeNameChanges({ columns });
  if (width > keptCount) {
    warnings.push(
      `The file has ${width.toLocaleString('en-US')} columns; only the first ${keptCount.toLocaleString('en-US')} are ` +
        'described here. The data itself is complete.',
    );
  }
  if (sampleWidth < keptCount && sampleRows.length > 0) {
    warnings.push(`Sample rows show the first ${sampleWidth} of ${keptCount.toLocaleString('en-US')} columns.`);
  }
  const nested = columns.filter((_, index) => stats[index]?.nested).map((column) => JSON.stringify(column.name));
  if (nested.length > 0) {
    warnings.push(`Column(s) ${nested.slice(0, 5).join(', ')} hold nested objects or arrays, shown here as JSON text.`);
  }
  return { columns, columnCount: width, sampleRows, warnings };
}
