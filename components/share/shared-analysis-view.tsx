'use client';

import { useMemo } from 'react';
import type { SharedAnalysis } from '@/lib/share/analysis-types';
import { exportSourceFromRecord } from '@/lib/export';
import type { UseKernelOptions } from '@/lib/kernel/client/use-kernel';
import { formatBytes } from '@/lib/files/sniff/sniff-errors';
import { ThemeToggle } from '../theme-toggle';
import { ExportButtons } from './export-buttons';
import { RerunPanel } from './rerun-panel';
import { SharedTurn } from './shared-turn';
import { ContinueInWorkspace } from './continue-in-workspace';

interface SharedAnalysisViewProps {
  record: SharedAnalysis;
  kernelOptions: UseKernelOptions;
  isOwner: boolean;
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
}

/** The share link's page: everything comes from the saved record, so it renders at once without Python. */
export function SharedAnalysisView({ record, kernelOptions, isOwner }: SharedAnalysisViewProps) {
  const source = useMemo(() => exportSourceFromRecord({ record, url: `/a/${record.id}` }), [record]);
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-4 p-4" data-testid="shared-analysis" data-analysis-id={record.id}>
      <header className="space-y-1">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-xs uppercase tracking-wide text-slate-500">Shared analysis · Ask your data</p>
          <ThemeToggle />
        </div>
        <h1 className="text-2xl font-semibold" data-testid="shared-title">
          {record.title}
        </h1>
        <p className="text-xs text-slate-600">
          Saved {formatDate(record.createdAt)} ·{' '}
          {record.expiresAt ? (
            <span data-testid="shared-expiry">link works until {formatDate(record.expiresAt)}</span>
          ) : (
            <span data-testid="shared-expiry">link does not expire</span>
          )}
          {isOwner ? (
            <>
              {' · '}
              <a href="/analyses" className="text-sky-700 underline">
                You saved this: manage it
              </a>
              {' · '}
              <ContinueInWorkspace analysisId={record.id} className="text-sky-700 underline" />
            </>
          ) : null}
        </p>
        <p className="text-xs text-slate-500">These are the outputs saved with the analysis; nothing runs until you choose to re-run it.</p>
      </header>

      {record.turns.map((turn, index) => (
        <SharedTurn key={index} analysisId={record.id} turn={turn} number={index + 1} numbered={record.turns.length > 1} />
      ))}

      <section aria-label="Data and versions" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm md:grid-cols-2">
        <div>
          <h2 className="mb-1 font-medium">Data</h2>
          {record.datasets.length === 0 ? (
            <p className="text-xs text-slate-500">This analysis used no data files.</p>
          ) : (
            <ul className="space-y-1 text-xs" data-testid="shared-datasets">
              {record.datasets.map((dataset) => (
                <li key={dataset.id}>
                  <code>{dataset.variable}</code> = <span className="font-medium">{dataset.displayName}</span> ({dataset.format.toUpperCase()},{' '}
                  {formatBytes({ bytes: dataset.size })}) — <code>/data/{dataset.fileName}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h2 className="mb-1 font-medium">Versions</h2>
          <p className="text-xs" data-testid="shared-versions">
            Python {record.versions.python} on Pyodide {record.versions.pyodide}
            {record.versions.packages.length > 0 ? ` · packages: ${record.versions.packages.join(', ')}` : ' · standard library only'}
          </p>
        </div>
      </section>

      <section aria-label="Export" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <ExportButtons source={source} />
      </section>

      <RerunPanel
        analysisId={record.id}
        turns={record.turns}
        datasetCount={record.datasets.length}
        allowRerun={record.allowRerun}
        kernelOptions={kernelOptions}
      />
    </main>
  );
}
