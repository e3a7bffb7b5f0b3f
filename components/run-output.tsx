'use client';

import type { RunResult, RunStatus } from '@/workers/kernel-protocol';
import { ResultValueView } from './result-value';

const STATUS_LABEL: Record<RunStatus, string> = {
  ok: 'Finished',
  python: 'Python error',
  policy: 'Refused by the safety policy',
  timeout: 'Stopped: time limit reached',
  interrupted: 'Stopped',
  crashed: 'The kernel crashed',
  load: 'A package could not be loaded',
};

const STATUS_STYLE: Record<RunStatus, string> = {
  ok: 'bg-emerald-100 text-emerald-800',
  python: 'bg-rose-100 text-rose-800',
  policy: 'bg-amber-100 text-amber-900',
  timeout: 'bg-amber-100 text-amber-900',
  interrupted: 'bg-slate-200 text-slate-800',
  crashed: 'bg-rose-100 text-rose-800',
  load: 'bg-rose-100 text-rose-800',
};

interface RunOutputProps {
  /** Output streamed while the code is still running. */
  live: { stdout: string; stderr: string };
  running: boolean;
  result: RunResult | null;
  /** Prefix of element ids the answer's numbers link to (`<prefix>-stdout`, `<prefix>-result`). */
  anchorId?: string;
}

export function RunOutput({ live, running, result, anchorId }: RunOutputProps) {
  const stdout = result ? result.stdout : live.stdout;
  const stderr = result ? result.stderr : live.stderr;
  return (
    <section aria-label="Output" className="space-y-3">
      {running ? (
        <p data-testid="run-status" data-status="running" className="inline-block rounded bg-sky-100 px-2 py-0.5 text-xs text-sky-800">
          Running…
        </p>
      ) : result ? (
        <p className="flex flex-wrap items-center gap-2 text-xs">
          <span data-testid="run-status" data-status={result.status} className={`rounded px-2 py-0.5 ${STATUS_STYLE[result.status]}`}>
            {STATUS_LABEL[result.status]}
          </span>
          <span className="text-slate-500" data-testid="run-timings">
            {formatMs(result.timings.totalMs)} total · check {formatMs(result.timings.validateMs)}
            {result.timings.loadPackagesMs >= 1 ? ` · packages ${formatMs(result.timings.loadPackagesMs)}` : ''} · run {formatMs(result.timings.executeMs)}
          </span>
        </p>
      ) : null}

      {stdout ? (
        <pre
          data-testid="run-stdout"
          id={anchorId ? `${anchorId}-stdout` : undefined}
          className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"
        >
          {stdout}
        </pre>
      ) : null}
      {stderr ? (
        <pre data-testid="run-stderr" className="max-h-48 overflow-auto rounded-md bg-amber-50 p-3 text-xs text-amber-900">
          {stderr}
        </pre>
      ) : null}

      {result?.error ? (
        <div data-testid="run-error" role="alert" className="space-y-1 rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-900">
          <p className="font-semibold">
            {result.error.type}
            {result.error.line ? <span data-testid="run-error-line"> (line {result.error.line})</span> : null}: {result.error.message}
          </p>
          {result.error.hint ? <p className="text-rose-800">{result.error.hint}</p> : null}
          {result.error.traceback ? <pre className="overflow-auto text-xs">{result.error.traceback}</pre> : null}
        </div>
      ) : null}

      {result?.figures.map((figure, index) => (
        // biome-ignore lint/performance/noImgElement: a data: URL of a PNG the kernel produced; next/image has nothing to optimise
        <img
          key={index}
          data-testid="run-figure"
          alt={`Figure ${index + 1}`}
          width={figure.width}
          height={figure.height}
          className="h-auto max-w-full rounded border border-slate-200 bg-white"
          src={`data:image/png;base64,${figure.pngBase64}`}
        />
      ))}
      {result && result.figuresDropped > 0 ? (
        <p className="text-xs text-slate-500">{result.figuresDropped} more figure(s) were not captured (limit reached).</p>
      ) : null}

      {result?.result ? (
        <div data-testid="run-result" id={anchorId ? `${anchorId}-result` : undefined}>
          <ResultValueView value={result.result} />
        </div>
      ) : null}
    </section>
  );
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}
