'use client';

import { useRef, useState, type DragEvent } from 'react';
import { formatBytes } from '@/lib/files/sniff/sniff-errors';
import { ACCEPT_ATTRIBUTE } from '@/lib/files/upload-rules';

interface FileDropZoneProps {
  onFiles: (files: File[]) => void;
  maxUploadBytes: number;
  /** Where the files will go, for the hint ('' = top level). */
  folder: string;
}

/** Drag-and-drop target and file picker in one; both hand the chosen files to `onFiles`. */
export function FileDropZone({ onFiles, maxUploadBytes, folder }: FileDropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) onFiles(files);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target only (mouse drag); the keyboard path is the file input inside it
    <div
      data-testid="file-drop-zone"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={`rounded-md border-2 border-dashed p-3 text-center text-sm ${over ? 'border-sky-500 bg-sky-50' : 'border-slate-300'}`}
    >
      <p>
        Drop data files here or{' '}
        <button type="button" onClick={() => input.current?.click()} className="font-medium text-sky-700 underline">
          choose files
        </button>
        {folder ? <> (into {folder})</> : null}
      </p>
      <p className="mt-1 text-xs text-slate-500">CSV, TSV, TXT, JSON, JSONL/NDJSON, Parquet or XLSX, up to {formatBytes({ bytes: maxUploadBytes })} each.</p>
      <input
        ref={input}
        data-testid="file-input"
        type="file"
        // Reached through the "choose files" button: a second, invisible tab stop would only confuse.
        tabIndex={-1}
        aria-label="Data files to upload"
        multiple
        accept={ACCEPT_ATTRIBUTE}
        className="sr-only"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          // Clearing lets the same file be picked again (a retry after fixing it on disk).
          event.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </div>
  );
}
