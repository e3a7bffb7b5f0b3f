/**
 * The classic misses, applied to programs the planner got right: the offline planner makes almost no wrong answers
 * any more, so the answer checks are measured on these instead. Each mutation is a small edit of the program's text
 * that reproduces a miss seen before issue 9 (a planner or an LLM making it looks the same):
 * - wrong N: "top 5" answered with 10 rows (head(10));
 * - wrong measure: a row count where the question asked for a mean, total or other measure of a column;
 * - dropped condition: the filter the question states ("older than 30", "for General Motors") removed.
 * A mutation that does not apply to a program returns null. Pure, so it is unit-tested without Python.
 */

export const MUTATION_KINDS = ['wrong-n', 'wrong-measure', 'dropped-condition'] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** "top 5" → head(10): every head(N) and [:N] of the ranking, with N the question's number. */
function wrongN({ code }: { code: string }): string | null {
  const head = /table = table\.head\((\d+)\)/.exec(code);
  if (!head?.[1]) return null;
  const n = head[1];
  const wrong = n === '10' ? '20' : '10';
  return code.replaceAll(`.head(${n})`, `.head(${wrong})`).replaceAll(`[:${n}]`, `[:${wrong}]`);
}

/** The lines from `start` through the first line matching `end`, replaced by `replacement`. */
function replaceBlock({ code, start, end, replacement }: { code: string; start: RegExp; end: RegExp; replacement: string[] }): string | null {
  const lines = code.split('\n');
  const from = lines.findIndex((line) => start.test(line));
  if (from < 0) return null;
  const to = lines.findIndex((line, index) => index >= from && end.test(line));
  if (to < 0) return null;
  return [...lines.slice(0, from), ...replacement, ...lines.slice(to + 1)].join('\n');
}

function wrongMeasure({ code }: { code: string }): string | null {
  // Group-by and ranking programs: the measure column's aggregate becomes the groups' row counts.
  if (/grouped\.agg\('(?:mean|sum|median|std|min|max)'\)/.test(code)) {
    return replaceBlock({
      code,
      start: /^value_column = /,
      end: /^table = table\[table\[measure_name\]\.notna\(\)\]$/,
      replacement: ["measure_name = 'rows'", 'table = df.groupby(keys).size().to_frame(measure_name)'],
    });
  }
  // Trends: rows per period instead of the measure per period.
  if (/groupby\(periods\)\.agg\('/.test(code)) {
    const counted = replaceBlock({
      code,
      start: /^value_column = /,
      end: /^series = /,
      replacement: ["measure_name = 'rows'", 'series = pd.Series(1, index=periods.index).groupby(periods).size()'],
    });
    return counted;
  }
  // One column's summary: the number of rows instead.
  if (/^summary = valid\.describe\(\)$/m.test(code)) {
    return replaceBlock({
      code,
      start: /^column = /,
      end: /^result = summary$/,
      replacement: ["print('Rows:', len(df))", 'result = len(df)'],
    });
  }
  return null;
}

function droppedCondition({ code }: { code: string }): string | null {
  if (/^condition_column = '/m.test(code)) {
    return replaceBlock({ code, start: /^condition_column = /, end: /^print\('Rows where'/, replacement: [] });
  }
  if (/^condition_value = /m.test(code)) {
    return replaceBlock({ code, start: /^condition_value = /, end: /^print\('Rows where'/, replacement: [] });
  }
  return null;
}

export function mutateProgram({ kind, code }: { kind: MutationKind; code: string }): string | null {
  const mutated = kind === 'wrong-n' ? wrongN({ code }) : kind === 'wrong-measure' ? wrongMeasure({ code }) : droppedCondition({ code });
  return mutated !== null && mutated !== code ? mutated : null;
}
