import type { CellValue, JsonValue } from '@/workers/kernel-protocol';

/**
 * A dict or list result as a table, the way an analyst reads it: a list of records (list of dicts) has one row per
 * record; a dict of equal-length lists (or of dicts, as `df.to_dict()` gives) has one column per key; any other dict
 * is a key → value table; a list of scalars is one column. Anything else (nested lists, an empty container, mixed
 * items) stays JSON. Nested values inside a cell are shown as their JSON text. Browser-safe, pure.
 */

export interface PlainTable {
  columns: string[];
  /** Per-column type labels shown under the names (null: none). */
  dtypes: string[] | null;
  rows: CellValue[][];
}

/** Beyond this the JSON view is more readable than a table scrolled sideways. */
export const MAX_JSON_TABLE_COLUMNS = 50;

type JsonObject = { [key: string]: JsonValue };

function isObject(value: JsonValue): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function toCell(value: JsonValue | undefined): CellValue {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  return JSON.stringify(value);
}

/** Keys of several objects, in the order they first appear. */
function keyUnion(objects: readonly JsonObject[]): string[] {
  const seen = new Set<string>();
  for (const object of objects) for (const key of Object.keys(object)) seen.add(key);
  return [...seen];
}

function fits(columns: readonly string[]): boolean {
  return columns.length > 0 && columns.length <= MAX_JSON_TABLE_COLUMNS;
}

function recordsTable(items: readonly JsonObject[]): PlainTable | null {
  const columns = keyUnion(items);
  if (!fits(columns)) return null;
  return { columns, dtypes: null, rows: items.map((item) => columns.map((column) => toCell(item[column]))) };
}

function columnsOfLists(object: JsonObject, keys: readonly string[]): PlainTable | null {
  const lists = keys.map((key) => object[key]).filter((value): value is JsonValue[] => Array.isArray(value));
  const length = lists[0]?.length ?? 0;
  if (lists.length !== keys.length || length === 0 || lists.some((list) => list.length !== length) || !fits(keys)) return null;
  const rows = Array.from({ length }, (_, row) => lists.map((list) => toCell(list[row])));
  return { columns: [...keys], dtypes: null, rows };
}

function columnsOfDicts(object: JsonObject, keys: readonly string[]): PlainTable | null {
  const inner = keys.map((key) => object[key] ?? null).filter(isObject);
  if (inner.length !== keys.length || !fits(keys)) return null;
  const index = keyUnion(inner);
  if (index.length === 0) return null;
  // The inner keys are the row labels (pandas' index); a column named "index" is taken, so the label column says so.
  const label = keys.includes('index') ? '(index)' : 'index';
  if (!fits([label, ...keys])) return null;
  const rows = index.map((rowKey) => [rowKey, ...inner.map((column) => toCell(column[rowKey]))]);
  return { columns: [label, ...keys], dtypes: null, rows };
}

/** The table for a JSON result, or null when it reads better as JSON. */
export function jsonToTable(value: JsonValue): PlainTable | null {
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.every(isObject)) return recordsTable(value);
    if (value.every((item) => item === null || typeof item !== 'object')) {
      return { columns: ['value'], dtypes: null, rows: value.map((item) => [toCell(item)]) };
    }
    return null;
  }
  if (!isObject(value)) return null;
  const keys = Object.keys(value);
  if (keys.length === 0) return null;
  if (keys.every((key) => Array.isArray(value[key]))) return columnsOfLists(value, keys);
  if (keys.every((key) => isObject(value[key] ?? null))) return columnsOfDicts(value, keys);
  return { columns: ['key', 'value'], dtypes: null, rows: keys.map((key) => [key, toCell(value[key])]) };
}
