'use client';

import { useCallback, useEffect, useState } from 'react';
import type { ProviderInfo } from '@/lib/ask/contracts';
import type { RunTurnDeps } from '@/lib/ask/client/run-turn';
import { bindBriefs } from '@/lib/kernel/client/kernel-bindings';
import { useCatalog } from '@/lib/files/client/use-catalog';
import { useKernel, type UseKernelOptions } from '@/lib/kernel/client/use-kernel';
import { AskPanel } from './ask/ask-panel';
import { CodeRunner } from './code-runner';
import { FilesPanel } from './files-panel';
import { KernelStatus } from './kernel-status';
import { ThemeToggle } from './theme-toggle';

export interface WorkspaceProps {
  kernelOptions: UseKernelOptions & { timeoutMs: number };
  /** Upload limit (MAX_UPLOAD_MB in bytes) and storage driver, from the server's configuration. */
  dataOptions: { maxUploadBytes: number; storageKind: 'local' | 's3'; sharedPrefixes: string[] };
  /** Which model answers (or the offline planner) and the repair cap, from the server's configuration. */
  askOptions: { provider: ProviderInfo; maxRepairAttempts: number; embedAllowedOrigins: string[] };
}

const STARTER_CODE = `import statistics

values = [3, 1, 4, 1, 5, 9, 2, 6]
print("mean", statistics.mean(values))
result = {"median": statistics.median(values), "stdev": round(statistics.stdev(values), 3)}
`;

/** The analyst's workspace. Python starts booting as soon as the page loads, while the analyst is still typing. */
export function Workspace({ kernelOptions, dataOptions, askOptions }: WorkspaceProps) {
  const kernel = useKernel(kernelOptions);
  const catalog = useCatalog();
  // Datasets pinned for the next question (the Ask flow reads these).
  const [pinnedIds, setPinnedIds] = useState<string[]>([]);
  const [editorCode, setEditorCode] = useState<{ code: string; version: number } | undefined>(undefined);
  const { mountFiles, getBindings } = kernel;

  // The benchmarks (bench/figures/kernel.mjs, file-to-kernel.mjs, packages.mjs) drive the client directly to time
  // round trips without React in the way.
  useEffect(() => {
    if (kernel.client && new URLSearchParams(window.location.search).has('bench')) {
      (window as unknown as { __kernelClient?: unknown }).__kernelClient = kernel.client;
    }
  }, [kernel.client]);

  const prepareData = useCallback<RunTurnDeps['prepareData']>(
    ({ briefs, signal, onProgress }) =>
      bindBriefs({
        briefs,
        kernel: { mountFiles, getBindings },
        signal,
        onProgress: ({ displayName, loaded: bytes, total }) => onProgress({ loaded: bytes, total, label: displayName }),
      }),
    [mountFiles, getBindings],
  );

  const ready = catalog.datasets;
  const presetDataset = ready.find((dataset) => dataset.id === pinnedIds[0]) ?? (ready.length === 1 ? ready[0] : undefined);

  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 p-4">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold">Ask your data</h1>
          <p className="text-sm text-slate-600">Python runs in this browser tab: your data never goes to a server to be computed.</p>
          <div className="mt-1 flex flex-wrap items-center gap-3">
            <a href="/analyses" data-testid="my-analyses-link" className="text-xs text-sky-700 hover:underline">
              My analyses
            </a>
            <ThemeToggle />
          </div>
        </div>
        <KernelStatus state={kernel.state} runProgress={kernel.output.progress} />
      </header>
      {/* grid-cols-1 is minmax(0, 1fr): a long file name must not widen the single column on a phone. */}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <section aria-label="Data" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <FilesPanel
            mountFiles={mountFiles}
            getBindings={getBindings}
            bindings={kernel.state.bindings}
            {...dataOptions}
            pinnedIds={pinnedIds}
            onPinnedIdsChange={setPinnedIds}
            catalog={catalog}
          />
        </section>
        <div className="flex flex-col gap-4">
          <section aria-label="Ask" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <AskPanel
              kernel={kernel}
              datasetIds={ready.map((dataset) => dataset.id)}
              pinnedIds={pinnedIds}
              presetColumns={presetDataset?.columns.map((column) => column.name) ?? []}
              prepareData={prepareData}
              provider={askOptions.provider}
              maxRepairAttempts={askOptions.maxRepairAttempts}
              onOpenInEditor={(code) => setEditorCode((previous) => ({ code, version: (previous?.version ?? 0) + 1 }))}
              catalog={ready}
              embedAllowedOrigins={askOptions.embedAllowedOrigins}
            />
          </section>
          <section aria-label="Code" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 className="mb-2 font-semibold">Python</h2>
            <CodeRunner
              kernel={kernel}
              initialCode={STARTER_CODE}
              defaultTimeoutSeconds={Math.round(kernelOptions.timeoutMs / 1000)}
              externalCode={editorCode}
            />
          </section>
        </div>
      </div>
    </main>
  );
}
