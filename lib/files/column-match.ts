import type { RunError } from '@/workers/kernel-protocol';
import type { DatasetBrief } from './dataset-briefs';

/**
 * Column-name helpers for classify-error.ts: which names a pandas error says are missing, and which real columns
 * are close to them. Browser-safe.
 */

export interface MissingName {
  name: string;
  /** key: KeyError / "not in index"; attribute: AttributeError on a DataFrame (df.revenue). */
  source: 'key' | 'attribute';
}

/** Undoes Python's repr() of a str: 'abc', "it's", with \\ \' \" \n \t \xNN \uNNNN escapes. */
export function parsePythonStringRepr(text: string): string | null {
  const match = /^(['"])([\s\S]*)\1$/.exec(text.trim());
  if (!match || match[2] === undefined) return null;
  return match[2].replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_whole, escaped: string) => {
    if (escaped.length > 1) return String.fromCodePoint(Number.parseInt(escaped.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[escaped] ?? escaped;
  });
}

/** Every quoted string inside a repr such as Index(['a', "b's"], dtype='object'). */
function quotedItems(text: string): string[] {
  const items: string[] = [];
  for (const match of text.matchAll(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g)) {
    const value = parsePythonStringRepr(match[0]);
    if (value !== null) items.push(value);
  }
  return items;
}

export function missingColumnNames({ error }: { error: Pick<RunError, 'type' | 'message'> }): MissingName[] {
  const message = error.message.trim();
  if (error.type === 'AttributeError') {
    const match = /'(?:DataFrame|Series|DataFrameGroupBy|SeriesGroupBy)' object has no attribute '([^']+)'/.exec(message);
    return match?.[1] ? [{ name: match[1], source: 'attribute' }] : [];
  }
  // KeyError's str() keeps the repr quotes of its argument: "'Revenue'" or "\"None of [Index([...])] are in the [columns]\"".
  const inner = error.type === 'KeyError' ? (parsePythonStringRepr(message) ?? message) : message;
  const list =
    /^None of \[Index\(\[([\s\S]*)\],\s*dtype=[^\]]*\)\] are in the \[(?:columns|index)\]$/.exec(inner) ?? /^\[([\s\S]*)\] not in index$/.exec(inner);
  if (list?.[1] !== undefined && (error.type === 'KeyError' || /not in index|are in the \[/.test(inner))) {
    return quotedItems(`[${list[1]}]`).map((name) => ({ name, source: 'key' }));
  }
  if (error.type !== 'KeyError') return [];
  // A plain KeyError('Revenue'): the message is the repr of the key. Numbers and tuples are not column names.
  const key = parsePythonStringRepr(message);
  return key !== null && key !== '' ? [{ name: key, source: 'key' }] : [];
}

/** Edit distance with adjacent transpositions counted as one edit (optimal string alignment): "Regoin" → "Region" is 1. */
export function editDistance(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  const rows: number[][] = Array.from({ length: left.length + 1 }, (_, i) =>
    Array.from({ length: right.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= left.length; i++) {
    const row = rows[i];
    if (!row) continue;
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(left.length, right.length);
}

const normalise = (name: string) =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '');

export interface ColumnMatch {
  column: string;
  /** The datasets (df1…) that have this column. */
  variables: string[];
  /** Lower is closer: 0 same but for case, 0.5 same but for case/spacing/underscores, n = edit distance. */
  score: number;
  /** Only contains / is contained in the name: worth suggesting, never worth substituting. */
  loose: boolean;
}

/**
 * Real columns close to `name`: equal ignoring case; equal ignoring case, spaces, "_", "-", "."; or within an edit
 * distance (transpositions count once) of max(1, ⌊length/4⌋) (lower-cased). With `includeLoose`, also columns that contain the name or are
 * contained in it. Sorted closest first; one entry per distinct column name.
 */
export function closeColumnMatches({ name, datasets, includeLoose }: { name: string; datasets: DatasetBrief[]; includeLoose: boolean }): ColumnMatch[] {
  const byColumn = new Map<string, ColumnMatch>();
  const wanted = name.toLowerCase();
  const wantedNormal = normalise(name);
  const threshold = Math.max(1, Math.floor(Array.from(name).length / 4));
  for (const brief of datasets) {
    for (const { name: column } of brief.columns) {
      const lower = column.toLowerCase();
      let score: number | null = null;
      let loose = false;
      if (lower === wanted) score = 0;
      else if (normalise(column) === wantedNormal && wantedNormal !== '') score = 0.5;
      else {
        const distance = editDistance(lower, wanted);
        if (distance <= threshold) score = distance;
        else if (includeLoose && wantedNormal.length >= 3 && (normalise(column).includes(wantedNormal) || wantedNormal.includes(normalise(column)))) {
          score = 100;
          loose = true;
        }
      }
      if (score === null) continue;
      const existing = byColumn.get(column);
      if (existing) {
        if (!existing.variables.includes(brief.variable)) existing.variables.push(brief.variable);
      } else {
        byColumn.set(column, { column, variables: [brief.variable], score, loose });
      }
    }
  }
  return [...byColumn.values()].sort((a, b) => a.score - b.score);
}
