/**
 * From a question and one dataset's columns to an Intent. Intents are tried from the most specific wording to the
 * most generic ("missing values per column" is about missing values, not a group-by; "average revenue by month"
 * is a trend, not a group-by), and each needs the right kinds of columns: a question that reads like a trend on a
 * table without dates is reported as incomplete, with the reason, rather than answered with something else.
 */
import { defaultAggregation } from './program';
import type { Mention, PlanColumn } from './match-columns';
import { MAX_CORRELATION_COLUMNS } from './emit-correlation';
import { ASCENDING_WORDS, TREND_PHRASES, findAggregation, findCount, findFrequency, findTwoGroups, normaliseQuestion } from './intent-slots';
import { displayName } from './plan-text';
import { RANKING_WORDS, hasPhrase, splitWords } from './question-words';
import type { Detection, PredictTask } from './types';
import { shortText } from '@/lib/text/cut-text';

interface Question {
  text: string;
  original: string;
  mentions: Mention[];
  columns: PlanColumn[];
}

const MISSING = ['missing', 'null', 'nulls', 'nan', 'nans', 'na values', 'empty values', 'blank', 'blanks', 'incomplete', 'completeness', 'not filled'];
const CORRELATION = [
  'correlation',
  'correlations',
  'correlate',
  'correlated',
  'correlates',
  'relationship',
  'relationships',
  'related',
  'relate',
  'association',
  'associated',
  'depend on',
  'linked',
];
const COMPARE = [
  'compare',
  'comparison',
  'comparing',
  'different',
  'differ',
  'differs',
  'difference',
  'differences',
  'vs',
  'versus',
  't-test',
  'significant',
  'significantly',
  'higher for',
  'lower for',
];
const SIGNIFICANCE = ['t-test', 'significant', 'significantly', 'statistically'];
const TOP = [...RANKING_WORDS, 'greatest', 'fewest', 'rank', 'ranking', 'ranked', 'leading', 'cheapest', 'most expensive'];
const DISTRIBUTION = [
  'distribution',
  'distributed',
  'histogram',
  'spread',
  'range',
  'frequencies',
  'value counts',
  'unique values',
  'how common',
  'breakdown of',
  'describe',
  'summary of',
  'stats',
  'statistics',
  'values of',
  'look like',
  'profile',
];
const OVERVIEW = [
  'overview',
  'summary',
  'summarize',
  'summarise',
  'describe',
  'what is in',
  "what's in",
  'whats in',
  'head',
  'preview',
  'first rows',
  'sample',
  'columns',
  'shape',
  'structure',
  'schema',
  'info',
  'dtypes',
  'types',
  'how many rows',
  'size',
  'look like',
  'about this',
  'show the data',
  'show me the data',
];
const EXPLORE = ['explore', 'exploration', 'exploratory', 'eda', 'analyze this dataset', 'analyse this dataset'];
// Not "model" or "forecast": "most common car model" is a question about a column, a forecast a time series.
const PREDICT = ['predict', 'prediction', 'predicting', 'classify', 'classifier', 'what drives', 'regression'];

const PERIOD_WORDS: Record<string, string> = { D: 'day', W: 'week', M: 'month', Q: 'quarter' };

const isNumeric = (column: PlanColumn): boolean => column.kind === 'numeric';
const isGrouping = (column: PlanColumn): boolean => column.kind === 'categorical' || column.kind === 'boolean';
const isDate = (column: PlanColumn): boolean => column.kind === 'datetime';

/** Strong mentions first; weak ones (intent words that happen to be column names) only as a last resort. */
function mentioned({ question, test }: { question: Question; test: (column: PlanColumn) => boolean }): Mention[] {
  const matching = question.mentions.filter((mention) => test(mention.column));
  const strong = matching.filter((mention) => !mention.weak);
  return strong.length > 0 ? strong : matching;
}

/** Index of the first word that introduces the grouping ("by", "per", "for each"), or -1. */
function groupWordIndex({ text }: { text: string }): number {
  const words = splitWords(text);
  const found = words.find((word) => ['by', 'per', 'each', 'every', 'across', 'among'].includes(word.text));
  return found?.index ?? -1;
}

