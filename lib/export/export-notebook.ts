import type { SavedResult } from '@/lib/share/analysis-record';
import { fileStem, type ExportFile } from './export-files';
import { checkVegaLiteSpec, type JsonObject } from '@/lib/kernel/vega-spec';
import type { ExportAttempt, ExportFigure, ExportSource, ExportTurn } from './export-source';
import { escapeMarkdownInline, escapeMarkdownText } from '@/lib/text/markdown';
import { neutralizeMarkdown } from '@/lib/text/markdown-answer';
import { judgementMarkdown } from './judgement-markdown';
import { numberCheckMarkdown } from './number-check-markdown';
import { planBindings } from './export-bindings';
import { rewriteDataPaths } from './data-paths';
import { describeDataset, loaderSource } from './python-loader';
import { resultAsHtml, resultAsText } from './result-text';

/**
 * The `.ipynb` export: nbformat 4.5 (cell ids), kernel python3. A title cell, a data-loading cell, then per question
 * a markdown cell with the question, a code cell with the final code and the outputs the browser saw (stdout and
 * stderr streams, the result as text/plain + text/html, figures as image/png, the error), and the answer.
 * Browser-safe, pure.
 */

type MultilineText = string[];

type NotebookOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: MultilineText }
  | { output_type: 'execute_result'; execution_count: number; data: Record<string, MultilineText | string | JsonObject>; metadata: Record<string, never> }
  | { output_type: 'display_data'; data: Record<string, MultilineText | string>; metadata: Record<string, { width: number; height: number }> }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

type NotebookCell =
  | { cell_type: 'markdown'; id: string; metadata: Record<string, never>; source: MultilineText }
  | { cell_type: 'code'; id: string; metadata: Record<string, never>; execution_count: number | null; source: MultilineText; outputs: NotebookOutput[] };

export interface Notebook {
  nbformat: 4;
  nbformat_minor: 5;
  metadata: {
    kernelspec: { name: 'python3'; display_name: string; language: 'python' };
    language_info: { name: 'python'; version?: string };
    ask_your_data?: { title: string; created_at: string; url?: string; pyodide: string; packages: string[] };
  };
  cells: NotebookCell[];
}

