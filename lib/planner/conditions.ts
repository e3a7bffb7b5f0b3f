/**
 * Simple conditions in a question: "murder above 10", "older than 30" (a column named age), "for General Motors"
 * (a text column equal to a value, found at run time). Before this, the planner dropped them and answered for every
 * row. A condition is applied or the question is declined: never silently ignored. The condition's words (with the
 * population phrase before them, "among states with…") are cut from the text the intent is read from, so "average
 * poverty of states with murder above 10" is read as "average poverty", filtered.
 */
import { findMentions, type PlanColumn } from './match-columns';
import { KEYWORDS } from './question-words';
import { readYears, type YearCondition } from './year-condition';
import { shortText } from '@/lib/text/cut-text';

export type Operator = '>' | '>=' | '<' | '<=' | '==';

export type Condition =
  | { kind: 'compare'; column: PlanColumn; operator: Operator; value: number }
  /** Equality with a value of one of `candidates` (text columns); which one holds it is found at run time. */
  | { kind: 'equals'; candidates: PlanColumn[]; value: string }
  | YearCondition;

export type ConditionReading = { status: 'read'; conditions: Condition[]; rest: string } | { status: 'unusable'; message: string };

const OPERATORS: [Operator, string[]][] = [
  ['>=', ['greater than or equal to', 'at least', 'no less than', '>=']],
  ['<=', ['less than or equal to', 'at most', 'no more than', '<=']],
  ['>', ['more than', 'greater than', 'higher than', 'larger than', 'bigger than', 'over', 'above', 'exceeding', '>']],
  ['<', ['less than', 'lower than', 'smaller than', 'fewer than', 'below', 'under', '<']],
  ['==', ['equal to', 'equals', '=']],
];
const phrase = OPERATORS.flatMap(([, words]) => words)
  .sort((a, b) => b.length - a.length)
  .join('|');
const COMPARISON = new RegExp(`(?:\\b(?:is|are|was|were)\\s+)?(?<![\\p{L}\\p{N}])(${phrase})\\s*(-?\\d+(?:\\.\\d+)?)\\s*%?(?![\\p{L}\\p{N}.])`, 'giu');
const AGE = /\b(older|younger)\s+than\s+(\d+(?:\.\d+)?)\b/giu;
// What usually precedes a condition: the population ("among states", "for women") and a linking word ("with").
const POPULATION =
  /(?:\b(?:for|among|of|in)\s+(?:the\s+|all\s+)?(?:[\p{L}\p{N}_]+\s+){1,2})?(?:\b(?:with|whose|where|having|that have|who have|which have|that are|who are|aged?)\s+)?(?:the\s+|a\s+)?$/u;
const WORD = /[\p{L}\p{N}]+/gu;
const TRAILING_VALUE = /\b(?:only\s+for|for|among)\s+(?:the\s+)?([^?!.,;:]{1,60}?)\s*[?!.]*\s*$/iu;

function operatorOf(words: string): Operator {
  const lower = words.toLowerCase();
  return OPERATORS.find(([, list]) => list.includes(lower))?.[0] ?? '==';
}

/** Start offsets of the words of a lower-cased text, as splitWords numbers them. */
function wordStarts(text: string): number[] {
  return [...text.matchAll(WORD)].map((match) => match.index);
}

/** Offset just past the word at `index` of a lower-cased text. */
function endOfWord({ text, index }: { text: string; index: number }): number {
  const word = [...text.matchAll(WORD)][index];
  return word ? word.index + word[0].length : 0;
}

function cut({ text, start, end }: { text: string; start: number; end: number }): string {
  return `${text.slice(0, start)} ${text.slice(end)}`.replace(/\s+/g, ' ').trim();
}