function detectTrend({ question }: { question: Question }): Detection | null {
  const frequency = findFrequency({ text: question.text });
  if (!hasPhrase({ text: question.text, phrases: TREND_PHRASES })) return null;
  const datetime = mentioned({ question, test: isDate })[0]?.column ?? question.columns.find(isDate);
  // "average unemployment by quarter" on a table with a `quarter` column (1–4) and no dates groups by that column.
  const periodWord = frequency && frequency !== 'Y' ? PERIOD_WORDS[frequency] : null;
  if (!datetime && periodWord && question.columns.some((column) => column.words.length === 1 && column.words[0]?.stem === periodWord)) return null;
  // Strong mentions only: "over time" must not pick a `TIME` index column over `YEAR`.
  const date =
    datetime ??
    question.mentions.find((mention) => !mention.weak && mention.column.dateLike)?.column ??
    question.columns.find((column) => column.dateLike && column.words.some((word) => word.stem === 'year' || word.stem === 'date')) ??
    question.columns.find((column) => column.dateLike);
  if (!date) {
    return { status: 'incomplete', intent: 'trend', message: 'This reads like a trend over time, but the dataset has no date or time column.' };
  }
  const value = mentioned({ question, test: (column) => isNumeric(column) && column !== date })[0]?.column ?? null;
  const aggregation = findAggregation({ text: question.text }) ?? defaultAggregation({ value });
  // "monthly revenue by region": a text column named after a grouping word splits the line by group.
  const byIndex = groupWordIndex({ text: question.text });
  const split = question.mentions.find((mention) => byIndex >= 0 && mention.index > byIndex && !mention.weak && isGrouping(mention.column))?.column ?? null;
  return { status: 'matched', intent: { kind: 'trend', date, value, aggregation: value ? aggregation : 'size', frequency, split } };
}

function detectCompare({ question }: { question: Question }): Detection | null {
  if (!hasPhrase({ text: question.text, phrases: COMPARE })) return null;
  const value = mentioned({ question, test: isNumeric })[0]?.column;
  const group = mentioned({ question, test: isGrouping })[0]?.column ?? null;
  const dropStems = new Set([value, group].flatMap((column) => column?.words.map((word) => word.stem) ?? []));
  const groups = findTwoGroups({ question: question.original, dropStems });
  const significance = hasPhrase({ text: question.text, phrases: SIGNIFICANCE });
  // "compare revenue across regions" without two named groups or a test is a group-by of means.
  if (!groups && !significance) return null;
  if (!value) {
    return {
      status: 'incomplete',
      intent: 'compare',
      message: 'To compare two groups, name the numeric column to compare (e.g. "compare amount between A and B").',
    };
  }
  const candidates = question.columns.filter(isGrouping);
  if (!group && !groups) {
    const only = candidates.length === 1 ? candidates[0] : undefined;
    if (!only) {
      return { status: 'incomplete', intent: 'compare', message: 'To compare two groups, name the group column or the two groups (e.g. "A vs B").' };
    }
    return { status: 'matched', intent: { kind: 'compare', value, group: only, groupCandidates: [], groups: null } };
  }
  if (candidates.length === 0) {
    return { status: 'incomplete', intent: 'compare', message: 'To compare two groups the dataset needs a text or boolean column to form the groups.' };
  }
  return { status: 'matched', intent: { kind: 'compare', value, group, groupCandidates: group ? [] : candidates, groups } };
}

function detectTopN({ question }: { question: Question }): Detection | null {
  const n = findCount({ text: question.text });
  if (n === null && !hasPhrase({ text: question.text, phrases: TOP })) return null;
  const ascending = hasPhrase({ text: question.text, phrases: ASCENDING_WORDS });
  // "top 5 Y by X": X (after "by") is the metric; Y may be numeric too ("top 5 years by revenue").
  const byIndex = groupWordIndex({ text: question.text });
  const numeric = mentioned({ question, test: isNumeric });
  const metric = (numeric.find((mention) => byIndex >= 0 && mention.index > byIndex) ?? numeric[0])?.column ?? null;
  const numericEntity = numeric.find((mention) => byIndex >= 0 && mention.index < byIndex && mention.column !== metric);
  const entity = mentioned({ question, test: isGrouping })[0]?.column ?? numericEntity?.column ?? null;
  if (!metric && !entity) {
    return {
      status: 'incomplete',
      intent: 'top-n',
      message: 'For a ranking, name the column to rank by and/or what to rank (e.g. "top 5 products by revenue").',
    };
  }
  const asked = findAggregation({ text: question.text });
  const aggregation = entity && !metric ? 'size' : (asked ?? defaultAggregation({ value: metric }));
  return { status: 'matched', intent: { kind: 'top-n', n: n ?? 10, ascending, metric, entity, aggregation } };
}