/** Jupyter's convention: a list of lines, each but the last ending in "\n". */
function lines(text: string): MultilineText {
  const normalized = text.replace(/\r\n?/g, '\n');
  if (normalized === '') return [];
  return normalized.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function markdown({ id, text }: { id: string; text: string }): NotebookCell {
  return { cell_type: 'markdown', id, metadata: {}, source: lines(text) };
}

/**
 * A chart as Jupyter shows Altair's: the Vega-Lite mime bundle (JupyterLab draws it) with its PNG beside it (for
 * viewers that cannot, e.g. GitHub), both in one output so a viewer shows one of them. The spec goes in only when the
 * chart gate accepts it: a notebook viewer would load its URLs.
 */
function chartOutput({
  result,
  image,
  count,
}: {
  result: Extract<SavedResult, { kind: 'chart' }>;
  image: ExportFigure | undefined;
  count: number;
}): NotebookOutput {
  const checked = checkVegaLiteSpec(result.spec);
  return {
    output_type: 'execute_result',
    execution_count: count,
    data: {
      ...(checked.ok ? { [result.mime]: checked.spec } : {}),
      ...(image?.pngBase64 ? { 'image/png': image.pngBase64 } : {}),
      'text/plain': lines(resultAsText({ result })),
    },
    metadata: {},
  };
}

function resultOutput({ result, count, chartImage }: { result: SavedResult; count: number; chartImage?: ExportFigure }): NotebookOutput {
  if (result.kind === 'chart') return chartOutput({ result, image: chartImage, count });
  const html = resultAsHtml({ result });
  return {
    output_type: 'execute_result',
    execution_count: count,
    data: { 'text/plain': lines(resultAsText({ result })), ...(html ? { 'text/html': lines(html) } : {}) },
    metadata: {},
  };
}

function outputsOf({ attempt, count }: { attempt: ExportAttempt; count: number }): NotebookOutput[] {
  const outputs: NotebookOutput[] = [];
  if (attempt.stdout) outputs.push({ output_type: 'stream', name: 'stdout', text: lines(attempt.stdout) });
  if (attempt.stderr) outputs.push({ output_type: 'stream', name: 'stderr', text: lines(attempt.stderr) });
  for (const figure of attempt.figures) {
    const label = `<Figure size ${figure.width}x${figure.height}>`;
    outputs.push(
      figure.pngBase64
        ? {
            output_type: 'display_data',
            data: { 'image/png': figure.pngBase64, 'text/plain': [label] },
            metadata: { 'image/png': { width: figure.width, height: figure.height } },
          }
        : // Not loaded (see withFigureData): say where the image is rather than dropping it silently.
          { output_type: 'display_data', data: { 'text/plain': [`${label} (${figure.path})`] }, metadata: {} },
    );
  }
  if (attempt.result && attempt.status === 'ok')
    outputs.push(resultOutput({ result: attempt.result, count, ...(attempt.chartImage ? { chartImage: attempt.chartImage } : {}) }));
  if (attempt.error) {
    const traceback = attempt.error.traceback ? lines(attempt.error.traceback).map((line) => line.replace(/\n$/, '')) : [];
    outputs.push({
      output_type: 'error',
      ename: attempt.error.type,
      evalue: attempt.error.message,
      traceback: traceback.length > 0 ? traceback : [`${attempt.error.type}: ${attempt.error.message}`],
    });
  }
  return outputs;
}

function turnCells({ turn, count, rebind, dataFolder }: { turn: ExportTurn; count: number; rebind: string[]; dataFolder: boolean }): NotebookCell[] {
  const attempts = turn.attemptCount > 1 ? ` (attempt ${turn.attemptCount} of ${turn.attemptCount})` : '';
  const cells: NotebookCell[] = [
    markdown({ id: `question-${turn.number}`, text: `## Question ${turn.number}${attempts}\n\n${escapeMarkdownText(turn.question)}` }),
  ];
  if (turn.final) {
    cells.push({
      cell_type: 'code',
      id: `code-${turn.number}`,
      metadata: {},
      execution_count: count,
      // Re-bindings first, in the same cell, so running the cells in order reads each question's own files.
      source: lines([...rebind, dataFolder ? rewriteDataPaths(turn.final.code) : turn.final.code].join('\n').replace(/\s+$/, '')),
      outputs: outputsOf({ attempt: turn.final, count }),
    });
  }
  if (turn.answer.trim()) {
    const judgement = judgementMarkdown({ checks: turn.checks, review: turn.review });
    const check = `${turn.numberCheck ? `\n\n${numberCheckMarkdown({ check: turn.numberCheck })}` : ''}${judgement ? `\n\n${judgement}` : ''}`;
    cells.push(markdown({ id: `answer-${turn.number}`, text: `**Answer**\n\n${neutralizeMarkdown(turn.answer)}${check}` }));
  }
  return cells;
}

export function buildNotebook({ source }: { source: ExportSource }): Notebook {
  const data = source.datasets.map((dataset) => `- ${escapeMarkdownInline(describeDataset(dataset))}`);
  const intro = [
    `# ${escapeMarkdownText(source.title)}`,
    '',
    `Generated by Ask your data from an analysis of ${source.createdAt}${source.url ? ` (<${encodeURI(source.url)}>)` : ''}. ` +
      `Computed in the browser with Pyodide ${escapeMarkdownInline(source.versions.pyodide)} (Python ${escapeMarkdownInline(source.versions.python)}); ` +
      'the outputs below are the ones it produced. Review the code before re-running it: it runs with your permissions.',
    ...(data.length > 0 ? ['', '**Data** (put the files in a `data` folder next to this notebook):', '', ...data] : []),
  ].join('\n');
  const plan = planBindings({ source });
  const loader = loaderSource({ files: source.datasets, bindings: plan.initial, dataDir: 'Path("data")', where: 'next to this notebook' });
  const cells: NotebookCell[] = [
    markdown({ id: 'title', text: intro }),
    { cell_type: 'code', id: 'load-data', metadata: {}, execution_count: null, source: lines(loader.replace(/\s+$/, '')), outputs: [] },
    ...source.turns.flatMap((turn, index) => turnCells({ turn, count: index + 1, rebind: plan.before[index] ?? [], dataFolder: source.datasets.length > 0 })),
  ];
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python', ...(source.versions.python ? { version: source.versions.python } : {}) },
      ask_your_data: {
        title: source.title,
        created_at: source.createdAt,
        ...(source.url ? { url: source.url } : {}),
        pyodide: source.versions.pyodide,
        packages: source.versions.packages,
      },
    },
    cells,
  };
}

export function exportNotebook({ source }: { source: ExportSource }): ExportFile {
  const fileName = `${fileStem({ source })}.ipynb`;
  return { fileName, path: fileName, mimeType: 'application/x-ipynb+json', content: `${JSON.stringify(buildNotebook({ source }), null, 1)}\n` };
}
