/**
 * The details of a question besides its columns: which aggregation ("average", "total"), how many ("top five"),
 * which period ("by week"), which two groups ("north vs south"). Phrase lists are lower-case and matched as whole
 * words against the normalised question.
 */
import { NUMBER_WORDS, hasPhrase, splitWords, stemWord } from './question-words';
import type { Aggregation, Frequency } from './types';

/** Lower-case, NFKC, single spaces, "t-test" and "vs." spelled one way. */
export function normaliseQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\bt[\s-]?tests?\b/g, 't-test')
    .replace(/\bv\.?s\.?(?=\s)/g, 'vs')
    .replace(/\s+/g, ' ')
    .trim();
}

const AGGREGATION_PHRASES: [Aggregation, string[]][] = [
  ['nunique', ['unique', 'distinct', 'different']],
  ['mean', ['average', 'avg', 'mean', 'typical']],
  ['median', ['median']],
  ['sum', ['total', 'sum', 'overall', 'cumulative']],
  ['std', ['std', 'standard deviation', 'variance', 'variability', 'spread']],
  ['max', ['max', 'maximum']],
  ['min', ['min', 'minimum']],
  ['count', ['count', 'number of', 'how many', 'frequency', 'how often']],
];

/** The aggregation the question asks for, or null when it names none. `nunique` only with a count word. */
export function findAggregation({ text }: { text: string }): Aggregation | null {
  const counting = hasPhrase({ text, phrases: ['count', 'number of', 'how many'] });
  for (const [aggregation, phrases] of AGGREGATION_PHRASES) {
    if (aggregation === 'nunique' && !counting) continue;
    if (hasPhrase({ text, phrases })) return aggregation;
  }
  return null;
}

/**
 * "top 5", "5 largest", "top five", "best ten", "which 5 states have the highest…" (up to three words between the
 * number and the ranking word); null when no number is given.
 */
export function findCount({ text }: { text: string }): number | null {
  const number = `(\\d{1,3}|${[...NUMBER_WORDS.keys()].join('|')})`;
  const patterns = [
    new RegExp(`\\b(?:top|bottom|best|worst)\\s+${number}\\b`),
    new RegExp(`\\b${number}\\s+(?:\\w+\\s+){0,3}?(?:highest|lowest|largest|smallest|biggest|best|worst|most|least|top|bottom|greatest|fewest)\\b`),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    const raw = match?.[1];
    if (raw === undefined) continue;
    const value = NUMBER_WORDS.get(raw) ?? Number(raw);
    if (Number.isInteger(value) && value >= 1) return Math.min(value, 100);
  }
  // "Which firm has the highest…" asks for one; "which firms have…" for a list (the default length).
  const single =
    /\b(?:which|what)\s+(\w+)\s+(?:has|had|is|was|gets|got|shows)\s+the\s+(?:highest|lowest|largest|smallest|biggest|most|least|best|worst|greatest|fewest)\b/.exec(
      text,
    );
  if (single?.[1] && !single[1].endsWith('s')) return 1;
  return null;
}

export const ASCENDING_WORDS = ['bottom', 'lowest', 'smallest', 'least', 'worst', 'fewest', 'cheapest', 'minimum'];

const FREQUENCY_PHRASES: [Frequency, string[]][] = [
  ['D', ['daily', 'per day', 'by day', 'each day', 'every day', 'day by day', 'per date', 'by date', 'each date']],
  ['W', ['weekly', 'per week', 'by week', 'each week', 'every week', 'week by week', 'week over week']],
  ['M', ['monthly', 'per month', 'by month', 'each month', 'every month', 'month by month', 'month over month']],
  ['Q', ['quarterly', 'per quarter', 'by quarter', 'each quarter', 'every quarter']],
  ['Y', ['yearly', 'annual', 'annually', 'per year', 'by year', 'each year', 'every year', 'year by year', 'year over year']],
];

