/**
 * The plain values the kernel contract is built from: the caps of a run and the lists of run statuses and result
 * kinds. Zod-free and import-free, so the page's schemas (kernel-schema.ts), the worker's check of its Python half
 * (python-outcome.ts) and kernel-protocol.ts, which re-exports them, all build on the same lists without importing
 * each other in a circle or pulling zod's full build into the worker.
 */

/**
 * Why a run ended: `ok`; `python` (the code raised, or did not parse); `policy` (refused by the guardrail);
 * `timeout` (the run's own time limit); `interrupted` (a Stop pressed by the user); `crashed` (the kernel died or
 * broke its contract); `load` (a package its imports need could not be loaded). The page's schema (kernel-schema.ts
 * runStatusSchema) and the worker's check of its Python half (python-outcome.ts) are both built from this list.
 */
export const RUN_STATUSES = ['ok', 'python', 'policy', 'timeout', 'interrupted', 'crashed', 'load'] as const;

/** The kinds of a run's `result` value (kernel-schema.ts resultValueBranches). */
export const RESULT_KINDS = ['table', 'scalar', 'json', 'repr', 'chart'] as const;

export interface KernelLimits {
  /** Characters kept of stdout and of stderr each; the rest is cut with a visible marker. Default 100_000. */
  maxStreamChars: number;
  /** Figures captured per run; later ones are counted in `figuresDropped`. Default 10. */
  maxFigures: number;
  /** Pixels (width × height) per figure; larger figures are saved at a lower dpi. Default 4_000_000. */
  maxFigurePixels: number;
  /** Rows of a DataFrame/Series result sent to the page. Default 200. */
  maxTableRows: number;
  /** Columns of a DataFrame result sent to the page. Default 50. */
  maxTableColumns: number;
  /** Characters of one table cell or scalar string. Default 500. */
  maxCellChars: number;
  /** Characters of a repr or of serialised JSON for dict/list results. Default 20_000. */
  maxReprChars: number;
}

export const DEFAULT_KERNEL_LIMITS: KernelLimits = {
  maxStreamChars: 100_000,
  maxFigures: 10,
  maxFigurePixels: 4_000_000,
  maxTableRows: 200,
  maxTableColumns: 50,
  maxCellChars: 500,
  maxReprChars: 20_000,
};
