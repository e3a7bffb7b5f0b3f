/**
 * Which columns a question names, and of which dataset. Matching is by words (case-insensitive, plural-insensitive),
 * with near-misses for typos, so "avg unit prise by regions" finds `UnitPrice` and `Region`. Each question word is
 * claimed by at most one column, best match first, so "revenue" names `revenue` and not also `revenue_per_unit`.
 */
import type { DatasetBrief } from '@/lib/files/dataset-briefs';
import { isPolicySafeText } from './plan-text';
import { KEYWORDS, isNearMiss, splitWords, type Word } from './question-words';

export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'empty';

export interface PlanColumn {
  name: string;
  /** The catalog's type: integer | number | boolean | datetime | date | string | empty. */
  type: string;
  kind: ColumnKind;
  /** Text or year-number columns whose name says they hold dates ("order_month", "year"); trend fallbacks. */
  dateLike: boolean;
  words: Word[];
}

export interface Mention {
  column: PlanColumn;
  /** 0..1 coverage of the column's words, plus a small bonus for an exact contiguous phrase. */
  score: number;
  /** Index of the first question word that matched: tells "X by Y" apart from "Y by X". */
  index: number;
  /** Matched only through intent words ("count", "total", "value"): used when nothing better names a column. */
  weak: boolean;
  questionWords: number[];
  /** The question's words when they name the column only by abbreviation, compound or typo ("investment" for
   * `invest`, "real GDP" for `realgdp`): the plan shows this reading so the analyst can check it. */
  readAs: string | null;
}

const DATE_NAME_WORDS = new Set([
  'date',
  'time',
  'timestamp',
  'datetime',
  'month',
  'year',
  'day',
  'week',
  'period',
  'quarter',
  'created',
  'updated',
  'modified',
  'dt',
]);

function kindOf(type: string): ColumnKind {
  if (type === 'integer' || type === 'number') return 'numeric';
  if (type === 'datetime' || type === 'date') return 'datetime';
  if (type === 'boolean') return 'boolean';
  if (type === 'empty') return 'empty';
  return 'categorical';
}

/** The columns the planner may use, and those it must leave out because the kernel policy would refuse the name. */
export function planColumns({ dataset }: { dataset: DatasetBrief }): { usable: PlanColumn[]; refused: string[] } {
  const usable: PlanColumn[] = [];
  const refused: string[] = [];
  for (const column of dataset.columns) {
    if (!isPolicySafeText(column.name)) {
      refused.push(column.name);
      continue;
    }
    const words = splitWords(column.name);
    const kind = kindOf(column.type);
    const namedLikeDate = words.some((word) => DATE_NAME_WORDS.has(word.stem)) || /_at$/i.test(column.name);
    usable.push({ name: column.name, type: column.type, kind, words, dateLike: kind !== 'datetime' && namedLikeDate });
  }
  return { usable, refused };
}

function candidateMention({ column, question }: { column: PlanColumn; question: Word[] }): Mention | null {
  if (column.words.length === 0) return null;
  const used = new Set<number>();
  let weight = 0;
  let strong = false;
  let exactAll = true;
  const free = (word: Word): boolean => !used.has(word.index) && !KEYWORDS.has(word.text);
  for (const columnWord of column.words) {
    const exact = question.find((word) => !used.has(word.index) && word.stem === columnWord.stem);
    const near = exact
      ? undefined
      : question.find((word) => free(word) && !KEYWORDS.has(columnWord.text) && isNearMiss({ left: word.stem, right: columnWord.stem }));
    const short = exact || near || KEYWORDS.has(columnWord.text) ? undefined : abbreviationOf({ columnWord, question, free });
    const matches = exact ? [exact] : near ? [near] : (short ?? []);
    if (matches.length === 0) {
      exactAll = false;
      continue;
    }
    matches.forEach((match) => used.add(match.index));
    weight += exact ? 1 : near ? 0.7 : 0.8;
    if (!exact) exactAll = false;
    // A meaningful word (not an intent word, not a two-letter fragment) makes the mention strong.
    if (matches.some((match) => !KEYWORDS.has(match.text) && match.text.length >= 3)) strong = true;
  }
  if (used.size === 0) return null;
  const indexes = [...used].sort((a, b) => a - b);
  const coverage = weight / column.words.length;
  const contiguous = exactAll && indexes.every((value, i) => i === 0 || value === (indexes[i - 1] ?? 0) + 1);
  if (!strong && !exactAll) return null;
  if (strong && coverage < 0.5 && !indexes.some((i) => (question[i]?.text.length ?? 0) >= 4)) return null;
  return {
    column,
    score: coverage + (contiguous ? 0.01 * column.words.length : 0),
    index: indexes[0] ?? 0,
    weak: !strong,
    questionWords: indexes,
    readAs: exactAll ? null : indexes.map((i) => question[i]?.text ?? '').join(' '),
  };
}

/**
 * Column names are often abbreviations of the words an analyst uses: `invest` for "investment", `unemp` for
 * "unemployment" (a prefix of one question word, at least 4 letters so `age` never claims "agency"), and compounds
 * like `realgdp` for "real GDP" or `foodexp` for "food expenditure" (one word followed by the start of the next).
 */
function abbreviationOf({ columnWord, question, free }: { columnWord: Word; question: Word[]; free: (word: Word) => boolean }): Word[] | undefined {
  const name = columnWord.text;
  if (name.length >= 4 && /^\p{L}+$/u.test(name)) {
    const prefixed = question.find((word) => free(word) && word.text.length > name.length && word.text.startsWith(name));
    if (prefixed) return [prefixed];
  }
  if (name.length < 5) return undefined;
  for (let i = 0; i + 1 < question.length; i += 1) {
    const first = question[i];
    const second = question[i + 1];
    if (!first || !second || first.text.length < 3 || !free(first) || !free(second) || !name.startsWith(first.text)) continue;
    const rest = name.slice(first.text.length);
    if (rest.length >= 2 && second.text.startsWith(rest)) return [first, second];
  }
  return undefined;
}

/** Mentions of the columns in the question, at most one column per question word, in question order. */
export function findMentions({ question, columns }: { question: string; columns: PlanColumn[] }): Mention[] {
  const words = splitWords(question);
  const candidates = columns
    .map((column) => candidateMention({ column, question: words }))
    .filter((mention): mention is Mention => mention !== null)
    // Strong before weak, better coverage first, then the longer (more specific) name, then schema order (stable).
    .sort((a, b) => Number(a.weak) - Number(b.weak) || b.score - a.score || b.column.words.length - a.column.words.length);
  const claimed = new Set<number>();
  const accepted: Mention[] = [];
  for (const mention of candidates) {
    if (mention.questionWords.some((index) => claimed.has(index))) continue;
    mention.questionWords.forEach((index) => claimed.add(index));
    accepted.push(mention);
  }
  return accepted.sort((a, b) => a.index - b.index);
}

/**
 * The dataset the question is about: the one whose columns it names most (strong mentions), else the first (df1).
 * Ties go to the earlier dataset, so adding a second file never changes the answer to a question about the first.
 */
export function chooseDataset({ question, datasets }: { question: string; datasets: DatasetBrief[] }): number {
  let best = 0;
  let bestScore = 0;
  datasets.forEach((dataset, position) => {
    const { usable } = planColumns({ dataset });
    const score = findMentions({ question, columns: usable })
      .filter((mention) => !mention.weak)
      .reduce((sum, mention) => sum + mention.score, 0);
    if (score > bestScore + 1e-9) {
      best = position;
      bestScore = score;
    }
  });
  return best;
}