export function findFrequency({ text }: { text: string }): Frequency | null {
  for (const [frequency, phrases] of FREQUENCY_PHRASES) if (hasPhrase({ text, phrases })) return frequency;
  return null;
}

export const TREND_PHRASES = [
  'over time',
  'trend',
  'trends',
  'trending',
  'time series',
  'timeline',
  'evolution',
  'evolve',
  'evolved',
  'over the years',
  'over the months',
  'over the weeks',
  'over the days',
  'seasonality',
  'seasonal',
  'through time',
  'across time',
  'history of',
  'growth',
  ...FREQUENCY_PHRASES.flatMap(([, phrases]) => phrases),
];

// Words that end a group value in "A vs B in 2023" / "between A and B for returning customers".
const VALUE_END = String.raw`(?=\s*(?:[?!.,;:]|$)|\s+(?:in|for|on|across|by|using|with|regarding|within|during|when|where)\s)`;
const LEFT_CONNECTORS = /^(?:.*\s)?(?:for|between|of|in|with|among|comparing|compare|is|are|does|do|was|were|when|where|:)\s+/i;

function cleanValue({ raw, dropStems }: { raw: string; dropStems: Set<string> }): string {
  let words = raw
    .trim()
    .replace(/^["'“‘]|["'”’]$/g, '')
    .split(/\s+/)
    .filter((word) => word.length > 0);
  words = words.filter((word, index) => !(index === 0 && /^(the|a|an)$/i.test(word)));
  const droppable = (word: string | undefined): boolean =>
    word !== undefined && words.length > 1 && splitWords(word).every((part) => dropStems.has(stemWord(part.text)));
  while (droppable(words[0])) words = words.slice(1);
  while (droppable(words[words.length - 1])) words = words.slice(0, -1);
  return words
    .join(' ')
    .replace(/^["'“‘]|["'”’]$/g, '')
    .trim();
}

/**
 * The two group values of "between A and B", "A vs B", "A versus B", "A compared to B", from the original
 * question (case kept, for the chart). Words that are the names of the columns involved are trimmed off the ends,
 * so "between segment A and segment B" gives "A" and "B".
 */
export function findTwoGroups({ question, dropStems }: { question: string; dropStems: Set<string> }): [string, string] | null {
  const text = question.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const between = new RegExp(String.raw`\bbetween\s+(.+?)\s+and\s+(.+?)${VALUE_END}`, 'i').exec(text);
  let left = between?.[1];
  let right = between?.[2];
  // "compare North and South" / "compare North with South" (no column between "compare" and the groups).
  const compare = between ? null : new RegExp(String.raw`\bcompar(?:e|ing)\s+(.+?)\s+(?:and|with|to)\s+(.+?)${VALUE_END}`, 'i').exec(text);
  // Not "compare revenue across regions and segments": that left side names a grouping, not a group.
  if (compare && !/\b(across|by|per|among|each|over)\b/i.test(compare[1] ?? '')) {
    left = (compare[1] ?? '').replace(LEFT_CONNECTORS, '');
    right = compare[2];
  } else if (!between) {
    const versus = new RegExp(String.raw`^(.+?)\s+(?:vs\.?|v\.?s\.?|versus|compared (?:to|with)|against)\s+(.+?)${VALUE_END}`, 'i').exec(text);
    if (!versus) return null;
    const head = versus[1] ?? '';
    const stripped = head.replace(LEFT_CONNECTORS, '');
    // No connector ("North vs South revenue"): the left value is the last word or two before "vs".
    left = stripped === head ? head.split(' ').slice(-2).join(' ') : stripped;
    right = versus[2];
  }
  if (left === undefined || right === undefined) return null;
  const a = cleanValue({ raw: left, dropStems });
  const b = cleanValue({ raw: right, dropStems });
  if (a.length === 0 || b.length === 0 || a.toLowerCase() === b.toLowerCase() || a.length > 80 || b.length > 80) return null;
  return [a, b];
}
