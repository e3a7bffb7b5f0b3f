import type { RunError, RunResult, RunStatus } from '@/workers/kernel-protocol';
import { runStatusSchema } from '@/workers/kernel-schema';
import type { ClassifiedRunError, DatasetBrief, RunErrorKind } from './contracts';
import { pythonString } from '@/lib/text/python-literal';
import { closeColumnMatches, missingColumnNames } from '@/lib/files/column-match';
import { escapeRegExp } from '@/lib/text/regexp';

/**
 * Turns a failed run into a ClassifiedRunError: which kind of failure, plus a locally computed hint (for a missing
 * column: the closest real names and the list of real ones). Browser-safe: the page classifies before it decides
 * between a local fix and an LLM repair; the repair route classifies again from the same data.
 */

const MEMORY = /MemoryError|out of memory|Cannot allocate memory|memory access out of bounds|Array buffer allocation failed/i;
const MAX_LISTED_COLUMNS = 60;

export function classifyRunError({ result, datasets }: { result: RunResult; datasets: DatasetBrief[] }): ClassifiedRunError {
  const error: RunError = result.error ?? {
    type: result.status === 'ok' ? 'Error' : statusErrorType(result.status),
    message: result.stderr.trim().split('\n').at(-1) ?? '',
    line: null,
    traceback: result.stderr.slice(-8000),
  };
  return classifyFailure({ status: result.status, error, datasets });
}

/** Same, from the parts a repair request carries (status as a string). */
export function classifyFailure({ status: statusText, error, datasets }: { status: string; error: RunError; datasets: DatasetBrief[] }): ClassifiedRunError {
  const known = runStatusSchema.safeParse(statusText);
  const status: RunStatus = known.success ? known.data : 'python';
  const { kind, suggestion } = kindOf({ status, error, datasets });
  return { kind, status, error, ...(suggestion ? { suggestion } : {}) };
}

function statusErrorType(status: RunStatus): string {
  const types: Partial<Record<RunStatus, string>> = {
    policy: 'PolicyViolation',
    timeout: 'Timeout',
    interrupted: 'Interrupted',
    crashed: 'KernelCrashed',
    load: 'PackageLoadError',
  };
  return types[status] ?? 'Error';
}

function kindOf({ status, error, datasets }: { status: RunStatus; error: RunError; datasets: DatasetBrief[] }): {
  kind: RunErrorKind;
  suggestion?: string;
} {
  const type = error.type;
  if (status === 'policy' || type === 'PolicyViolation') {
    return { kind: 'policy', suggestion: error.hint ?? 'Rewrite the code without the refused import or call; the policy will not be relaxed.' };
  }
  if (status === 'timeout' || type === 'Timeout') {
    return { kind: 'timeout', suggestion: 'Make the code cheaper: vectorise instead of looping over rows, aggregate early, or sample the data.' };
  }
  if (MEMORY.test(type) || MEMORY.test(error.message)) {
    return { kind: 'memory', suggestion: 'Use fewer columns, aggregate early or sample; avoid cross joins and very wide pivots.' };
  }
  if (status === 'load' || type === 'PackageLoadError') return { kind: 'package_load', ...(error.hint ? { suggestion: error.hint } : {}) };
  if (/^(SyntaxError|IndentationError|TabError)$/.test(type)) return { kind: 'syntax' };
  const missing = missingColumnNames({ error });
  if (missing.length > 0) {
    const suggestion = missingColumnSuggestion({ missing: missing.map((entry) => entry.name), datasets });
    // An AttributeError is only a column problem when the attribute looks like one of the columns.
    if (missing.every((entry) => entry.source === 'attribute') && suggestion.closeCount === 0) return { kind: 'other' };
    return { kind: 'missing_column', suggestion: suggestion.text };
  }
  if (type === 'NameError' || type === 'UnboundLocalError') return { kind: 'name', suggestion: nameSuggestion({ error, datasets }) };
  if (type === 'TypeError') return { kind: 'type' };
  return { kind: 'other' };
}

