'use client';

import { useState } from 'react';
import type { ReadOptions } from '@/lib/files/sniff/read-options-schema';
import { formatBytes } from '@/lib/files/sniff/sniff-errors';
import type { DatasetSummary, LoadedDataset } from '@/lib/files/dataset-types';
import { useRovingFocus } from '@/lib/ui/client/use-roving-focus';
import { DatasetSchema } from './dataset-schema';
import { ReadCall } from './read-call';
import { ReadOptionsEditor } from './read-options-editor';

export type LoadState = { kind: 'loading'; percent: number } | { kind: 'error'; message: string };

interface DatasetRowProps {
  dataset: DatasetSummary;
  pinned: boolean;
  onTogglePin: () => void;
  loaded?: LoadedDataset;
  loadState?: LoadState;
  onLoad: () => void;
  /** Resolve with an error message to show, or null when done. */
  onRename: (displayName: string) => Promise<string | null>;
  onDelete: () => Promise<string | null>;
  /** Stores a correction of how the file is read (header row, skipped rows, delimiter, …); error message or null. */
  onCorrect: (readOptions: ReadOptions) => Promise<string | null>;
  notice?: string;
}

const button = 'rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50';

function rowsText({ dataset }: { dataset: DatasetSummary }): string {
  const { value, exact } = dataset.rowEstimate;
  return `${exact ? '' : '≈ '}${value.toLocaleString('en-US')} rows`;
}

/** Formats whose reading can be corrected: delimited text and workbooks (JSON and Parquet describe themselves). */
const CORRECTABLE = new Set(['csv', 'tsv', 'xlsx']);

