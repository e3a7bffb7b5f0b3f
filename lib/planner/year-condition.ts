/**
 * Years in a question: "in 2008", "only for 2008", "since 1990", "before 1970", "between 1950 and 1960". Before
 * this, "average investment in 1950" was answered over every year: a dropped condition that looks like an answer.
 * A year is a condition on the dataset's date or year column (a datetime column, else a number or text column whose
 * name says it holds dates); a dataset without one declines the question rather than ignoring the year. A column
 * named after the year itself ("2005" in a World Bank-style table) is a column, not a condition.
 */
import type { PlanColumn } from './match-columns';

/** Inclusive bounds on the calendar year; null: open on that side. */
export interface YearCondition {
  kind: 'year';
  column: PlanColumn;
  from: number | null;
  to: number | null;
}

export type YearReading = { status: 'read'; conditions: YearCondition[]; rest: string } | { status: 'unusable'; message: string };

const YEAR = '(1[5-9]\\d\\d|20\\d\\d|21\\d\\d)';
// A year is a whole token: not "2008.5", "2008%", "2008th", "20085".
const END = '(?![\\p{L}\\p{N}%]|\\.\\d)';
const RANGE = new RegExp(`(?:\\bonly\\s+)?\\b(?:between|from)\\s+(?:the\\s+years?\\s+)?${YEAR}\\s*(?:and|to|until|through|-|–)\\s*${YEAR}${END}`, 'iu');
const SINGLE = new RegExp(`(?:\\bonly\\s+)?\\b(in|for|during|since|after|before|until|through|from)\\s+(?:the\\s+year\\s+|year\\s+)?${YEAR}${END}`, 'iu');

function bounds({ word, year }: { word: string; year: number }): { from: number | null; to: number | null } {
  switch (word.toLowerCase()) {
    case 'since':
    case 'from':
      return { from: year, to: null };
    case 'after':
      return { from: year + 1, to: null };
    case 'before':
      return { from: null, to: year - 1 };
    case 'until':
    case 'through':
      return { from: null, to: year };
    default:
      return { from: year, to: year };
  }
}

/** The column a year filters on: a real date column first, then one whose name says it holds dates or years. */
function yearColumn({ columns }: { columns: PlanColumn[] }): PlanColumn | undefined {
  return (
    columns.find((column) => column.kind === 'datetime') ??
    columns.find((column) => column.kind === 'numeric' && column.dateLike) ??
    columns.find((column) => column.kind === 'categorical' && column.dateLike)
  );
}

function namesAColumn({ years, columns }: { years: string[]; columns: PlanColumn[] }): boolean {
  return years.some((year) => columns.some((column) => column.words.some((word) => word.text === year)));
}

function cut({ text, start, end }: { text: string; start: number; end: number }): string {
  return `${text.slice(0, start)} ${text.slice(end)}`.replace(/\s+/g, ' ').trim();
}

export function readYears({ text, columns }: { text: string; columns: PlanColumn[] }): YearReading {
  const range = RANGE.exec(text);
  const single = range ? null : SINGLE.exec(text);
  const match = range ?? single;
  if (!match) return { status: 'read', conditions: [], rest: text };
  const years = range ? [match[1] ?? '', match[2] ?? ''] : [match[2] ?? ''];
  if (namesAColumn({ years, columns })) return { status: 'read', conditions: [], rest: text };
  const column = yearColumn({ columns });
  if (!column) {
    return { status: 'unusable', message: `The question asks about ${years.join('–')} only, but the dataset has no date or year column to filter on.` };
  }
  const first = Number(years[0]);
  const last = Number(years[1] ?? years[0]);
  const { from, to } = range ? { from: Math.min(first, last), to: Math.max(first, last) } : bounds({ word: match[1] ?? '', year: first });
  return { status: 'read', conditions: [{ kind: 'year', column, from, to }], rest: cut({ text, start: match.index, end: match.index + match[0].length }) };
}

/** "is 2008", "is 1990 or later", "is between 1950 and 1960". */
export function yearPhrase({ from, to }: { from: number | null; to: number | null }): string {
  if (from !== null && to !== null) return from === to ? `is ${String(from)}` : `is between ${String(from)} and ${String(to)}`;
  if (from !== null) return `is ${String(from)} or later`;
  return `is ${String(to)} or earlier`;
}
