// The one table `npm run bench` prints: figure, median, p95, target, and whether the target is met. Every figure
// module returns rows built here; run.mjs prints them and writes them as JSON under bench/results/.

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * A row from samples (median and p95 computed here) or from one measured value (`value`, no p95).
 * `target`: `{ at: 'median' | 'p95' | 'p99' | 'value', op: '<=' | '>=', limit }`; absent for figures that only inform.
 */
export function row({ name, unit, samples, value, p99, target, note = '' }) {
  const median = samples ? percentile(samples, 50) : value;
  const p95 = samples ? percentile(samples, 95) : null;
  const at = target ? { median, p95, p99, value: median }[target.at] : null;
  const met = target && typeof at === 'number' && Number.isFinite(at) ? (target.op === '<=' ? at <= target.limit : at >= target.limit) : null;
  return { name, unit, median, p95, p99: p99 ?? null, n: samples?.length ?? 1, target: target ?? null, met, note };
}

function format(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const digits = Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0;
  return `${value.toFixed(digits)} ${unit}`;
}

function targetText(target, unit) {
  if (!target) return '';
  return `${target.at === 'value' ? '' : `${target.at} `}${target.op} ${target.limit} ${unit}`;
}

export function printTable(rows) {
  const lines = rows.map((r) => [
    r.name,
    format(r.median, r.unit),
    format(r.p95 ?? r.p99, r.unit) + (r.p95 === null && r.p99 !== null ? ' (p99)' : ''),
    targetText(r.target, r.unit),
    r.met === null ? '' : r.met ? 'met' : 'NOT met',
    r.note,
  ]);
  const header = ['figure', 'median', 'p95', 'target', '', 'note'];
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => String(line[column]).length)));
  const render = (cells) => `| ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`;
  console.log(render(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const line of lines) console.log(render(line));
}
