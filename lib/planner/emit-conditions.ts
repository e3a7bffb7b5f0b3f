/**
 * The rows a question's conditions keep (conditions.ts), as Python inserted right after `df = dfN`, so every
 * analysis below runs on the filtered rows; and the plan sentence that says which rows those are. Column names and
 * the text value reach the code only as string literals; the number is a finite JavaScript number printed as such.
 */
import type { Condition } from './conditions';
import { parseDatesLines } from './emit-trend';
import { pythonString } from '@/lib/text/python-literal';
import { displayName } from './plan-text';
import { yearPhrase } from './year-condition';
import { shortText } from '@/lib/text/cut-text';

function conditionLines({ condition }: { condition: Condition }): string[] {
  if (condition.kind === 'compare') {
    return [
      `condition_column = ${pythonString(condition.column.name)}`,
      `df = df[pd.to_numeric(df[condition_column], errors='coerce') ${condition.operator} ${String(condition.value)}]`,
      `print('Rows where', condition_column, ${pythonString(`${condition.operator} ${String(condition.value)}:`)}, len(df))`,
    ];
  }
  if (condition.kind === 'year') {
    const test =
      condition.from !== null && condition.to !== null
        ? `dates.dt.year.between(${String(condition.from)}, ${String(condition.to)})`
        : condition.from !== null
          ? `dates.dt.year >= ${String(condition.from)}`
          : `dates.dt.year <= ${String(condition.to)}`;
    return [
      ...parseDatesLines({ column: condition.column }),
      // Rows whose date cannot be read (NaT) have no year and fail the test: the count printed below shows it.
      `df = df[${test}]`,
      `print('Rows where the year of', date_column, ${pythonString(`${yearPhrase(condition)}:`)}, len(df))`,
    ];
  }
  const names = `[${condition.candidates.map((column) => pythonString(column.name)).join(', ')}]`;
  return [
    `condition_value = ${pythonString(condition.value)}`,
    // Case and surrounding spaces do not matter ("ibm" finds "IBM"); the first text column holding the value wins.
    'def matches_value(column):',
    '    return df[column].astype(str).str.strip().str.casefold() == condition_value.casefold()',
    `condition_columns = [name for name in ${names} if matches_value(name).any()]`,
    'if not condition_columns:',
    `    raise LookupError('No row has the value ' + repr(condition_value) + ' in the text columns ' + ', '.join(${names}))`,
    'condition_column = condition_columns[0]',
    'df = df[matches_value(condition_column)]',
    "print('Rows where', condition_column, 'is', condition_value + ':', len(df))",
  ];
}

/** Inserts the filter after the program's `df = dfN` line; unchanged code when there is no condition. */
export function applyConditions({ code, variable, conditions }: { code: string; variable: string; conditions: Condition[] }): string {
  if (conditions.length === 0) return code;
  const frame = `df = ${variable}\n`;
  const at = code.indexOf(frame);
  if (at < 0) throw new Error('planner program without its frame line');
  const lines = conditions.flatMap((condition) => conditionLines({ condition }));
  return `${code.slice(0, at + frame.length)}${lines.join('\n')}\n${code.slice(at + frame.length)}`;
}

export function conditionNote({ conditions }: { conditions: Condition[] }): string {
  if (conditions.length === 0) return '';
  const parts = conditions.map((condition) =>
    condition.kind === 'compare'
      ? `${displayName(condition.column.name)} ${condition.operator} ${String(condition.value)}`
      : condition.kind === 'year'
        ? `the year of ${displayName(condition.column.name)} ${yearPhrase(condition)}`
        : `a text column (${condition.candidates
            .slice(0, 4)
            .map((column) => displayName(column.name))
            .join(', ')}) is "${shortText(condition.value, 60)}"`,
  );
  return ` Only the rows where ${parts.join(' and ')}.`;
}
