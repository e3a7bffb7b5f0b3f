/**
 * Exports of an analysis, saved or not: build an ExportSource (from a saved record or the workspace's turns), load
 * figure bytes if needed, then call the exporter for each file the page offers. Browser-safe, pure.
 */
export {
  exportDatasetFromMeta,
  exportSourceFromRecord,
  exportSourceFromTurns,
  fetchFigureBase64,
  withFigureData,
  type ExportDataset,
  type ExportSource,
} from './export-source';
export { exportFigures, type ExportFile } from './export-files';
export { exportPython } from './export-python';
export { exportNotebook } from './export-notebook';
export { exportMarkdown } from './export-markdown';
export { exportTables } from './export-csv';
