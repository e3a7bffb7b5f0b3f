import type { JsonValue } from '@/workers/kernel-protocol';
import { shortText } from '@/lib/text/cut-text';

/**
 * A chart as text, for readers that cannot see it: the answer model (summarize-run), provenance (numbers in the
 * answer traced to the chart's data) and the text parts of exports. Browser-safe, pure.
 */

type Spec = { readonly [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** Mark types of the chart and its layers/panels, in order ("bar", "line + point"). */
function marks(spec: Spec, found: Set<string> = new Set()): Set<string> {
  const mark = spec.mark;
  if (typeof mark === 'string') found.add(mark);
  else if (isObject(mark) && typeof mark.type === 'string') found.add(mark.type);
  for (const key of ['layer', 'concat', 'hconcat', 'vconcat']) {
    const parts = spec[key];
    if (Array.isArray(parts)) for (const part of parts) if (isObject(part)) marks(part, found);
  }
  if (isObject(spec.spec)) marks(spec.spec, found);
  return found;
}

/** Every inline dataset of the chart: top-level `datasets` (Altair's) and `data.values` anywhere. */
function chartData(spec: Spec): JsonValue[][] {
  const sets: JsonValue[][] = [];
  if (isObject(spec.datasets)) for (const values of Object.values(spec.datasets)) if (Array.isArray(values)) sets.push(values);
  const walk = (node: JsonValue) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'data' && isObject(value) && Array.isArray(value.values)) sets.push(value.values);
      else if (key !== 'datasets') walk(value);
    }
  };
  walk(spec);
  return sets;
}

/** "a Vega-Lite chart (bar, 3 data rows)" */
export function describeChart(spec: Spec): string {
  const kinds = [...marks(spec)];
  const rows = chartData(spec).reduce((total, values) => total + values.length, 0);
  const title = typeof spec.title === 'string' ? ` titled ${JSON.stringify(spec.title.slice(0, 120))}` : '';
  return `a Vega-Lite chart${title} (${kinds.length > 0 ? kinds.join(' + ') : 'composite'}, ${rows} data row${rows === 1 ? '' : 's'})`;
}

/** The chart's inline data as JSON text, cut at `maxChars`: the numbers the chart shows. */
export function chartDataText(spec: Spec, maxChars = 20_000): string {
  const text = JSON.stringify(chartData(spec).flat());
  return shortText(text, maxChars + 1);
}
