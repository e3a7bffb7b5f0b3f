/**
 * What the offline planner says when it cannot plan: that it is the offline planner, what it understands, and
 * three questions it can answer about *this* data, built from the real column names so a click on one works.
 */
import type { PlanColumn } from './match-columns';
import { isPolicySafeText } from './python-string';
import { KEYWORDS, splitWords } from './question-words';

export const UNDERSTOOD_KINDS = [
  'an overview of the data',
  'missing values per column',
  'the distribution of a column',
  'correlations between numeric columns',
  'an aggregate by group ("average X by Y", "total X per Y", "count by Y")',
  'a ranking ("top 5 Y by X")',
  'a trend over time ("X by month", "X over time")',
  'a comparison of two groups ("compare X between A and B", Welch t-test)',
  'the Explore and Predict presets',
];

const IDENTIFIER = /^(id|.*[_\s.-]id|.*[a-z]Id)$/i;

/** Names that read well in a suggestion and that the matcher will find again when the suggestion is sent. */
function suggestable(column: PlanColumn): boolean {
  return (
    /^[\p{L}\p{N} _\-.()%/&]{1,40}$/u.test(column.name) &&
    isPolicySafeText(column.name) &&
    !IDENTIFIER.test(column.name) &&
    splitWords(column.name).some((word) => !KEYWORDS.has(word.text) && word.text.length >= 3)
  );
}

export function buildSuggestions({ columns }: { columns: PlanColumn[] }): string[] {
  const usable = columns.filter(suggestable);
  const numeric = usable.filter((column) => column.kind === 'numeric' && !column.dateLike);
  const text = usable.filter((column) => column.kind === 'categorical' && !column.dateLike);
  const hasDate = columns.some((column) => column.kind === 'datetime' || column.dateLike);
  const [n1, n2] = numeric;
  const [c1] = text;
  const candidates: (string | null)[] = [
    n1 && c1 ? `Average ${n1.name} by ${c1.name}` : null,
    hasDate ? (n1 ? `${n1.name} by month` : 'Rows per month') : null,
    c1 && (n2 ?? n1) ? `Top 5 ${c1.name} by ${(n2 ?? n1)?.name ?? ''}` : null,
    n1 ? `Distribution of ${n1.name}` : null,
    n1 && n2 ? 'Correlations between the numeric columns' : null,
    c1 ? `Distribution of ${c1.name}` : null,
    'Which columns have missing values?',
    'Give me an overview of the data',
  ];
  return [...new Set(candidates.filter((candidate): candidate is string => candidate !== null))].slice(0, 3);
}

export function noMatchMessage({ reason }: { reason: string | null }): string {
  const lead = reason ?? 'I could not match this question to an analysis I know how to write.';
  return `${lead} This is the offline planner (no LLM API key is configured): it writes pandas code for ${UNDERSTOOD_KINDS.join('; ')}. Name the columns you mean, or try one of the suggestions.`;
}
