import { describe, expect, it } from 'vitest';
import { fakeResult } from '@/lib/kernel/testing/fake-kernel-worker';
import { runResultSchema } from '@/workers/kernel-schema';
import { DEFAULT_KERNEL_LIMITS } from '@/workers/kernel-protocol';
import { MAX_CHART_SPEC_CHARS } from '@/lib/kernel/vega-spec';

/** What the page accepts of a chart from the kernel frame (assumed escaped): the shape, not the safety. */
const schema = runResultSchema(DEFAULT_KERNEL_LIMITS);
const chart = (result: unknown) => schema.safeParse({ ...fakeResult('ok'), result });

describe('a chart result from the kernel', () => {
  it('is accepted as plain JSON within 2 MB, even when the chart gate will refuse to draw it', () => {
    expect(chart({ kind: 'chart', mime: 'application/vnd.vegalite.v6+json', spec: { mark: 'bar' } }).success).toBe(true);
    // Refused later, with a message in place of the chart, not by failing the whole run.
    expect(chart({ kind: 'chart', mime: 'application/vnd.vegalite.v5+json', spec: { data: { url: 'https://evil.example' }, mark: 'bar' } }).success).toBe(true);
  });

  it('is refused when it is too large, not plain JSON, or of another mime type', () => {
    const big = { mark: 'bar', description: 'x'.repeat(MAX_CHART_SPEC_CHARS) };
    expect(chart({ kind: 'chart', mime: 'application/vnd.vegalite.v6+json', spec: big }).success).toBe(false);
    expect(chart({ kind: 'chart', mime: 'application/vnd.vegalite.v6+json', spec: { mark: 'bar', width: Number.NaN } }).success).toBe(false);
    expect(chart({ kind: 'chart', mime: 'application/vnd.vegalite.v6+json', spec: [] }).success).toBe(false);
    expect(chart({ kind: 'chart', mime: 'application/vnd.vega.v5+json', spec: { mark: 'bar' } }).success).toBe(false);
    expect(chart({ kind: 'chart', mime: 'text/html', spec: { mark: 'bar' } }).success).toBe(false);
  });
});
