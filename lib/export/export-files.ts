import { decodeBase64 } from '@/lib/results/png';
import type { ExportSource } from './export-source';

/**
 * What each export function returns: one file the page offers as a download (there is no zip: each file is its own
 * download). `path` is where the file belongs relative to the others (figures under `figures/`, as the Markdown
 * report links them); `fileName` is the download name. Browser-safe, pure.
 */
export interface ExportFile {
  fileName: string;
  path: string;
  mimeType: string;
  content: string | Uint8Array;
}

/** An ASCII file-name stem from the title: "Sales by région, 2024" → "sales-by-region-2024". */
export function fileStem({ source }: { source: Pick<ExportSource, 'title'> }): string {
  const stem = source.title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return stem || 'analysis';
}

/** Each figure that has its bytes, as a PNG file (load URL-only figures first with withFigureData). */
export function exportFigures({ source }: { source: ExportSource }): ExportFile[] {
  return source.turns.flatMap((turn) =>
    [...(turn.final?.figures ?? []), ...(turn.final?.chartImage ? [turn.final.chartImage] : [])].flatMap((figure) => {
      const bytes = figure.pngBase64 ? decodeBase64({ text: figure.pngBase64 }) : null;
      if (!bytes) return [];
      const fileName = figure.path.slice(figure.path.lastIndexOf('/') + 1);
      return [{ fileName, path: figure.path, mimeType: 'image/png', content: bytes }];
    }),
  );
}
