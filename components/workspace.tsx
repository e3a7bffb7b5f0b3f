'use client';

import { useEffect, useState } from 'react';
import { useKernel, type UseKernelOptions } from '@/lib/kernel/use-kernel';
import { CodeRunner } from './code-runner';
import { FilesPanel } from './files-panel';
import { KernelStatus } from './kernel-status';

export interface WorkspaceProps {
  kernelOptions: UseKernelOptions & { timeoutMs: number };
  /** Upload limit (MAX_UPLOAD_MB in bytes) and storage driver, from the server's configuration. */
  dataOptions: { maxUploadBytes: number; storageKind: 'local' | 's3' };
}

const STARTER_CODE = `import statistics

values = [3, 1, 4, 1, 5, 9, 2, 6]
print("mean", statistics.mean(values))
result = {"median": statistics.median(values), "stdev": round(statistics.stdev(values), 3)}
`;

/** The analyst's workspace. Python starts booting as soon as the page loads, while the analyst is still typing. */
export function Workspace({ kernelOptions, dataOptions }: WorkspaceProps) {
  const kernel = useKernel(kernelOptions);
  // Datasets pinned for the next question (the Ask flow reads these).
  const [pinnedIds, setPinnedIds] = useState<string[]>([]);

  // The benchmark (bench/kernel.bench.mjs) drives the client directly to time round trips without React in the way.
  useEffect(() => {
    if (kernel.client && new URLSearchParams(window.location.search).has('bench')) {
      (window as unknown as { __kernelClient?: unknown }).__kernelClient = kernel.client;
    }
  }, [kernel.client]);

  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-4 p-4">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold">Ask your data</h1>
          <p className="text-sm text-slate-600">Python runs in this browser tab: your data never goes to a server to be computed.</p>
        </div>
        <KernelStatus state={kernel.state} runProgress={kernel.output.progress} />
      </header>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <section aria-label="Data" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <FilesPanel mountFiles={kernel.mountFiles} {...dataOptions} pinnedIds={pinnedIds} onPinnedIdsChange={setPinnedIds} />
        </section>
        <section aria-label="Code" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <CodeRunner kernel={kernel} initialCode={STARTER_CODE} defaultTimeoutSeconds={Math.round(kernelOptions.timeoutMs / 1000)} />
        </section>
      </div>
    </main>
  );
}
