/**
 * The gate every Vega-Lite spec passes before it is drawn or exported. A spec comes from the kernel (generated code,
 * assumed hostile) or from a saved record, so it is checked as hostile input: plain JSON within size caps, only
 * inline data, and nothing that makes the browser load or open a URL or that reaches outside the chart's own box.
 * Refused, never repaired: the page shows the reason in place of the chart. Browser-safe, pure.
 */

/** Characters of a spec as compact JSON (the Python half stops at the same number: kernel_chart.py). */
export const MAX_CHART_SPEC_CHARS = 2_000_000;
/** Rows of inline data over all of a spec's datasets (Altair's own default stops at 5,000 per chart). */
export const MAX_CHART_DATA_ROWS = 20_000;
/** Nesting depth of a spec; layered, concatenated and faceted charts stay far below. */
const MAX_DEPTH = 64;

export const VEGA_LITE_MIMES = ['application/vnd.vegalite.v6+json', 'application/vnd.vegalite.v5+json'] as const;

const SCHEMA_URL = /^https:\/\/vega\.github\.io\/schema\/vega-lite\/v[56](\.\d+){0,2}\.json$/;

/**
 * Keys refused anywhere in a spec, with why. `url` covers data.url, lookup sources, image marks' url channel and
 * mark property; `href` the link channel and mark property (a click would open it); `usermeta` is read by vega-embed
 * as embed options (a loader, a patch, CSS); `element` puts a parameter's input widget into any element of the page
 * by CSS selector. The prototype keys would reach Object.prototype through vega's config merging.
 */
// A Map, not an object literal: `{ __proto__: … }` would set the literal's prototype, and a lookup on an object would
// find inherited names (toString).
const REFUSED_KEYS: ReadonlyMap<string, string> = new Map([
  ['url', 'it loads data or images from a URL (only inline data is drawn)'],
  ['href', 'it makes marks open links'],
  ['usermeta', 'it carries embedding options'],
  ['element', 'it places input widgets elsewhere in the page'],
  ['__proto__', 'it names an object prototype'],
  ['constructor', 'it names an object prototype'],
  ['prototype', 'it names an object prototype'],
]);

/**
 * A parameter's input widget: Vega sets every other key of `bind` as an attribute of the <input> it creates, so a
 * `style` would let the widget cover the page (position: fixed) and `autofocus`/`accesskey` take the keyboard.
 */
const BIND_KEYS: ReadonlySet<string> = new Set(['input', 'name', 'options', 'labels', 'min', 'max', 'step', 'debounce', 'placeholder', 'legend']);
const BIND_INPUTS: ReadonlySet<unknown> = new Set(['checkbox', 'radio', 'select', 'range', 'text', 'number', 'date', 'color']);
/** Rows a `sequence` generator or a density-like transform's steps may produce (as for inline data). */
const MAX_GENERATED_STEPS = 10_000;

function checkBind(bind: unknown, path: string): void {
  if (bind === 'scales' || bind === 'legend' || !isPlainObject(bind)) return;
  const extra = Object.keys(bind).find((key) => !BIND_KEYS.has(key));
  if (extra) throw new Refusal(`${path}.bind has "${extra}": ${REFUSED_KEYS.get(extra) ?? 'an input widget takes only its type, name, options and range'}`);
  if ('input' in bind && !BIND_INPUTS.has(bind.input)) throw new Refusal(`${path}.bind.input is not a plain input type`);
}

/** Rows a `sequence` generator makes; refused when they cannot be counted (signals instead of numbers). */
function sequenceRows(sequence: unknown, path: string): number {
  if (!isPlainObject(sequence)) throw new Refusal(`${path}.sequence is not an object`);
  const { start, stop, step = 1 } = sequence;
  if (typeof start !== 'number' || typeof stop !== 'number' || typeof step !== 'number' || step === 0) {
    throw new Refusal(`${path}.sequence must have numeric start, stop and a non-zero step`);
  }
  return Math.max(0, Math.ceil((stop - start) / step));
}

export type JsonObject = { [key: string]: JsonNode };
export type JsonNode = string | number | boolean | null | JsonNode[] | JsonObject;

