import { figureFileName, figureNameOfKey, figureUrl } from '@/lib/share/analysis-ids';
import type { ReviewOutcome } from '@/lib/answer/review-contract';
import type { CheckReport } from '@/lib/answer/check-report';
import type { SavedAttempt, SavedBindingOptions, SavedFigure, SavedResult } from '@/lib/share/analysis-record';
import type { SharedAnalysis } from '@/lib/share/analysis-types';
import { encodeBase64 } from '@/lib/results/png';
import { titleFor } from '@/lib/share/save-caps';
import { kernelFileName } from '@/lib/files/dataset-briefs';
import type { DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import { bindingOptions } from '@/lib/files/binding-options';
import { savedNumberCheck, turnBindings } from '@/lib/share/saved-bindings';
import { checkAnswerNumbers, type NumberCheck } from '@/lib/answer/number-check';
import type { TurnState } from '@/lib/ask/turn-state';
import type { ResultValue } from '@/workers/kernel-protocol';

/**
 * The one input of every export: what both a saved analysis (share page) and the workspace's unsaved turns can
 * produce. Each turn keeps only its final attempt (the one the answer is about). Figures carry a URL to load them
 * from (saved analyses) or their bytes as base64 (the workspace); `withFigureData` turns the first into the second.
 * Browser-safe, pure apart from the loader it is given.
 */

export interface ExportDataset {
  /** `df1`, `df2`, … */
  variable: string;
  /** The name people know the file by (the uploaded name). */
  displayName: string;
  /** The file name under /data in the kernel, and in the export's `data/` folder. */
  fileName: string;
  format: string;
  /** Bytes. */
  size: number;
  /** SHA-256 hex, when the catalog read the whole file. */
  contentHash?: string;
  /** How the kernel read it; absent: pandas defaults for the format. */
  options?: SavedBindingOptions;
}

export interface ExportFigure {
  /** Relative path in an export, `figures/<turn>-<attempt>-<n>.png` (the same name as in storage and the URL). */
  path: string;
  width: number;
  height: number;
  /** PNG bytes as base64; absent until loaded (then only the .ipynb shows a placeholder instead of the image). */
  pngBase64?: string;
  /** Where the browser can load it (saved analyses: the figure route). */
  url?: string;
}

export interface ExportAttempt {
  number: number;
  code: string;
  status: SavedAttempt['status'];
  stdout: string;
  stderr: string;
  error: SavedAttempt['error'];
  result: SavedResult | null;
  figures: ExportFigure[];
  /** A chart result drawn as PNG when it was saved (`figures/<turn>-<attempt>-chart.png`): what .md shows of it. */
  chartImage?: ExportFigure;
}

export interface ExportTurn {
  /** 1-based. */
  number: number;
  question: string;
  answer: string;
  /** How many attempts ran (the final one is `final`). */
  attemptCount: number;
  /** Null when no code ran for this question. */
  final: ExportAttempt | null;
  /**
   * The datasets bound when this question ran, with the variables they had then. Absent: the source's `datasets`
   * (an analysis saved before per-question bindings, or a question whose data was never mounted).
   */
  bindings?: ExportDataset[];
  /** The answer's number check (flags of numbers found in no output), shown with the answer. */
  numberCheck?: NumberCheck;
  /** The no-LLM answer checks and the reviewer's verdict, when they ran (shown with the answer). */
  checks?: CheckReport;
  review?: ReviewOutcome;
}

export interface ExportSource {
  title: string;
  /** ISO 8601: when the analysis was saved, or exported when unsaved. */
  createdAt: string;
  /** The share link, when there is one (absolute or app-relative). */
  url?: string;
  /** Every dataset the analysis used, once each (its `variable`: the first question's that bound it). */
  datasets: ExportDataset[];
  turns: ExportTurn[];
  versions: { pyodide: string; python: string; packages: string[] };
}

function savedFigure({ id, figure }: { id: string; figure: SavedFigure }): ExportFigure {
  return { path: `figures/${figureNameOfKey({ key: figure.key })}`, width: figure.width, height: figure.height, url: figureUrl({ id, key: figure.key }) };
}

/** A kernel result as the record keeps it: a chart has no saved PNG in the workspace. */
function exportResult(result: ResultValue | null): SavedResult | null {
  return result?.kind === 'chart' ? { ...result, png: null } : result;
}

/** A saved (shared) analysis as an export source; figures have URLs, not bytes (see withFigureData). */
export function exportSourceFromRecord({ record, url }: { record: SharedAnalysis; url?: string }): ExportSource {
  return {
    title: record.title,
    createdAt: record.createdAt,
    ...(url ? { url } : {}),
    datasets: record.datasets.map(({ id: _id, ...dataset }) => dataset),
    turns: record.turns.map((turn, index) => {
      const final = turn.attempts.at(-1);
      return {
        number: index + 1,
        question: turn.question,
        answer: turn.answer,
        attemptCount: turn.attempts.length,
        ...(turn.bindings ? { bindings: turnBindings({ datasets: record.datasets, turn }).map(({ id: _id, ...dataset }) => dataset) } : {}),
        numberCheck: savedNumberCheck({ turn }),
        ...(turn.checks ? { checks: turn.checks } : {}),
        ...(turn.review ? { review: turn.review } : {}),
        final: final
          ? {
              number: final.number,
              code: final.code,
              status: final.status,
              stdout: final.stdout,
              stderr: final.stderr,
              error: final.error,
              result: final.result,
              figures: final.figures.map((figure) => savedFigure({ id: record.id, figure })),
              ...(final.result?.kind === 'chart' && final.result.png ? { chartImage: savedFigure({ id: record.id, figure: final.result.png }) } : {}),
            }
          : null,
      };
    }),
    versions: record.versions,
  };
}

/** A catalog dataset as the workspace bound it (the same file name and reading options as the kernel). */
export function exportDatasetFromMeta({ meta, variable }: { meta: DatasetMeta; variable: string }): ExportDataset {
  return {
    variable,
    displayName: meta.displayName,
    fileName: kernelFileName({ meta }),
    format: meta.format,
    size: meta.size,
    ...(meta.contentHash ? { contentHash: meta.contentHash } : {}),
    options: bindingOptions({ meta }),
  };
}

/**
 * The workspace's turns (unsaved) as an export source. Attempts that never ran are skipped and figures are named by
 * position, exactly as saving names them, so an export before and after saving has the same file names.
 */
export function exportSourceFromTurns({
  turns,
  datasets,
  turnBindings: perTurn,
  versions,
  title,
  now = new Date(),
}: {
  turns: ReadonlyArray<Pick<TurnState, 'question' | 'answer' | 'attempts'> & Partial<Pick<TurnState, 'checks' | 'review'>>>;
  datasets: ExportDataset[];
  /** Per turn (parallel to `turns`), the datasets bound when it ran; absent: `datasets` for every turn. */
  turnBindings?: ReadonlyArray<ExportDataset[] | undefined>;
  versions: ExportSource['versions'];
  title?: string;
  now?: Date;
}): ExportSource {
  return {
    title: titleFor({ title, firstQuestion: turns[0]?.question ?? '' }),
    createdAt: now.toISOString(),
    datasets,
    turns: turns.map((turn, turnIndex) => {
      const ran = turn.attempts.filter((attempt) => attempt.result !== undefined);
      const final = ran.at(-1);
      const run = final?.result;
      const bindings = perTurn?.[turnIndex];
      return {
        number: turnIndex + 1,
        question: turn.question,
        answer: turn.answer,
        attemptCount: ran.length,
        ...(bindings ? { bindings } : {}),
        numberCheck: checkAnswerNumbers({ question: turn.question, answer: turn.answer, run: run ? { stdout: run.stdout, result: run.result } : null }),
        ...(turn.checks ? { checks: turn.checks } : {}),
        ...(turn.review ? { review: turn.review } : {}),
        final:
          final && run
            ? {
                number: final.number,
                code: final.code,
                status: run.status,
                stdout: run.stdout,
                stderr: run.stderr,
                error: run.error ? { type: run.error.type, message: run.error.message, line: run.error.line, traceback: run.error.traceback } : null,
                result: exportResult(run.result),
                figures: run.figures.map((figure, index) => ({
                  path: `figures/${figureFileName({ turn: turnIndex + 1, attempt: ran.length, index: index + 1 })}`,
                  width: figure.width,
                  height: figure.height,
                  pngBase64: figure.pngBase64,
                })),
              }
            : null,
      };
    }),
    versions,
  };
}

/** Every figure of the source with its bytes, loading those that only have a URL (e.g. with fetchFigureBase64). */
export async function withFigureData({ source, load }: { source: ExportSource; load: (figure: ExportFigure) => Promise<string> }): Promise<ExportSource> {
  const turns = await Promise.all(
    source.turns.map(async (turn) => {
      if (!turn.final) return turn;
      const withData = async (figure: ExportFigure) => (figure.pngBase64 ? figure : { ...figure, pngBase64: await load(figure) });
      const figures = await Promise.all(turn.final.figures.map(withData));
      const chartImage = turn.final.chartImage ? await withData(turn.final.chartImage) : undefined;
      return { ...turn, final: { ...turn.final, figures, ...(chartImage ? { chartImage } : {}) } };
    }),
  );
  return { ...source, turns };
}

/** The browser loader for withFigureData: GET the figure's URL (same origin, with cookies) as base64. */
export async function fetchFigureBase64(figure: ExportFigure): Promise<string> {
  if (!figure.url) throw new Error(`${figure.path} has neither bytes nor a URL to load them from`);
  const response = await fetch(figure.url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${figure.path} could not be loaded (HTTP ${response.status})`);
  return encodeBase64({ bytes: new Uint8Array(await response.arrayBuffer()) });
}
