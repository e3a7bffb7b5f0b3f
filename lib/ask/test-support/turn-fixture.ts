import type { DatasetBrief } from '@/lib/ask/contracts';
import type { RunResult } from '@/workers/kernel-protocol';

/** What the model was shown of a three-row CSV named after its id, bound to `variable`; `patch` changes the rest. */
export function csvBrief({ id, variable, ...patch }: Pick<DatasetBrief, 'id' | 'variable'> & Partial<DatasetBrief>): DatasetBrief {
  return {
    id,
    variable,
    displayName: `${id}.csv`,
    fileName: `${id}.csv`,
    format: 'csv',
    rowEstimate: { value: 3, exact: true },
    columns: [],
    omittedColumns: 0,
    sampleRows: [],
    ...patch,
  };
}

/** A run that went well and returned the scalar 3, with `patch` (its stdout, figures, packages) on top. */
export function okRun(patch: Partial<RunResult> = {}): RunResult {
  return {
    status: 'ok',
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    figures: [],
    figuresDropped: 0,
    result: { kind: 'scalar', value: 3, pyType: 'int', truncated: false },
    error: null,
    timings: { validateMs: 1, loadPackagesMs: 0, executeMs: 1, totalMs: 2 },
    packagesLoaded: [],
    ...patch,
  };
}
