/**
 * What a question promises about its answer, read without an LLM: how many rows ("top 5"), one row per group
 * ("by region"), a count ("how many"), the columns it names, the conditions it states ("older than 30", "in 2008",
 * "for General Motors"), the measure ("average", "total") and whether it asks for a percentage. Deliberately
 * independent of the offline planner's own reading (lib/planner), so the checks also catch the planner's
 * misreadings; only the column matcher (lib/files/column-match.ts) and the tokenizer are shared. Browser-safe, pure.
 */
import { closeColumnMatches } from '@/lib/files/column-match';
import type { DatasetBrief } from '@/lib/files/dataset-briefs';
import { KEYWORDS, NUMBER_WORDS, splitWords, type Word } from '@/lib/planner/question-words';

const NUMERIC_TYPES = new Set(['number', 'integer', 'float', 'int', 'boolean']);

export type Measure = 'mean' | 'median' | 'sum' | 'std' | 'quantile' | 'correlation';

/** A column the question names: any of `columns` (several when the words fit more than one) must be in the code. */
export interface NamedColumn {
  words: string;
  columns: string[];
  /**
   * The plural of a text column ("states" for `state`): usually the population ("of states with murder above 10"),
   * which the code need not name, so no check requires it.
   */
  population?: boolean;
}

export interface QuestionReading {
  /** Rows the result must have ("top 5", "which 3 states", "which firm has the highest" = 1). */
  rowCount: number | null;
  /** The grouping column(s) of "by X" / "per X" / "for each X" (one row per group). */
  groupBy: NamedColumn[];
  /** "how many …" without a grouping: the answer is one number. */
  howMany: boolean;
  columns: NamedColumn[];
  /** Numbers of stated conditions ("above 15", "older than 30", "in 2008"), as written. */
  conditionNumbers: { text: string; value: string }[];
  /** Text values the question restricts to ("for General Motors", "between IBM and Westinghouse"). */
  conditionValues: string[];
  measure: Measure | null;
  percent: boolean;
}

const NUMBER = String.raw`(\d+|${[...NUMBER_WORDS.keys()].join('|')})`;
const RANK_WORDS = 'highest|lowest|most|least|largest|smallest|biggest|best|worst|top|bottom|greatest|fewest';
const ROW_COUNT_PATTERNS = [
  new RegExp(String.raw`\b(?:top|bottom|first)\s+${NUMBER}\b(?!\s*(?:%|percent|th\b|st\b|nd\b|rd\b))`, 'i'),
  new RegExp(String.raw`\bwhich\s+${NUMBER}\s+[\p{L}_]+`, 'iu'),
  new RegExp(String.raw`\b${NUMBER}\s+[\p{L}_]+\s+(?:with|by|having|that have|who have|which have|have|has)\s+the\s+(?:${RANK_WORDS})\b`, 'iu'),
  new RegExp(String.raw`\bthe\s+${NUMBER}\s+(?:${RANK_WORDS})\b`, 'i'),
];
const SINGLE_WINNER = new RegExp(String.raw`\bwhich\s+[\p{L}_]+\s+(?:has|had|is|was|shows|got)\s+the\s+(?:${RANK_WORDS})\b`, 'iu');
const COMPARISON =
  /\b(?:above|over|more than|greater than|higher than|larger than|bigger than|exceeding|at least|at most|no more than|no less than|below|under|less than|fewer than|lower than|smaller than|older than|younger than|after|before|since|until)\s+(-?\d+(?:\.\d+)?)(?!\s*(?:th|st|nd|rd)\b)|(?:>=|<=|>|<|==)\s*(-?\d+(?:\.\d+)?)/giu;
const YEAR = /\b(?:in|during|for|of)\s+((?:1[6-9]|20)\d\d)\b(?!\s*(?:th|st|nd|rd))/giu;
const VALUE_PREPOSITION = /\b(?:for|among|between|and|vs|versus|in|from|of|at|to)\s+((?:[A-Z][\p{L}\p{N}&.'-]*)(?:\s+[A-Z][\p{L}\p{N}&.'-]*){0,3})/gu;
const GROUPING = /\b(?:by|per|for each|for every|in each|across|within each|broken down by|grouped by)\s+(?:each\s+|every\s+|the\s+)?/giu;