function detectGroupBy({ question }: { question: Question }): Detection | null {
  const byIndex = groupWordIndex({ text: question.text });
  const asked = findAggregation({ text: question.text });
  // "how many unique products?" without "by"/"per" is about one column: its distribution answers it.
  if (byIndex < 0 && (asked === null || asked === 'count' || asked === 'nunique')) return null;
  const after = question.mentions.filter((mention) => byIndex >= 0 && mention.index > byIndex && !mention.weak);
  let groups = after.filter((mention) => !isNumeric(mention.column) || after.length === 1).map((mention) => mention.column);
  if (groups.length === 0 && byIndex < 0) groups = mentioned({ question, test: isGrouping }).map((mention) => mention.column);
  if (groups.length === 0 && byIndex >= 0 && asked !== null) {
    // "average revenue by store" on a table without a store column: say so rather than drop the grouping.
    const names = question.columns
      .filter(isGrouping)
      .slice(0, 8)
      .map((column) => displayName(column.name))
      .join(', ');
    const message = `This reads like an aggregate by group, but no column matches what follows "by"${names ? `; text columns: ${names}` : ''}.`;
    return { status: 'incomplete', intent: 'group-by', message };
  }
  if (groups.length === 0) return null;
  groups = groups.slice(0, 2);
  if (groups.some(isDate)) {
    const date = groups.find(isDate);
    const value = mentioned({ question, test: (column) => isNumeric(column) && !groups.includes(column) })[0]?.column ?? null;
    const split = groups.find((column) => column !== date && isGrouping(column)) ?? null;
    const aggregation = value ? (asked ?? defaultAggregation({ value })) : 'size';
    if (date) return { status: 'matched', intent: { kind: 'trend', date, value, aggregation, frequency: null, split } };
  }
  const measurable = (mention: Mention): boolean => !groups.includes(mention.column) && mention.column.kind !== 'empty';
  // A column named like an intent word ("value", "total") is the measure only when nothing else is, and never
  // in a counting question ("count by region" on a table with a `count` column still counts rows).
  const value =
    question.mentions.find((mention) => measurable(mention) && !mention.weak)?.column ??
    (asked === 'count' ? undefined : question.mentions.find((mention) => measurable(mention) && isNumeric(mention.column))?.column) ??
    null;
  // "compare revenue across regions" compares averages; otherwise amounts are totalled and measures averaged.
  const fallback = hasPhrase({ text: question.text, phrases: COMPARE }) && value ? 'mean' : defaultAggregation({ value });
  const aggregation = asked === 'count' && value && !isNumeric(value) ? 'nunique' : (asked ?? fallback);
  const usable = value && !isNumeric(value) && aggregation !== 'nunique' && aggregation !== 'count' ? null : value;
  return { status: 'matched', intent: { kind: 'group-by', value: usable, aggregation: usable ? aggregation : 'size', groups } };
}

function detectSingleColumn({ question }: { question: Question }): Detection | null {
  const strong = question.mentions.filter((mention) => !mention.weak);
  const describes = hasPhrase({ text: question.text, phrases: DISTRIBUTION }) || findAggregation({ text: question.text }) !== null;
  const only = strong.length === 1 ? strong[0] : undefined;
  // "distribution of value": a column named like an intent word counts when the question asks to describe one.
  const column = (describes ? (strong[0] ?? question.mentions.find((mention) => mention.column.kind !== 'empty')) : only)?.column;
  if (!column) return null;
  if (isDate(column) || (column.dateLike && hasPhrase({ text: question.text, phrases: ['when', 'dates'] }))) {
    const frequency = findFrequency({ text: question.text });
    return { status: 'matched', intent: { kind: 'trend', date: column, value: null, aggregation: 'size', frequency, split: null } };
  }
  return { status: 'matched', intent: { kind: 'distribution', column } };
}

