'use client';

import { useState } from 'react';
import {
  exportFigures,
  exportMarkdown,
  exportNotebook,
  exportPython,
  exportTables,
  fetchFigureBase64,
  withFigureData,
  type ExportFile,
  type ExportSource,
} from '@/lib/export';
import { downloadBlob } from '@/lib/share/client/download-blob';

type Format = 'py' | 'ipynb' | 'md';

const FORMATS: Array<{ format: Format; label: string; build: (source: ExportSource) => ExportFile }> = [
  { format: 'py', label: 'Python script (.py)', build: (source) => exportPython({ source }) },
  { format: 'ipynb', label: 'Notebook (.ipynb)', build: (source) => exportNotebook({ source }) },
  { format: 'md', label: 'Report (.md)', build: (source) => exportMarkdown({ source }) },
];

function saveFile(file: ExportFile): void {
  // Copy into a fresh ArrayBuffer-backed view: Blob wants that, and the builder's bytes may be a view of a larger buffer.
  const content = typeof file.content === 'string' ? file.content : new Uint8Array(file.content);
  downloadBlob({ content, fileName: file.fileName, type: file.mimeType });
}

interface ExportButtonsProps {
  source: ExportSource;
  /**
   * Also offer every figure (PNG) and result table (CSV) as its own download. The share page has these next to each
   * figure and table instead.
   */
  withFileList?: boolean;
}

/**
 * .py / .ipynb / .md downloads built in the browser (lib/export) and saved through Blob URLs. The notebook embeds
 * its figures, so saved figures are fetched first; the script and report only reference them.
 */
export function ExportButtons({ source, withFileList = false }: ExportButtonsProps) {
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<string | null>(null);

  const download = async (format: Format) => {
    const entry = FORMATS.find((candidate) => candidate.format === format);
    if (!entry) return;
    setBusy(format);
    setError(null);
    try {
      const complete = format === 'ipynb' ? await withFigureData({ source, load: fetchFigureBase64 }) : source;
      saveFile(entry.build(complete));
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(null);
    }
  };

  const files = withFileList ? [...exportFigures({ source }), ...exportTables({ source })] : [];
  const button = 'rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50';
  return (
    <div className="space-y-2" data-testid="exports">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs text-slate-600">Export:</span>
        {FORMATS.map(({ format, label }) => (
          <button key={format} type="button" data-testid={`export-${format}`} disabled={busy !== null} onClick={() => void download(format)} className={button}>
            {busy === format ? 'Preparing…' : label}
          </button>
        ))}
      </div>
      {files.length > 0 ? (
        <ul className="flex flex-wrap gap-2 text-xs">
          {files.map((file) => (
            <li key={file.path}>
              <button
                type="button"
                data-testid={file.mimeType === 'image/png' ? 'export-figure' : 'export-csv'}
                onClick={() => saveFile(file)}
                className="text-sky-700 hover:underline"
              >
                {file.fileName}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-rose-700">
          The export failed: {error}
        </p>
      ) : null}
    </div>
  );
}