function quoteList(names: string[]): string {
  const shown = names.slice(0, MAX_LISTED_COLUMNS).map((name) => JSON.stringify(name));
  const more = names.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` (+${more} more)` : ''}`;
}

function missingColumnSuggestion({ missing, datasets }: { missing: string[]; datasets: DatasetBrief[] }): {
  text: string;
  closeCount: number;
} {
  const parts: string[] = [];
  let closeCount = 0;
  for (const name of missing) {
    const exact = datasets.filter((brief) => brief.columns.some((column) => column.name === name));
    if (exact.length > 0) {
      parts.push(
        `Column ${JSON.stringify(name)} exists in ${exact.map((brief) => brief.variable).join(', ')} but not in the DataFrame the code indexed ` +
          '(it may have become the index after groupby/pivot: use reset_index(), or index the original DataFrame).',
      );
      continue;
    }
    const close = closeColumnMatches({ name, datasets, includeLoose: true });
    closeCount += close.filter((match) => !match.loose).length;
    const where = (match: (typeof close)[number]) => `${JSON.stringify(match.column)} (${match.variables.join(', ')})`;
    parts.push(
      close.length > 0
        ? `Column ${JSON.stringify(name)} does not exist. Did you mean ${close.slice(0, 3).map(where).join(' or ')}?`
        : `Column ${JSON.stringify(name)} does not exist.`,
    );
  }
  for (const brief of datasets) {
    const names = brief.columns.map((column) => column.name);
    const omitted = brief.omittedColumns > 0 ? ` (and ${brief.omittedColumns} columns not listed)` : '';
    parts.push(`Columns of ${brief.variable} (${brief.displayName}): ${quoteList(names)}${omitted}.`);
  }
  return { text: parts.join(' '), closeCount };
}

function nameSuggestion({ error, datasets }: { error: RunError; datasets: DatasetBrief[] }): string | undefined {
  const name = /name '([^']+)' is not defined/.exec(error.message)?.[1];
  if (!name) return undefined;
  if (/^df\d+$/.test(name)) {
    const loaded = datasets.map((brief) => `${brief.variable} = ${brief.displayName}`).join(', ');
    return `${name} does not exist: only ${datasets.length === 0 ? 'no datasets' : loaded} ${datasets.length === 1 ? 'is' : 'are'} loaded.`;
  }
  return `Define ${name} before using it (or import it, if it is a module from the allowed list).`;
}

/**
 * The local fix for a near-miss column name: when every missing name has exactly one close real column (case,
 * spacing or a typo or two away), substitute it in the code's string literals (and `dfN.attr` accesses). Returns
 * the fixed code, or null when there is nothing safe to do (no match, several matches, or the name is not in the
 * code as a literal). Zero LLM calls.
 */
export function fixNearMissColumn({ code, classified, datasets }: { code: string; classified: ClassifiedRunError; datasets: DatasetBrief[] }): string | null {
  if (classified.kind !== 'missing_column') return null;
  const missing = missingColumnNames({ error: classified.error });
  if (missing.length === 0) return null;
  let fixed = code;
  for (const { name } of missing) {
    if (datasets.some((brief) => brief.columns.some((column) => column.name === name))) return null;
    const close = closeColumnMatches({ name, datasets, includeLoose: false });
    if (close.length !== 1 || !close[0]) return null;
    const replacement = close[0].column;
    let changed = false;
    // The name as a complete string literal, spelled either way ('name' / "name"), not glued to a prefix or word.
    for (const quote of ["'", '"'] as const) {
      const literal = escapeRegExp(pythonString(name, { quote }));
      fixed = fixed.replace(new RegExp(`(?<![\\w'"\\\\])${literal}`, 'g'), () => {
        changed = true;
        return pythonString(replacement, { quote });
      });
    }
    if (/^[A-Za-z_]\w*$/.test(name)) {
      fixed = fixed.replace(new RegExp(`\\b(df\\d+)\\.${name}\\b(?!\\s*\\()`, 'g'), (_match, variable: string) => {
        changed = true;
        return `${variable}[${pythonString(replacement, { quote: '"' })}]`;
      });
    }
    if (!changed) return null;
  }
  return fixed === code ? null : fixed;
}