const MEASURES: [Measure, RegExp][] = [
  ['quantile', /\b(?:\d+(?:st|nd|rd|th)\s+percentile|percentiles?|quantiles?|quartiles?)\b/i],
  ['correlation', /\b(?:correlat\w*|relationship|related)\b/i],
  ['median', /\bmedian\b/i],
  ['std', /\b(?:standard deviation|std|variance|variability|spread)\b/i],
  ['mean', /\b(?:average|avg|mean|typical)\b/i],
  ['sum', /\b(?:total|sum|cumulative)\b/i],
];

function numberOf(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : (NUMBER_WORDS.get(text.toLowerCase()) ?? Number.NaN);
}

function readRowCount(question: string): number | null {
  for (const pattern of ROW_COUNT_PATTERNS) {
    const match = pattern.exec(question);
    const value = match?.[1] ? numberOf(match[1]) : Number.NaN;
    if (Number.isInteger(value) && value > 0) return value;
  }
  return SINGLE_WINNER.test(question) ? 1 : null;
}

function readMeasure(question: string): Measure | null {
  const counting = /\b(?:how many|number of|count)\b/i.test(question);
  for (const [measure, pattern] of MEASURES) {
    // "the total number of rows" and "how many in total" are counts, not sums.
    if (measure === 'sum' && counting) continue;
    if (pattern.test(question)) return measure;
  }
  return null;
}

interface Mention extends NamedColumn {
  /** Word indexes the mention covers. */
  at: number[];
}

/** Columns a phrase names: exact but for case/spacing, a near-miss spelling, or a column the phrase starts with ("investment" → invest). */
function columnsFor({ phrase, datasets, single }: { phrase: string; datasets: DatasetBrief[]; single: boolean }): string[] {
  const normal = phrase.toLowerCase().replace(/[\s_\-.]+/g, '');
  const matches = closeColumnMatches({ name: phrase, datasets, includeLoose: true });
  const exact = matches.filter((match) => match.score <= 0.5).map((match) => match.column);
  if (exact.length > 0) return exact;
  if (single && normal.length >= 4) {
    // A misspelling keeps its first letter ("rate" must not name a `date` column).
    const near = matches.filter((match) => !match.loose && match.column.toLowerCase()[0] === normal[0]).map((match) => match.column);
    if (near.length > 0) return near;
  }
  // "investment" names `invest`, "unemployment" `unemp`, "food expenditure" `foodexp`: the column is the phrase's start.
  return matches
    .filter((match) => match.loose)
    .filter((match) => {
      const column = match.column.toLowerCase().replace(/[\s_\-.]+/g, '');
      return column.length >= 4 && normal.startsWith(column);
    })
    .map((match) => match.column);
}

function readMentions({ words, datasets }: { words: Word[]; datasets: DatasetBrief[] }): Mention[] {
  const mentions: Mention[] = [];
  const taken = new Set<number>();
  const usable = (word: Word | undefined) => word !== undefined && !KEYWORDS.has(word.text) && !/^\d+$/.test(word.text) && !NUMBER_WORDS.has(word.text);
  // Two-word phrases first ("petal length" → petal_length, "real GDP" → realgdp), then single words.
  for (let index = 0; index + 1 < words.length; index += 1) {
    const [left, right] = [words[index], words[index + 1]];
    if (!left || !right || !usable(left) || !usable(right)) continue;
    const columns = columnsFor({ phrase: `${left.text} ${right.text}`, datasets, single: false });
    if (columns.length === 0) continue;
    mentions.push({ words: `${left.text} ${right.text}`, columns, at: [index, index + 1] });
    taken.add(index).add(index + 1);
  }
  for (const word of words) {
    if (taken.has(word.index) || !usable(word) || word.text.length < 3) continue;
    const columns = [
      ...new Set([
        ...columnsFor({ phrase: word.text, datasets, single: true }),
        ...(word.stem !== word.text ? columnsFor({ phrase: word.stem, datasets, single: true }) : []),
      ]),
    ];
    if (columns.length === 0) continue;
    const textColumns = columns.every((name) =>
      datasets.some((brief) => brief.columns.some((column) => column.name === name && !NUMERIC_TYPES.has(column.type))),
    );
    const plural = word.stem !== word.text && columns.some((name) => name.toLowerCase() === word.stem);
    mentions.push({ words: word.text, columns, at: [word.index], ...(textColumns && plural ? { population: true } : {}) });
  }
  return mentions.sort((a, b) => (a.at[0] ?? 0) - (b.at[0] ?? 0));
}