/** One catalog entry: facts, schema preview, pin, load into Python, correct how it is read, rename, delete. */
export function DatasetRow({ dataset, pinned, onTogglePin, loaded, loadState, onLoad, onRename, onDelete, onCorrect, notice }: DatasetRowProps) {
  const [showSchema, setShowSchema] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const [draft, setDraft] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  // One tab stop for the row's buttons; arrow keys move between them.
  const toolbar = useRovingFocus<HTMLDivElement>();

  const act = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setActionError(null);
    const problem = await work();
    setBusy(false);
    setActionError(problem);
    return problem;
  };

  return (
    <li
      data-testid="file-row"
      data-status="ready"
      data-name={dataset.displayName}
      data-id={dataset.id}
      className="space-y-1 rounded-md border border-slate-200 p-2 text-sm"
    >
      <div ref={toolbar} role="toolbar" aria-label={`File ${dataset.displayName}`} className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            data-testid="file-pin"
            aria-pressed={pinned}
            onClick={onTogglePin}
            title={pinned ? 'Unpin' : 'Pin for the next question'}
            className={`${button} ${pinned ? 'border-sky-500 bg-sky-50 text-sky-700' : ''}`}
          >
            {pinned ? 'Pinned' : 'Pin'}
          </button>
          {draft === null ? (
            <button
              type="button"
              onClick={() => setShowSchema(!showSchema)}
              aria-expanded={showSchema}
              data-testid="file-schema-toggle"
              className="min-w-0 flex-1 truncate text-left font-medium hover:underline"
              dir="auto"
              title={dataset.displayName}
            >
              {dataset.displayName}
            </button>
          ) : (
            <form
              className="flex min-w-0 flex-1 gap-1"
              onSubmit={(event) => {
                event.preventDefault();
                void act(() => onRename(draft)).then((problem) => (problem ? undefined : setDraft(null)));
              }}
            >
              <input
                data-testid="file-rename-input"
                aria-label="New name"
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
                className="min-w-0 flex-1 rounded border border-slate-300 px-1"
                // biome-ignore lint/a11y/noAutofocus: the field appears because the analyst pressed Rename; focus follows that action
                autoFocus
              />
              <button type="submit" data-testid="file-rename-save" disabled={busy} className={button}>
                Save
              </button>
              <button type="button" onClick={() => setDraft(null)} className={button}>
                Cancel
              </button>
            </form>
          )}
          <span className="text-xs text-slate-500" data-testid="file-facts">
            {dataset.format.toUpperCase()} · {formatBytes({ bytes: dataset.size })} · <span data-testid="file-rows">{rowsText({ dataset })}</span>
            {dataset.folder ? ` · ${dataset.folder}` : ''}
          </span>
        </div>
        <div className="flex flex-wrap items-center gap-1">
          <button type="button" data-testid="file-load" onClick={onLoad} disabled={loadState?.kind === 'loading'} className={button}>
            {loaded ? 'Reload into Python' : 'Load into Python'}
          </button>
          {dataset.access === 'shared' ? (
            // Shared-prefix datasets are read-only for everyone (the server refuses rename and delete too).
            <span data-testid="file-shared" className="text-xs text-slate-500" title="From a shared prefix configured by the operator">
              Shared · read-only
            </span>
          ) : (
            <>
              <button type="button" data-testid="file-rename" onClick={() => setDraft(dataset.displayName)} disabled={draft !== null} className={button}>
                Rename
              </button>
              {CORRECTABLE.has(dataset.format) ? (
                <button
                  type="button"
                  data-testid="file-read-options"
                  aria-expanded={correcting}
                  onClick={() => setCorrecting(!correcting)}
                  className={button}
                  title="Header row, rows to skip, delimiter, separators, encoding, sheet"
                >
                  Read options{dataset.readOptions ? ' (corrected)' : ''}
                </button>
              ) : null}
              {confirming ? (
                <span className="flex items-center gap-1 text-xs text-rose-700" role="alertdialog" aria-label="Confirm delete">
                  Delete “{dataset.displayName}”{dataset.source === 'import' ? ' from the catalog (the bucket object stays)' : ''}?
                  <button
                    type="button"
                    data-testid="file-delete-confirm"
                    disabled={busy}
                    onClick={() => void act(onDelete).then(() => setConfirming(false))}
                    className={`${button} border-rose-400 text-rose-700`}
                  >
                    Delete
                  </button>
                  <button type="button" data-testid="file-delete-cancel" onClick={() => setConfirming(false)} className={button}>
                    Keep
                  </button>
                </span>
              ) : (
                <button type="button" data-testid="file-delete" onClick={() => setConfirming(true)} className={button}>
                  Delete
                </button>
              )}
            </>
          )}
          {loadState?.kind === 'loading' ? (
            <span className="text-xs text-slate-600" data-testid="file-load-progress" role="status">
              Downloading {loadState.percent}%
            </span>
          ) : null}
          {loaded && loadState?.kind !== 'loading' ? (
            <span className="text-xs text-emerald-700" data-testid="file-loaded" data-variable={loaded.variable} data-path={loaded.path}>
              In Python as <code className="font-mono">{loaded.variable}</code> · <code className="font-mono">{loaded.path}</code>
            </span>
          ) : null}
        </div>
      </div>
      {notice ? (
        <p data-testid="file-notice" className="text-xs text-amber-700">
          {notice}
        </p>
      ) : null}
      {loadState?.kind === 'error' ? (
        <p data-testid="file-load-error" role="alert" className="text-xs text-rose-700">
          {loadState.message}
        </p>
      ) : null}
      {actionError ? (
        <p data-testid="file-action-error" role="alert" className="text-xs text-rose-700">
          {actionError}
        </p>
      ) : null}
      {correcting ? <ReadOptionsEditor dataset={dataset} onSave={onCorrect} onClose={() => setCorrecting(false)} /> : null}
      {showSchema && !correcting ? (
        <>
          <DatasetSchema dataset={dataset} />
          <ReadCall dataset={dataset} testId="file-read-call" className="text-xs text-slate-500" />
        </>
      ) : null}
    </li>
  );
}
