/**
 * Drawing Vega-Lite charts in the page. Browser only, and loaded only with import() when a chart is on screen (or
 * being saved): vega, vega-lite and vega-embed are several hundred kB that the workspace's first load must not carry.
 *
 * Every spec reaching here has passed the chart gate (vega-spec.ts). Drawing stays safe even if the gate missed
 * something: expressions run in vega-interpreter (no `new Function`, which the page's CSP refuses anyway), the loader
 * refuses every URL (data, images, links), vega-embed adds no actions menu and no <style>, and tooltips are built
 * from escaped text only.
 */
import embed, { type VisualizationSpec } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import { compile } from 'vega-lite';
import { parse, View, type Loader } from 'vega';
import { checkPngBase64 } from '@/lib/results/png';
import { escapeHtml } from '@/lib/text/html';
import type { JsonObject } from '@/lib/kernel/vega-spec';

function refused(uri: string): Promise<never> {
  return Promise.reject(new Error(`The chart tried to load ${JSON.stringify(uri.slice(0, 200))}: charts draw inline data only.`));
}

/** A loader that loads nothing: no data URL, no image, no link is ever fetched or opened. */
const refusingLoader: Loader = {
  load: (uri) => refused(uri),
  sanitize: (uri) => refused(uri),
  http: (uri) => refused(uri),
  file: (uri) => refused(uri),
};

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value) ?? '';
  return String(value);
}

/**
 * The tooltip's HTML (vega-tooltip assigns it to innerHTML): a key/value table of escaped text. Unlike vega-tooltip's
 * own formatter it never turns an `image` field into an <img>.
 */
function tooltipHtml(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `<span>${escapeHtml(valueText(value))}</span>`;
  const rows = Object.entries(value).map(
    ([key, entry]) => `<tr><td class="key">${escapeHtml(key)}</td><td class="value">${escapeHtml(valueText(entry))}</td></tr>`,
  );
  return `<table>${rows.join('')}</table>`;
}

// The gate checked the spec's safety; its structure is checked by vega-lite's compiler, which throws on nonsense.
const asVisualization = (spec: JsonObject) => spec as unknown as VisualizationSpec;

export interface DrawnChart {
  finalize: () => void;
}

/** Draws the chart into `element` (SVG, tooltips on hover). Rejects with vega's message when the spec is invalid. */
export async function drawChart({ element, spec }: { element: HTMLElement; spec: JsonObject }): Promise<DrawnChart> {
  const result = await embed(element, asVisualization(spec), {
    mode: 'vega-lite',
    renderer: 'svg',
    actions: false,
    defaultStyle: false,
    ast: true,
    expr: expressionInterpreter,
    loader: refusingLoader,
    tooltip: { formatTooltip: (value: unknown) => tooltipHtml(value), theme: 'light' },
    logLevel: 0,
  });
  return { finalize: result.finalize };
}

/** The chart as PNG (base64, no data: prefix) at twice the CSS size, drawn off-screen: the exports' fallback. */
export async function chartPng({ spec }: { spec: JsonObject }): Promise<{ pngBase64: string; width: number; height: number }> {
  const compiled = compile(asVisualization(spec) as Parameters<typeof compile>[0]).spec;
  const view = new View(parse(compiled, undefined, { ast: true }), { renderer: 'none', loader: refusingLoader, expr: expressionInterpreter, logLevel: 0 });
  try {
    const url = await view.toImageURL('png', 2);
    const base64 = url.slice(url.indexOf(',') + 1);
    const checked = checkPngBase64({ base64 });
    if (!checked.ok) throw new Error(`the chart image is not a PNG: ${checked.reason}`);
    return { pngBase64: base64, width: checked.width, height: checked.height };
  } finally {
    view.finalize();
  }
}