function readGroups({ question, words, mentions }: { question: string; words: Word[]; mentions: Mention[] }): NamedColumn[] {
  const groups: NamedColumn[] = [];
  for (const match of question.matchAll(GROUPING)) {
    // The word right after "by …": its index among the question's words.
    const wordIndex = splitWords(question.slice(0, match.index + match[0].length)).length;
    const mention = mentions.find((candidate) => candidate.at[0] === wordIndex);
    if (mention && words[wordIndex]) groups.push({ words: mention.words, columns: mention.columns });
  }
  return groups;
}

// Calendar words are usually filtered as numbers (month == 1), and a title-cased "The" is not part of the value.
const CALENDAR =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|q[1-4])$/i;

function readConditionValues({ question, mentions }: { question: string; mentions: Mention[] }): string[] {
  const named = new Set(mentions.flatMap((mention) => mention.words.split(' ')));
  const values: string[] = [];
  for (const match of question.matchAll(VALUE_PREPOSITION)) {
    const value = match[1]
      ?.trim()
      .replace(/[?.!,;:]+$/, '')
      .replace(/^(?:The|A|An)\s+/, '');
    if (!value || value === 'I' || /^(?:The|A|An)$/.test(value) || CALENDAR.test(value)) continue;
    // A column written in capitals ("and GNP") is a column, not a value.
    if (splitWords(value).every((word) => named.has(word.text) || KEYWORDS.has(word.text))) continue;
    values.push(value);
  }
  return values;
}

export function readQuestion({ question, datasets }: { question: string; datasets: DatasetBrief[] }): QuestionReading {
  const text = question.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const words = splitWords(text);
  const mentions = readMentions({ words, datasets });
  const groupBy = readGroups({ question: text, words, mentions });
  const conditionNumbers = [
    ...[...text.matchAll(COMPARISON)].map((match) => ({ text: match[0].trim(), value: match[1] ?? match[2] ?? '' })),
    ...[...text.matchAll(YEAR)].map((match) => ({ text: match[0].trim(), value: match[1] ?? '' })),
  ].filter((condition) => condition.value !== '');
  return {
    rowCount: readRowCount(text),
    groupBy,
    howMany: /\bhow many\b/i.test(text) && groupBy.length === 0 && !/\b(?:which|what)\b/i.test(text.replace(/\bhow many\b.*$/i, '')),
    columns: mentions.map(({ at: _at, ...named }) => named),
    conditionNumbers,
    conditionValues: readConditionValues({ question: text, mentions }),
    measure: readMeasure(text),
    percent: /\b(?:percent|percentage|pct)\b|%/i.test(text),
  };
}

const FOLLOW_UP = /^(?:and|now|also|then|instead|same|what about|how about|ok|okay|but|only|just)\b/i;

/**
 * A follow-up that only narrows the last question ("and only for 1950?", "and only states with poverty above 15?"):
 * no measure, grouping or N of its own, and a column only where a condition names it.
 */
function onlyNarrows({ question, datasets }: { question: string; datasets: DatasetBrief[] }): boolean {
  if (!FOLLOW_UP.test(question.normalize('NFKC').trim())) return false;
  const reading = readQuestion({ question, datasets });
  const conditions = reading.conditionNumbers.length + reading.conditionValues.length;
  return reading.groupBy.length === 0 && reading.measure === null && reading.rowCount === null && (reading.columns.length === 0 || conditions > 0);
}

/**
 * The question the checks read. A follow-up that only narrows the last question is that question on fewer rows, so
 * the checks read the question it narrows (the last one that asked something of its own) together with it: "average
 * investment by firm … and only for 1950?". Narrowings in between are left out, since a later one may replace them.
 */
export function checkedQuestion({ question, earlier, datasets }: { question: string; earlier: readonly string[]; datasets: DatasetBrief[] }): string {
  if (!onlyNarrows({ question, datasets })) return question;
  const base = [...earlier].reverse().find((candidate) => !onlyNarrows({ question: candidate, datasets }));
  return base === undefined ? question : `${base} ${question}`;
}