/** "column op number" conditions, innermost first; each is cut from the text. */
function numericConditions({ text, columns }: { text: string; columns: PlanColumn[] }): ConditionReading {
  const conditions: Condition[] = [];
  let rest = text;
  for (;;) {
    const lower = rest.toLowerCase();
    const age = [...lower.matchAll(AGE)][0];
    const comparison = [...lower.matchAll(COMPARISON)][0];
    const match = age ?? comparison;
    if (!match) break;
    let followingEnd = -1;
    const before = lower.slice(0, match.index);
    let column: PlanColumn | undefined;
    let columnStart = match.index;
    if (match === age) {
      column = columns.find((candidate) => candidate.kind === 'numeric' && candidate.words.some((word) => word.stem === 'age'));
      if (!column) return { status: 'unusable', message: `The question has a condition ("${match[0]}") but the dataset has no age column to apply it to.` };
    } else {
      const count = wordStarts(before).length;
      const mention = findMentions({ question: before, columns })
        .filter((candidate) => candidate.column.kind === 'numeric' && Math.max(...candidate.questionWords) >= count - 2)
        .sort((a, b) => Math.max(...b.questionWords) - Math.max(...a.questionWords))[0];
      // "with more than 2 children": the column may follow the number instead.
      const after = lower.slice(match.index + match[0].length);
      const following = mention
        ? undefined
        : findMentions({ question: after, columns }).find((candidate) => candidate.column.kind === 'numeric' && Math.min(...candidate.questionWords) === 0);
      if (!mention && !following) {
        return {
          status: 'unusable',
          message: `The question has a condition ("${match[0].trim()}") that the offline planner cannot tie to a numeric column; name the column next to it (e.g. "<column> above 15").`,
        };
      }
      column = (mention ?? following)?.column;
      columnStart = mention ? (wordStarts(before)[Math.min(...mention.questionWords)] ?? match.index) : match.index;
      if (following) followingEnd = match.index + match[0].length + endOfWord({ text: after, index: Math.max(...following.questionWords) });
    }
    const operator = match === age ? (match[1] === 'older' ? '>' : '<') : operatorOf(match[1] ?? '');
    const value = Number(match[2]);
    const population = POPULATION.exec(lower.slice(0, columnStart));
    const start = columnStart - (population?.[0].length ?? 0);
    if (!column) break;
    conditions.push({ kind: 'compare', column, operator, value });
    rest = cut({ text: rest, start, end: Math.max(followingEnd, match.index + match[0].length) });
  }
  return { status: 'read', conditions, rest };
}

/** "… for General Motors" at the end of a question: equality with a text value. */
function valueCondition({ text, columns }: { text: string; columns: PlanColumn[] }): ConditionReading {
  const match = TRAILING_VALUE.exec(text);
  const value = match?.[1]?.trim();
  if (!match || !value) return { status: 'read', conditions: [], rest: text };
  const words = value.toLowerCase().match(WORD) ?? [];
  // "for each firm", "for all columns", "for North vs South" (a comparison's groups) are not conditions.
  const notAValue =
    words.length === 0 ||
    words.length > 4 ||
    words.some((word) => KEYWORDS.has(word) || ['columns', 'rows', 'next', 'last'].includes(word)) ||
    findMentions({ question: value, columns }).some((mention) => !mention.weak);
  if (notAValue || /^\d/.test(value)) return { status: 'read', conditions: [], rest: text };
  const candidates = columns.filter((column) => column.kind === 'categorical' || column.kind === 'boolean');
  if (candidates.length === 0) {
    return { status: 'unusable', message: `The question asks about "${shortText(value, 60)}" only, but the dataset has no text column to find that value in.` };
  }
  return { status: 'read', conditions: [{ kind: 'equals', candidates, value }], rest: cut({ text, start: match.index, end: text.length }) };
}

export function readConditions({ question, columns }: { question: string; columns: PlanColumn[] }): ConditionReading {
  const text = question.normalize('NFKC').replace(/\s+/g, ' ').trim();
  // Offsets are taken on the lower-cased text: only valid where lower-casing keeps the length (almost always).
  if (text.toLowerCase().length !== text.length) return { status: 'read', conditions: [], rest: text };
  const numeric = numericConditions({ text, columns });
  if (numeric.status === 'unusable') return numeric;
  const years = readYears({ text: numeric.rest, columns });
  if (years.status === 'unusable') return years;
  const value = valueCondition({ text: years.rest, columns });
  if (value.status === 'unusable') return value;
  return { status: 'read', conditions: [...numeric.conditions, ...years.conditions, ...value.conditions], rest: value.rest };
}