export type SpecCheck = { ok: true; spec: JsonObject } | { ok: false; reason: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

class Refusal extends Error {}

/**
 * Walks the value once: refuses anything that is not plain JSON (class instances, functions, NaN), deeper than
 * MAX_DEPTH or larger than MAX_CHART_SPEC_CHARS as JSON; returns its JSON length. `visit` sees every object.
 */
function walkJson(value: unknown, visit: (object: Record<string, unknown>, path: string) => void): number {
  let size = 0;
  const add = (chars: number) => {
    size += chars;
    if (size > MAX_CHART_SPEC_CHARS) throw new Refusal(`it is larger than ${MAX_CHART_SPEC_CHARS / 1_000_000} MB`);
  };
  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) throw new Refusal(`it is nested deeper than ${MAX_DEPTH} levels`);
    if (node === null || typeof node === 'boolean') return add(5);
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) throw new Refusal(`${path} is not a finite number`);
      return add(String(node).length);
    }
    if (typeof node === 'string') return add(node.length + 2);
    if (Array.isArray(node)) {
      add(2 + node.length);
      node.forEach((item, index) => walk(item, `${path}[${index}]`, depth + 1));
      return;
    }
    if (!isPlainObject(node)) throw new Refusal(`${path} is not plain JSON`);
    add(2);
    visit(node, path);
    for (const key of Object.keys(node)) {
      add(key.length + 4);
      walk(node[key], `${path}.${key}`, depth + 1);
    }
  };
  walk(value, 'spec', 0);
  return size;
}

/** Rows of inline data in one `values` (an array, or CSV/JSON text with a format). */
function rowsOf(values: unknown): number {
  if (Array.isArray(values)) return values.length;
  if (typeof values === 'string') return values.split('\n').length;
  return 1;
}

function isImageMark(mark: unknown): boolean {
  return mark === 'image' || (isPlainObject(mark) && mark.type === 'image');
}

/** Whether a value is plain JSON within the caps (the shape check of every boundary: kernel, save, record). */
export function isBoundedJson(value: unknown): boolean {
  try {
    walkJson(value, () => undefined);
    return true;
  } catch (error) {
    if (error instanceof Refusal) return false;
    throw error;
  }
}

/** The spec if it may be drawn, or the reason it may not (a sentence fragment: "Chart not shown: <reason>."). */
export function checkVegaLiteSpec(spec: unknown): SpecCheck {
  if (!isPlainObject(spec)) return { ok: false, reason: 'the spec is not a JSON object' };
  let rows = 0;
  try {
    walkJson(spec, (object, path) => {
      // Own keys only: JSON.parse creates "__proto__" as an own key, which a `for…in`-style merge would follow.
      for (const key of Object.keys(object)) {
        const why = REFUSED_KEYS.get(key);
        if (why) throw new Refusal(`${path} has "${key}": ${why}`);
      }
      if (isImageMark(object.mark)) throw new Refusal(`${path} draws image marks, which load pictures from URLs`);
      if ('values' in object && path.endsWith('.data')) rows += rowsOf(object.values);
      // Generated data counts like inline data: a sequence of 1e9 numbers would freeze every viewer's tab.
      if ('sequence' in object && path.endsWith('.data')) rows += sequenceRows(object.sequence, path);
      if ('graticule' in object && path.endsWith('.data') && object.graticule !== true) throw new Refusal(`${path}.graticule with custom steps is not drawn`);
      for (const key of ['steps', 'maxsteps'] as const) {
        const value = object[key];
        if (typeof value === 'number' && value > MAX_GENERATED_STEPS) throw new Refusal(`${path}.${key} is over ${MAX_GENERATED_STEPS.toLocaleString('en')}`);
      }
      if ('bind' in object) checkBind(object.bind, path);
      if (path === 'spec' && isPlainObject(object.datasets)) {
        for (const values of Object.values(object.datasets)) rows += rowsOf(values);
      }
      if (rows > MAX_CHART_DATA_ROWS) throw new Refusal(`it has more than ${MAX_CHART_DATA_ROWS.toLocaleString('en')} rows of data; aggregate before charting`);
    });
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    throw error;
  }
  const schema = spec.$schema;
  if (schema !== undefined && (typeof schema !== 'string' || !SCHEMA_URL.test(schema))) {
    return { ok: false, reason: 'its $schema is not Vega-Lite 5 or 6' };
  }
  if (!('mark' in spec || 'layer' in spec || 'concat' in spec || 'hconcat' in spec || 'vconcat' in spec || 'facet' in spec || 'repeat' in spec)) {
    return { ok: false, reason: 'it has no mark, layer, concat, facet or repeat: not a Vega-Lite chart' };
  }
  return { ok: true, spec: spec as JsonObject };
}
