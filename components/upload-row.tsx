'use client';

import { formatBytes } from '@/lib/files/sniff/sniff-errors';
import type { UploadEntry } from '@/lib/files/client/use-uploads';

interface UploadRowProps {
  entry: UploadEntry;
  onCancel: () => void;
  onRetry: () => void;
  onDismiss: () => void;
  /** Upload a file flagged as a duplicate anyway. */
  onConfirm: () => void;
}

const PHASE_TEXT = { waiting: 'Starting…', uploading: 'Uploading', registering: 'Reading the file’s head…' } as const;

/** A file on its way into the catalog: progress and Cancel while uploading, its own error and Retry when it failed. */
export function UploadRow({ entry, onCancel, onRetry, onDismiss, onConfirm }: UploadRowProps) {
  const percent = entry.size > 0 ? Math.round((entry.loaded / entry.size) * 100) : 0;
  return (
    <li data-testid="file-row" data-status={entry.status} data-name={entry.name} className="space-y-1 rounded-md border border-slate-200 p-2 text-sm">
      <div className="flex items-center gap-2">
        <span className="min-w-0 flex-1 truncate font-medium" dir="auto" title={entry.name}>
          {entry.name}
        </span>
        <span className="text-xs text-slate-500">{formatBytes({ bytes: entry.size })}</span>
        {entry.status === 'uploading' && entry.phase !== 'registering' ? (
          <button type="button" data-testid="file-cancel" onClick={onCancel} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
            Cancel
          </button>
        ) : null}
        {entry.status === 'error' && entry.error?.retryable ? (
          <button type="button" data-testid="file-retry" onClick={onRetry} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
            Retry
          </button>
        ) : null}
        {entry.status === 'duplicate' ? (
          <button
            type="button"
            data-testid="file-upload-anyway"
            onClick={onConfirm}
            className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
          >
            Upload a copy
          </button>
        ) : null}
        {entry.status === 'error' || entry.status === 'duplicate' ? (
          <button
            type="button"
            data-testid="file-dismiss"
            onClick={onDismiss}
            className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
          >
            {entry.status === 'duplicate' ? 'Skip' : 'Dismiss'}
          </button>
        ) : null}
      </div>
      {entry.status === 'uploading' ? (
        <div className="flex items-center gap-2 text-xs text-slate-600">
          <div
            data-testid="file-progress"
            role="progressbar"
            aria-label={`Uploading ${entry.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-1.5 flex-1 overflow-hidden rounded bg-slate-200"
          >
            <div className="h-full bg-sky-500 transition-all" style={{ width: `${percent}%` }} />
          </div>
          <span>
            {PHASE_TEXT[entry.phase]}
            {entry.phase === 'uploading' ? ` ${percent}%` : ''}
          </span>
        </div>
      ) : entry.status === 'duplicate' ? (
        <p data-testid="file-duplicate" role="status" className="text-xs text-amber-900">
          Already in your files: <span dir="auto">{entry.duplicateOf?.displayName}</span> has the same name and size. Skip it, or upload a second copy.
        </p>
      ) : (
        <p data-testid="file-error" role="alert" className="text-xs text-rose-700">
          {entry.error?.message}
        </p>
      )}
    </li>
  );
}
