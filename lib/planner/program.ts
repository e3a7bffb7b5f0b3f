/**
 * Pieces every generated program shares. The code must run unchanged on Debian's pandas 1.5 (the CPython tests)
 * and on Pyodide's pandas 2.x/3.x, so it sticks to APIs that mean the same in both: Period aliases instead of
 * resample offsets ('M' became 'ME'), explicit tick labels instead of matplotlib's categorical axis, no
 * `numeric_only` defaults, no `labels=` on boxplot (renamed in matplotlib 3.9).
 */
import type { Aggregation } from './types';
import type { PlanColumn } from './match-columns';
import { singleLineText } from '@/lib/text/invisible-characters';
import { displayName } from './plan-text';
import { shortText } from '@/lib/text/cut-text';

export function importLines({ numpy = false, pyplot = true, stats = false }: { numpy?: boolean; pyplot?: boolean; stats?: boolean }): string[] {
  return [
    ...(numpy ? ['import numpy as np'] : []),
    'import pandas as pd',
    ...(pyplot ? ['import matplotlib.pyplot as plt'] : []),
    ...(stats ? ['from scipy import stats'] : []),
    '',
  ];
}

/**
 * Chart labels come from column names and cell values, i.e. untrusted text: matplotlib reads `$…$` as math and
 * raises on a malformed formula at draw time, and very long names squeeze the plot. Cut first, then escape, so an
 * escape is never cut in half.
 */
export const SHORT_LABEL: string[] = [
  'def short_label(value, width=40):',
  '    text = str(value)',
  '    if len(text) > width:',
  "        text = text[:width - 1] + '…'",
  String.raw`    return text.replace('$', '\\$')`,
  '',
];

/** nunique() raises on unhashable cells (lists/dicts from nested JSON); their text is counted instead. */
export const COUNT_UNIQUE: string[] = [
  'def count_unique(column):',
  '    try:',
  '        return int(column.nunique())',
  '    except TypeError:',
  '        return int(column.astype(str).nunique())',
  '',
];

/** `df = <variable>`: the rest of the program reads `df` and never mutates it (the kernel keeps df1 across turns). */
export function frameLine({ variable }: { variable: string }): string {
  return `df = ${variable}`;
}

/** Words for the plan line and chart titles. */
function aggregationWords({ aggregation }: { aggregation: Aggregation }): string {
  const words: Record<Aggregation, string> = {
    mean: 'average',
    sum: 'total',
    median: 'median',
    min: 'minimum',
    max: 'maximum',
    std: 'standard deviation of',
    count: 'count of',
    nunique: 'distinct count of',
    size: 'row count',
  };
  return words[aggregation];
}

// Names that usually hold amounts, where "revenue by region" means the total; other measures (price, age,
// temperature, score) are averaged. The plan line always says which was chosen.
const ADDITIVE =
  /(amount|revenue|sales|sale|quantity|qty|units|unit_sold|count|total|cost|costs|spend|spent|profit|orders|visits|clicks|volume|income|expense|expenses|payment|paid|turnover|views|downloads|bookings|hours|minutes|distance|weight_kg|calls|tickets|sessions|impressions|conversions|donations)/i;

export function defaultAggregation({ value }: { value: PlanColumn | null }): Aggregation {
  if (value === null) return 'size';
  if (value.kind !== 'numeric') return 'nunique';
  return ADDITIVE.test(value.name) ? 'sum' : 'mean';
}

/** "average "revenue"" / "row count" for the plan line. */
export function measurePhrase({ aggregation, value }: { aggregation: Aggregation; value: PlanColumn | null }): string {
  if (aggregation === 'size' || value === null) return 'row count';
  return `${aggregationWords({ aggregation })} ${displayName(value.name)}`;
}

/** The plan line: who wrote it, the intent, and the columns, so the analyst can check the reading of the question. */
export function planLine({ intent, detail, variable, fileName }: { intent: string; detail: string; variable: string; fileName: string }): string {
  const file = shortText(singleLineText(fileName), 80);
  return `Offline planner, ${intent}: ${detail} (${variable}, ${file}).`;
}

export function joinCode({ lines }: { lines: string[] }): string {
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