function predictTask({ column }: { column: PlanColumn }): PredictTask {
  // Integer 0/1 flags ("churned", "is_fraud") are classes, not quantities.
  if (column.kind !== 'numeric') return 'classification';
  return column.type === 'integer' && /^(is|has|was|did)[_\s]|flag|churn|label|class|target|fraud|default/i.test(column.name) ? 'classification' : 'regression';
}

export function detectIntent({ question, mentions, columns }: { question: string; mentions: Mention[]; columns: PlanColumn[] }): Detection {
  const q: Question = { text: normaliseQuestion(question), original: question, mentions, columns };
  const text = q.text;
  if (hasPhrase({ text, phrases: PREDICT })) {
    const target = mentioned({ question: q, test: (column) => column.kind !== 'empty' })[0]?.column;
    if (target) return { status: 'matched', intent: { kind: 'predict', target, task: predictTask({ column: target }) } };
  }
  if (hasPhrase({ text, phrases: EXPLORE })) return { status: 'matched', intent: { kind: 'explore' } };
  if (hasPhrase({ text, phrases: MISSING })) {
    // "how many orders have missing price": the column named after the missing-word, else the last one named.
    const missingWord = splitWords(text).find((word) => MISSING.some((phrase) => phrase.split(' ')[0] === word.text))?.index ?? -1;
    const strong = mentions.filter((mention) => !mention.weak);
    const focus = strong.find((mention) => mention.index > missingWord) ?? strong.at(-1);
    return { status: 'matched', intent: { kind: 'missing', focus: focus?.column ?? null } };
  }
  if (hasPhrase({ text, phrases: CORRELATION })) {
    const numeric = columns.filter(isNumeric);
    if (numeric.length < 2) {
      return { status: 'incomplete', intent: 'correlation', message: `Correlations need at least two numeric columns; this dataset has ${numeric.length}.` };
    }
    const focus = mentioned({ question: q, test: isNumeric }).map((mention) => mention.column);
    // Three or more named columns: their matrix only. Fewer: every numeric column, the named ones first.
    if (focus.length >= 3) return { status: 'matched', intent: { kind: 'correlation', columns: focus, focus: [] } };
    const chosen = [...new Set([...focus, ...numeric])].slice(0, MAX_CORRELATION_COLUMNS);
    return { status: 'matched', intent: { kind: 'correlation', columns: chosen, focus } };
  }
  // "show the first 10 rows" is a preview, not a ranking.
  if (/\b(first|last|top)\s+(\d+\s+)?(rows|lines|records|entries)\b/.test(text) && !mentions.some((mention) => !mention.weak)) {
    return { status: 'matched', intent: { kind: 'overview' } };
  }
  const steps = [detectCompare, detectTrend, detectTopN, detectGroupBy, detectSingleColumn];
  for (const step of steps) {
    const detection = step({ question: q });
    if (detection) return detection;
  }
  if (hasPhrase({ text, phrases: OVERVIEW })) return { status: 'matched', intent: { kind: 'overview' } };
  return { status: 'unmatched' };
}

/** Intents whose columns come from the preset, not the question. */
export function presetIntent({
  preset,
  columns,
}: {
  preset: { kind: 'explore' } | { kind: 'predict'; target: string; task: PredictTask };
  columns: PlanColumn[];
}): Detection {
  if (preset.kind === 'explore') return { status: 'matched', intent: { kind: 'explore' } };
  const target = columns.find((column) => column.name === preset.target) ?? columns.find((column) => column.name.toLowerCase() === preset.target.toLowerCase());
  if (!target) {
    return { status: 'incomplete', intent: 'predict', message: `There is no usable column named "${shortText(preset.target, 80)}" to predict.` };
  }
  return { status: 'matched', intent: { kind: 'predict', target, task: preset.task } };
}
