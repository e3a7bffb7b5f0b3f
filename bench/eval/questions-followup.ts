/**
 * Years in a question and follow-ups that narrow the last question (issue 9: "and only for 2008?"). Written with the
 * planner change that handles them, so read them as a regression set, like the first 73.
 */
import type { EvalQuestion } from './question-types';

export const FOLLOW_UP_QUESTIONS: EvalQuestion[] = [
  {
    id: 'yr-unemp-2000',
    kind: 'distribution',
    dataset: 'macro',
    question: 'average unemployment in 2000',
    check: { type: 'numbers', truth: "df.loc[df['year'] == 2000, 'unemp'].mean()" },
  },
  {
    id: 'yr-infl-90s',
    kind: 'x-by-y',
    dataset: 'macro',
    question: 'average inflation by quarter between 1990 and 1999',
    check: { type: 'series', truth: "df[df['year'].between(1990, 1999)].groupby('quarter')['infl'].mean()" },
  },
  { id: 'yr-no-column', kind: 'out-of-repertoire', dataset: 'statecrime', question: 'average murder rate in 2008', check: { type: 'refuse' } },
  {
    id: 'fu-firm-1950',
    kind: 'x-by-y',
    dataset: 'grunfeld',
    history: ['average investment by firm'],
    question: 'and only for 1950?',
    check: { type: 'series', truth: "df[df['year'] == 1950].groupby('firm')['invest'].mean()" },
  },
  {
    id: 'fu-firm-since',
    kind: 'x-by-y',
    dataset: 'grunfeld',
    history: ['average investment by firm', 'and only for 1950?'],
    question: 'what about since 1945?',
    check: { type: 'series', truth: "df[df['year'] >= 1945].groupby('firm')['invest'].mean()" },
  },
  {
    id: 'fu-gm-trend',
    kind: 'trend',
    dataset: 'grunfeld',
    history: ['total investment by year'],
    question: 'and only for General Motors?',
    check: { type: 'values', truth: "df[df['firm'] == 'General Motors'].groupby('year')['invest'].sum()" },
  },
  {
    id: 'fu-states-poverty',
    kind: 'top-n',
    dataset: 'statecrime',
    history: ['Which 5 states have the highest murder rate?'],
    question: 'and only among states with poverty above 15?',
    check: { type: 'series', exact: true, truth: "df[df['poverty'] > 15].nlargest(5, 'murder').set_index('state')['murder']" },
  },
];
