/**
 * Questions written after the planner fixes of issue 9 and not used to tune them: a check that the fixes are not
 * fitted to the first 73 questions. Same kinds, same truth rules.
 */
import type { EvalQuestion } from './question-types';

export const HOLDOUT_QUESTIONS: EvalQuestion[] = [
  {
    id: 'ho-poverty-above',
    kind: 'distribution',
    dataset: 'statecrime',
    question: 'How many states have poverty above 15?',
    check: { type: 'numbers', truth: "int((df['poverty'] > 15).sum())" },
  },
  {
    id: 'ho-inflation-year',
    kind: 'trend',
    dataset: 'macro',
    question: 'average inflation by year',
    check: { type: 'values', truth: "df.groupby('year')['infl'].mean()" },
  },
  {
    id: 'ho-firm-capital',
    kind: 'top-n',
    dataset: 'grunfeld',
    question: 'Which firm has the highest total capital?',
    check: { type: 'series', exact: true, truth: "df.groupby('firm')['capital'].sum().nlargest(1)" },
  },
  {
    id: 'ho-children',
    kind: 'distribution',
    dataset: 'fair',
    question: 'average affairs for women with more than 2 children',
    check: { type: 'numbers', truth: "df.loc[df['children'] > 2, 'affairs'].mean()" },
  },
  {
    id: 'ho-median-sepal',
    kind: 'x-by-y',
    dataset: 'iris',
    question: 'median sepal length by species',
    check: { type: 'series', truth: "df.groupby('species')['sepal_length'].median()" },
  },
  {
    id: 'ho-longley',
    kind: 'correlation',
    dataset: 'longley',
    question: 'correlation between unemployment and GNP',
    check: { type: 'numbers', truth: "df['UNEMP'].corr(df['GNP'])" },
  },
  {
    id: 'ho-copper',
    kind: 'distribution',
    dataset: 'copper',
    question: 'average copper price when world consumption is above 5000',
    check: { type: 'numbers', truth: "df.loc[df['WORLDCONSUMPTION'] > 5000, 'COPPERPRICE'].mean()" },
  },
  {
    id: 'ho-heart',
    kind: 'distribution',
    dataset: 'heart',
    question: 'average survival of patients older than 50',
    check: { type: 'numbers', truth: "df.loc[df['age'] > 50, 'survival'].mean()" },
  },
  {
    id: 'ho-gm-total',
    kind: 'distribution',
    dataset: 'grunfeld',
    question: 'total investment for US Steel',
    check: { type: 'numbers', truth: "df.loc[df['firm'] == 'US Steel', 'invest'].sum()" },
  },
  { id: 'ho-spline', kind: 'out-of-repertoire', dataset: 'macro', question: 'Fit a spline to real GDP and give me the residuals', check: { type: 'refuse' } },
];
