import type { DatasetBrief } from '@/lib/ask/contracts';
import { blankRunResult } from '@/lib/kernel/run-results';
import type { RunResult } from '@/workers/kernel-protocol';

/**
 * What the model was shown of a CSV: `name` (default `<id>.csv`) as its display and file name, `rows` rows exactly
 * (default 3), no columns or samples unless `patch` gives them.
 */
export function csvBrief({
  id,
  variable,
  name = `${id}.csv`,
  rows = 3,
  ...patch
}: Pick<DatasetBrief, 'id' | 'variable'> & Partial<DatasetBrief> & { name?: string; rows?: number }): DatasetBrief {
  return {
    id,
    variable,
    displayName: name,
    fileName: name,
    format: 'csv',
    rowEstimate: { value: rows, exact: true },
    columns: [],
    omittedColumns: 0,
    sampleRows: [],
    ...patch,
  };
}

/** The timings of a run the tests do not time. */
const TEST_TIMINGS: RunResult['timings'] = { validateMs: 1, loadPackagesMs: 0, executeMs: 1, totalMs: 2 };

/** A run that went well and returned the scalar 3, with `patch` (its stdout, result, figures, packages) on top. */
export function okRun(patch: Partial<RunResult> = {}): RunResult {
  return {
    ...blankRunResult({ status: 'ok', error: null, timings: TEST_TIMINGS }),
    result: { kind: 'scalar', value: 3, pyType: 'int', truncated: false },
    ...patch,
  };
}
