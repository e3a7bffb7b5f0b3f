import { describe, expect, it } from 'vitest';
import { checkVegaLiteSpec, isBoundedJson, MAX_CHART_DATA_ROWS, MAX_CHART_SPEC_CHARS } from './vega-spec';

const BAR = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { values: [{ region: 'North', units: 3 }] },
  mark: 'bar',
  encoding: { x: { field: 'region', type: 'nominal' }, y: { field: 'units', type: 'quantitative' }, tooltip: [{ field: 'units' }] },
};

/** What Altair's to_dict() gives: the rows under top-level datasets, referenced by name. */
const ALTAIR = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.20.1.json',
  config: { view: { continuousWidth: 300, continuousHeight: 300 } },
  data: { name: 'data-1a2b' },
  datasets: { 'data-1a2b': [{ a: 'x', b: 1 }] },
  mark: { type: 'point', tooltip: true },
  params: [{ name: 'param_1', select: { type: 'interval', encodings: ['x', 'y'] }, bind: 'scales' }],
  encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } },
};

function reason(spec: unknown): string {
  const checked = checkVegaLiteSpec(spec);
  return checked.ok ? 'accepted' : checked.reason;
}

describe('checkVegaLiteSpec', () => {
  it('accepts inline-data charts, Altair specs with named datasets, layers and v5 schemas', () => {
    expect(checkVegaLiteSpec(BAR)).toEqual({ ok: true, spec: BAR });
    expect(reason(ALTAIR)).toBe('accepted');
    expect(reason({ layer: [{ mark: 'line' }, { mark: { type: 'point' } }], data: { values: [] } })).toBe('accepted');
  });

  it('refuses data loaded from a URL, anywhere (top level, layers, lookups)', () => {
    expect(reason({ ...BAR, data: { url: 'https://evil.example/data.csv' } })).toContain('"url"');
    expect(reason({ layer: [{ mark: 'bar', data: { url: '/api/analyses' } }] })).toMatch(/layer\[0\]\.data has "url"/);
    expect(reason({ ...BAR, transform: [{ lookup: 'a', from: { data: { url: 'x.json' }, key: 'a' } }] })).toContain('"url"');
  });

  it('refuses links, image marks and image URLs', () => {
    expect(reason({ ...BAR, encoding: { ...BAR.encoding, href: { field: 'link' } } })).toContain('open links');
    expect(reason({ ...BAR, mark: { type: 'bar', href: 'javascript:alert(1)' } })).toContain('"href"');
    expect(reason({ ...BAR, mark: 'image' })).toContain('image marks');
    expect(reason({ ...BAR, mark: { type: 'image', width: 10 } })).toContain('image marks');
    expect(reason({ ...BAR, mark: 'point', encoding: { url: { field: 'u' } } })).toContain('"url"');
  });

  it('refuses usermeta (vega-embed reads embed options, a loader and CSS from it) and widgets placed elsewhere', () => {
    expect(reason({ ...BAR, usermeta: { embedOptions: { loader: { baseURL: 'https://evil.example/' } } } })).toContain('embedding options');
    expect(reason({ ...BAR, params: [{ name: 'p', value: 1, bind: { input: 'range', element: '#question' } }] })).toContain('elsewhere in the page');
  });

  it('keeps input widgets plain: no attributes that restyle, focus or bind keys beyond the widget (red-team review)', () => {
    const widget = (bind: unknown) => ({ ...BAR, params: [{ name: 'p', value: 'x', bind }] });
    expect(reason(widget({ input: 'text', style: 'position:fixed;inset:0;z-index:99' }))).toContain('"style"');
    expect(reason(widget({ input: 'text', autofocus: true }))).toContain('"autofocus"');
    expect(reason(widget({ input: 'text', accesskey: 'a' }))).toContain('"accesskey"');
    expect(reason(widget({ input: 'file' }))).toContain('not a plain input type');
    expect(reason(widget({ input: 'range', min: 0, max: 10, step: 1, name: 'Units ' }))).toBe('accepted');
    expect(reason(widget({ input: 'select', options: ['a', 'b'], labels: ['A', 'B'] }))).toBe('accepted');
    expect(reason(widget('scales'))).toBe('accepted');
    expect(reason({ ...BAR, params: [{ name: 'p', select: 'point', bind: { legend: 'dblclick' } }] })).toBe('accepted');
  });

  it('counts generated data against the row cap (a huge sequence would freeze every viewer)', () => {
    expect(reason({ ...BAR, data: { sequence: { start: 0, stop: 1e9, as: 'x' } } })).toContain('rows of data');
    expect(reason({ ...BAR, data: { sequence: { start: 0, stop: 100, step: 0.00001 } } })).toContain('rows of data');
    expect(reason({ ...BAR, data: { sequence: { start: 0, stop: { signal: 'n' } } } })).toContain('numeric start, stop');
    expect(reason({ ...BAR, data: { sequence: { start: 0, stop: 100, as: 'x' } } })).toBe('accepted');
    expect(reason({ ...BAR, data: { graticule: { step: [0.001, 0.001] } } })).toContain('graticule');
    expect(reason({ ...BAR, transform: [{ density: 'units', steps: 1e8 }] })).toContain('steps is over');
  });

  it('refuses prototype keys, non-JSON values and non-objects', () => {
    expect(reason(JSON.parse('{"mark":"bar","config":{"__proto__":{"polluted":true}}}'))).toContain('prototype');
    expect(reason({ ...BAR, toString: 'x', title: { text: 'hasOwnProperty' } })).toBe('accepted');
    expect(reason({ ...BAR, config: { constructor: { prototype: {} } } })).toContain('prototype');
    expect(reason({ ...BAR, width: Number.NaN })).toContain('not a finite number');
    expect(reason({ ...BAR, data: { values: [new Date()] } })).toContain('not plain JSON');
    expect(reason([BAR])).toBe('the spec is not a JSON object');
    expect(reason(null)).toBe('the spec is not a JSON object');
  });

  it('refuses specs that are too large, too deep, too many rows, of another schema, or not charts', () => {
    expect(reason({ ...BAR, description: 'x'.repeat(MAX_CHART_SPEC_CHARS) })).toContain('larger than 2 MB');
    let deep: Record<string, unknown> = { mark: 'bar' };
    for (let level = 0; level < 70; level += 1) deep = { mark: 'bar', config: deep };
    expect(reason(deep)).toContain('nested deeper');
    const rows = Array.from({ length: MAX_CHART_DATA_ROWS + 1 }, (_, index) => ({ a: index }));
    expect(reason({ ...BAR, data: { values: rows } })).toContain('rows of data');
    expect(reason({ ...ALTAIR, datasets: { a: rows } })).toContain('rows of data');
    expect(reason({ ...BAR, $schema: 'https://vega.github.io/schema/vega/v5.json' })).toContain('$schema');
    expect(reason({ ...BAR, $schema: 'https://evil.example/vega-lite/v6.json' })).toContain('$schema');
    expect(reason({ data: { values: [] } })).toContain('not a Vega-Lite chart');
  });
});

describe('isBoundedJson', () => {
  it('is the shape check of every boundary: plain JSON within the size cap', () => {
    expect(isBoundedJson(BAR)).toBe(true);
    expect(isBoundedJson({ a: 'x'.repeat(MAX_CHART_SPEC_CHARS) })).toBe(false);
    expect(isBoundedJson({ a: new Map() })).toBe(false);
    expect(isBoundedJson({ a: Number.POSITIVE_INFINITY })).toBe(false);
  });
});
