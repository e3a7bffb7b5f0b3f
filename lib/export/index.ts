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
  type ExportAttempt,
  type ExportDataset,
  type ExportFigure,
  type ExportSource,
  type ExportTurn,
} from './export-source';
export { exportFigures, fileStem, type ExportFile } from './export-files';
export { buildPythonScript, exportPython } from './export-python';
export { buildNotebook, exportNotebook, type Notebook } from './export-notebook';
export { buildMarkdownReport, exportMarkdown } from './export-markdown';
export { csvField, exportTables, tableToCsv } from './export-csv';
