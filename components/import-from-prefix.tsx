'use client';

import { useState } from 'react';
import { readActionResult } from '@/lib/core/action-result';
import { importFromPrefix } from '@/lib/files/actions';
import { datasetActionResults, type DatasetSummary } from '@/lib/files/dataset-types';

interface ImportFromPrefixProps {
  storageKind: 'local' | 's3';
  /** SHARED_PREFIXES; empty: importing is off (the server refuses it too). */
  sharedPrefixes: string[];
  onImported: (datasets: DatasetSummary[]) => void;
}

interface Tally {
  imported: number;
  skipped: number;
  failed: Array<{ key: string; message: string }>;
}

/**
 * Registers files that reached storage some other way (a pipeline, the AWS CLI) under a shared prefix the operator
 * configured: they become read-only datasets every browser sees. Each call imports one listing page on the server;
 * this loops over the cursors so any number of objects is covered, reporting as it goes.
 */
export function ImportFromPrefix({ storageKind, sharedPrefixes, onImported }: ImportFromPrefixProps) {
  const [prefix, setPrefix] = useState(sharedPrefixes[0] ?? '');
  const [running, setRunning] = useState(false);
  const [tally, setTally] = useState<Tally | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setRunning(true);
    setError(null);
    const total: Tally = { imported: 0, skipped: 0, failed: [] };
    setTally(total);
    let cursor: string | undefined;
    try {
      do {
        const result = await importFromPrefix({ prefix, ...(cursor ? { cursor } : {}) });
        const page = readActionResult({ action: 'Importing', schema: datasetActionResults.importFromPrefix, result });
        if (!page.ok) throw new Error(page.message);
        total.imported += page.imported.length;
        total.skipped += page.skipped.length;
        total.failed.push(...page.failed);
        setTally({ ...total, failed: [...total.failed] });
        if (page.imported.length > 0) onImported(page.imported);
        cursor = page.nextCursor;
      } while (cursor);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setRunning(false);
    }
  };

  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-700">Import from {storageKind === 's3' ? 'bucket' : 'storage'} prefix</summary>
      {sharedPrefixes.length === 0 ? (
        <p data-testid="import-off" className="mt-2 text-xs text-slate-600">
          Importing is off: no shared prefixes are configured. An operator can share parts of the storage read-only with every user by setting SHARED_PREFIXES
          (for example <code>exports/</code>).
        </p>
      ) : (
        <>
          <form
            className="mt-2 flex gap-1"
            onSubmit={(event) => {
              event.preventDefault();
              if (!running) void run();
            }}
          >
            <input
              data-testid="import-prefix"
              aria-label="Prefix to import"
              placeholder={`e.g. ${sharedPrefixes[0] ?? 'exports/'}2024/`}
              value={prefix}
              onChange={(event) => setPrefix(event.target.value)}
              className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 font-mono text-xs"
            />
            <button
              type="submit"
              data-testid="import-run"
              disabled={running}
              className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50"
            >
              {running ? 'Importing…' : 'Import'}
            </button>
          </form>
          <p className="mt-1 text-xs text-slate-500">
            Shared prefixes:{' '}
            <span data-testid="import-shared-prefixes" className="font-mono">
              {sharedPrefixes.join(', ')}
            </span>
            . Files stay where they are; imported datasets are read-only and visible to everyone using this app.
          </p>
          {tally ? (
            <div data-testid="import-result" className="mt-1 text-xs text-slate-700" aria-live="polite">
              Imported {tally.imported}, skipped {tally.skipped} (already imported or not data files), failed {tally.failed.length}.
              {tally.failed.length > 0 ? (
                <ul className="list-disc pl-4 text-rose-700">
                  {tally.failed.slice(0, 20).map((entry) => (
                    <li key={entry.key}>{entry.message}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </>
      )}
      {error ? (
        <p role="alert" data-testid="import-error" className="mt-1 text-xs text-rose-700">
          {error}
        </p>
      ) : null}
    </details>
  );
}
