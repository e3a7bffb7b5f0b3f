'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { describeChart } from '@/lib/results/chart-text';
import { checkVegaLiteSpec } from '@/lib/kernel/vega-spec';
import type { ResultValue } from '@/workers/kernel-protocol';

type ChartValue = Extract<ResultValue, { kind: 'chart' }>;
type DrawState = { state: 'drawing' } | { state: 'ready' } | { state: 'error'; message: string };

/**
 * An interactive Vega-Lite chart (Altair): checked by the chart gate first, then drawn by the lazily loaded vega
 * bundle (lib/results/client/vega-render.ts). A refused or broken spec shows why in place of the chart, never an empty box.
 */
export function ResultChart({ chart }: { chart: ChartValue }) {
  const checked = useMemo(() => checkVegaLiteSpec(chart.spec), [chart.spec]);
  const container = useRef<HTMLDivElement>(null);
  const [draw, setDraw] = useState<DrawState>({ state: 'drawing' });

  useEffect(() => {
    const element = container.current;
    if (!checked.ok || !element) return;
    let cancelled = false;
    let finalize: (() => void) | null = null;
    setDraw({ state: 'drawing' });
    import('@/lib/results/client/vega-render')
      .then(({ drawChart }) => drawChart({ element, spec: checked.spec }))
      .then((drawn) => {
        if (cancelled) return drawn.finalize();
        finalize = drawn.finalize;
        setDraw({ state: 'ready' });
      })
      .catch((error: unknown) => {
        if (!cancelled) setDraw({ state: 'error', message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [checked]);

  if (!checked.ok) return <ChartError message={`Chart not shown: ${checked.reason}.`} />;
  return (
    <figure className="space-y-1" data-testid="result-chart" data-state={draw.state}>
      {draw.state === 'error' ? <ChartError message={`The chart could not be drawn: ${draw.message}`} /> : null}
      <div
        ref={container}
        role="img"
        aria-label={describeChart(checked.spec)}
        className="max-w-full overflow-auto rounded border border-slate-200 bg-white p-2 [contain:paint]"
        hidden={draw.state === 'error'}
      />
      {draw.state === 'drawing' ? <p className="text-xs text-slate-500">Drawing the chart…</p> : null}
      <figcaption className="text-xs text-slate-500">
        Interactive chart (Vega-Lite {chart.mime.includes('v5') ? '5' : '6'}): hover a mark for its values.
      </figcaption>
    </figure>
  );
}

function ChartError({ message }: { message: string }) {
  return (
    <p role="alert" data-testid="result-chart-error" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      {message}
    </p>
  );
}
