import { escapeRegExp } from '@/lib/text/regexp';

/**
 * Words of a question or a column name, normalised the same way on both sides so "unit price", "UnitPrice",
 * "unit_price" and "Unit Prices" all meet. Deliberately simple (no stemming library): the planner must stay a few
 * kilobytes of browser-safe code.
 */

export interface Word {
  /** Lower-cased, NFKC-normalised text of the word. */
  text: string;
  /** `text` with a plural ending removed, for matching. */
  stem: string;
  /** Position of the word in its text (0-based word index). */
  index: number;
}

/** Superlatives that ask for a ranking ("highest", "top"): keywords here, and the start of the planner's top-N wording. */
export const RANKING_WORDS = ['top', 'bottom', 'highest', 'lowest', 'largest', 'smallest', 'most', 'least', 'best', 'worst', 'biggest'];

/** Words that carry the question's intent or grammar; they never count as mentions of a column on their own. */
export const KEYWORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'by',
  'per',
  'for',
  'each',
  'every',
  'in',
  'on',
  'at',
  'to',
  'and',
  'or',
  'with',
  'vs',
  'versus',
  'between',
  'across',
  'from',
  'is',
  'are',
  'was',
  'were',
  'be',
  'do',
  'does',
  'did',
  'what',
  'which',
  'who',
  'how',
  'many',
  'much',
  'me',
  'show',
  'give',
  'tell',
  'list',
  'plot',
  'chart',
  'graph',
  'draw',
  'i',
  'we',
  'my',
  'our',
  'there',
  'any',
  'all',
  'it',
  'this',
  'that',
  'these',
  'those',
  'data',
  'dataset',
  'table',
  'file',
  'column',
  'columns',
  'row',
  'rows',
  'value',
  'values',
  'average',
  'avg',
  'mean',
  'median',
  'total',
  'sum',
  'count',
  'number',
  'max',
  'maximum',
  'min',
  'minimum',
  ...RANKING_WORDS,
  'distribution',
  'histogram',
  'correlation',
  'correlations',
  'correlated',
  'missing',
  'null',
  'nulls',
  'trend',
  'over',
  'time',
  'compare',
  'comparison',
  'different',
  'difference',
  'test',
  'grouped',
  'group',
  'overview',
  'summary',
  'summarize',
  'describe',
  'than',
  'when',
  'where',
  'about',
  'has',
  'have',
  'get',
  'find',
  'breakdown',
  'split',
  'can',
  'you',
  'please',
  'see',
  'look',
  'like',
  'std',
  'standard',
  'deviation',
  'variance',
  'predict',
  'explore',
  'percent',
  'percentage',
  'share',
  'rank',
  'ranking',
  'stats',
]);

/** Number words up to twenty, for "top five". */
export const NUMBER_WORDS = new Map<string, number>(
  [
    'one',
    'two',
    'three',
    'four',
    'five',
    'six',
    'seven',
    'eight',
    'nine',
    'ten',
    'eleven',
    'twelve',
    'thirteen',
    'fourteen',
    'fifteen',
    'sixteen',
    'seventeen',
    'eighteen',
    'nineteen',
    'twenty',
  ].map((word, index) => [word, index + 1]),
);

/** "ies" → "y", "sses" → "ss", trailing "s" dropped (not from "ss"/"us"/"is"), for words longer than three letters. */
export function stemWord(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Words of a text: camelCase and snake_case split, punctuation dropped, digits kept. */
export function splitWords(text: string): Word[] {
  const spaced = text
    .normalize('NFKC')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase();
  const raw = spaced.match(/[\p{L}\p{N}]+/gu) ?? [];
  return raw.map((word, index) => ({ text: word, stem: stemWord(word), index }));
}

/** Levenshtein distance, capped: returns `cap + 1` as soon as the distance must exceed `cap`. */
function editDistance({ left, right, cap }: { left: string; right: string; cap: number }): number {
  if (Math.abs(left.length - right.length) > cap) return cap + 1;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= right.length; j += 1) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > cap) return cap + 1;
    previous = current;
  }
  return previous[right.length] ?? cap + 1;
}

/** Whether two words are the same word misspelled: same first letter, one edit for words of 4–6 letters, two from 7 on. */
export function isNearMiss({ left, right }: { left: string; right: string }): boolean {
  const shorter = Math.min(left.length, right.length);
  if (shorter < 4) return false;
  // Typos rarely hit the first letter; requiring it keeps "rate" from matching a `date` column.
  if (left[0] !== right[0]) return false;
  const cap = shorter >= 7 ? 2 : 1;
  return editDistance({ left, right, cap }) <= cap;
}

/** Whether the text contains any of the phrases as whole words (phrases are lower-case, space-separated). */
export function hasPhrase({ text, phrases }: { text: string; phrases: readonly string[] }): boolean {
  return phrases.some((phrase) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(phrase)}($|[^\\p{L}\\p{N}])`, 'u').test(text));
}
