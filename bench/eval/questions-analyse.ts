/** Questions that aggregate: X by Y, top N, trends, two-group comparisons, and requests outside the repertoire. */
import type { EvalQuestion } from './question-types';

export const ANALYSE_QUESTIONS: EvalQuestion[] = [
  { id: 'by-invest-firm', kind: 'x-by-y', dataset: 'grunfeld', question: 'average invest by firm', check: { type: 'series', truth: "df.groupby('firm')['invest'].mean()" } },
  { id: 'by-investment-firm', kind: 'x-by-y', dataset: 'grunfeld', question: 'total investment per firm', check: { type: 'series', truth: "df.groupby('firm')['invest'].sum()" } },
  { id: 'by-petal-species', kind: 'x-by-y', dataset: 'iris', question: 'average petal length by species', check: { type: 'series', truth: "df.groupby('species')['petal_length'].mean()" } },
  { id: 'by-affairs-children', kind: 'x-by-y', dataset: 'fair', question: 'average affairs by children', check: { type: 'series', truth: "df.groupby('children')['affairs'].mean()" } },
  { id: 'by-marriage-religious', kind: 'x-by-y', dataset: 'fair', question: 'mean rate_marriage by religious', check: { type: 'series', truth: "df.groupby('religious')['rate_marriage'].mean()" } },
  { id: 'by-unemployment-quarter', kind: 'x-by-y', dataset: 'macro', question: 'average unemployment by quarter', check: { type: 'series', truth: "df.groupby('quarter')['unemp'].mean()" } },
  { id: 'by-count-firm', kind: 'x-by-y', dataset: 'grunfeld', question: 'count by firm', check: { type: 'series', truth: "df['firm'].value_counts()" } },
  { id: 'by-executions-south', kind: 'x-by-y', dataset: 'cpunish', question: 'average executions by south', check: { type: 'series', truth: "df.groupby('SOUTH')['EXECUTIONS'].mean()" } },
  { id: 'by-affairs-older', kind: 'x-by-y', dataset: 'fair', question: 'average affairs by religious for women older than 40', check: { type: 'series', truth: "df[df['age'] > 40].groupby('religious')['affairs'].mean()" } },

  { id: 'top-5-murder', kind: 'top-n', dataset: 'statecrime', question: 'Which 5 states have the highest murder rate?', check: { type: 'series', exact: true, truth: "df.nlargest(5, 'murder').set_index('state')['murder']" } },
  { id: 'top-3-poverty', kind: 'top-n', dataset: 'statecrime', question: 'top 3 states by poverty', check: { type: 'series', exact: true, truth: "df.nlargest(3, 'poverty').set_index('state')['poverty']" } },
  { id: 'top-3-lowest-violent', kind: 'top-n', dataset: 'statecrime', question: 'Which 3 states have the lowest violent crime?', check: { type: 'series', exact: true, truth: "df.nsmallest(3, 'violent').set_index('state')['violent']" } },
  { id: 'top-3-firms-investment', kind: 'top-n', dataset: 'grunfeld', question: 'top 3 firms by total investment', check: { type: 'series', exact: true, truth: "df.groupby('firm')['invest'].sum().nlargest(3)" } },
  { id: 'top-5-executions', kind: 'top-n', dataset: 'cpunish', question: 'top 5 states by executions', check: { type: 'series', exact: true, truth: "df.nlargest(5, 'EXECUTIONS').set_index('STATE')['EXECUTIONS']" } },
  { id: 'top-3-staff', kind: 'top-n', dataset: 'committee', question: 'Which 3 committees have the most staff?', check: { type: 'series', exact: true, truth: "df.nlargest(3, 'STAFF').set_index('COMMITTEE')['STAFF']" } },
  { id: 'top-2-sepal', kind: 'top-n', dataset: 'iris', question: 'top 2 species by average sepal width', check: { type: 'series', exact: true, truth: "df.groupby('species')['sepal_width'].mean().nlargest(2)" } },
  { id: 'top-5-poverty-urban', kind: 'top-n', dataset: 'statecrime', question: 'top 5 states by poverty among states with urban above 60', check: { type: 'series', exact: true, truth: "df[df['urban'] > 60].nlargest(5, 'poverty').set_index('state')['poverty']" } },

  { id: 'tr-real-gdp-year', kind: 'trend', dataset: 'macro', question: 'average real GDP per year', check: { type: 'values', truth: "df.groupby('year')['realgdp'].mean()" } },
  { id: 'tr-unemployment', kind: 'trend', dataset: 'macro', question: 'unemployment over time', check: { type: 'values', truth: "df.groupby('year')['unemp'].mean()" } },
  { id: 'tr-dated-unemp', kind: 'trend', dataset: 'macro_dated', question: 'average unemp per year', check: { type: 'values', truth: "df.groupby(df['date'] // 10000)['unemp'].mean()" } },
  { id: 'tr-dated-gdp-quarter', kind: 'trend', dataset: 'macro_dated', question: 'realgdp per quarter', check: { type: 'values', truth: "df.groupby(df['date'])['realgdp'].mean()" } },
  { id: 'tr-investment-year', kind: 'trend', dataset: 'grunfeld', question: 'total investment by year', check: { type: 'values', truth: "df.groupby('year')['invest'].sum()" } },
  { id: 'tr-copper', kind: 'trend', dataset: 'copper', question: 'copper price over time', check: { type: 'values', truth: "df.groupby('YEAR')['COPPERPRICE'].mean()" } },
  { id: 'tr-gnp', kind: 'trend', dataset: 'longley', question: 'GNP per year', check: { type: 'values', truth: "df.groupby('YEAR')['GNP'].mean()" } },
  { id: 'tr-gm', kind: 'trend', dataset: 'grunfeld', question: 'average invest by year for General Motors', check: { type: 'values', truth: "df[df['firm'] == 'General Motors'].groupby('year')['invest'].mean()" } },

  { id: 'cmp-gm-uss', kind: 'compare', dataset: 'grunfeld', question: 'compare invest between General Motors and US Steel', check: { type: 'numbers', truth: "[df[df['firm'] == 'General Motors']['invest'].mean(), df[df['firm'] == 'US Steel']['invest'].mean()]" } },
  { id: 'cmp-petal', kind: 'compare', dataset: 'iris', question: 'Is petal length different for setosa vs versicolor?', check: { type: 'numbers', truth: "[df[df['species'] == 'setosa']['petal_length'].mean(), df[df['species'] == 'versicolor']['petal_length'].mean()]" } },
  { id: 'cmp-sepal-width', kind: 'compare', dataset: 'iris', question: 'compare sepal width between versicolor and virginica', check: { type: 'numbers', truth: "[df[df['species'] == 'versicolor']['sepal_width'].mean(), df[df['species'] == 'virginica']['sepal_width'].mean()]" } },
  { id: 'cmp-investment', kind: 'compare', dataset: 'grunfeld', question: 'Is investment significantly different between Chrysler and Atlantic Refining?', check: { type: 'numbers', truth: "[df[df['firm'] == 'Chrysler']['invest'].mean(), df[df['firm'] == 'Atlantic Refining']['invest'].mean()]" } },
  { id: 'cmp-value', kind: 'compare', dataset: 'grunfeld', question: 'compare value between IBM and Westinghouse', check: { type: 'numbers', truth: "[df[df['firm'] == 'IBM']['value'].mean(), df[df['firm'] == 'Westinghouse']['value'].mean()]" } },
  { id: 'cmp-sepal-length', kind: 'compare', dataset: 'iris', question: 't-test of sepal length between setosa and virginica', check: { type: 'numbers', truth: "[df[df['species'] == 'setosa']['sepal_length'].mean(), df[df['species'] == 'virginica']['sepal_length'].mean()]" } },
  { id: 'cmp-capital', kind: 'compare', dataset: 'grunfeld', question: 'Is capital higher for General Electric vs Goodyear?', check: { type: 'numbers', truth: "[df[df['firm'] == 'General Electric']['capital'].mean(), df[df['firm'] == 'Goodyear']['capital'].mean()]" } },

  { id: 'no-linear-regression', kind: 'out-of-repertoire', dataset: 'grunfeld', question: 'Fit a linear regression of invest on value and capital', check: { type: 'refuse' } },
  { id: 'no-forecast', kind: 'out-of-repertoire', dataset: 'macro', question: 'Forecast real GDP for the next 4 quarters', check: { type: 'refuse' } },
  { id: 'no-kmeans', kind: 'out-of-repertoire', dataset: 'statecrime', question: 'Cluster the states into 3 groups using k-means', check: { type: 'refuse' } },
  { id: 'no-logistic', kind: 'out-of-repertoire', dataset: 'fair', question: 'Run a logistic regression of affairs on age', check: { type: 'refuse' } },
  { id: 'no-income-column', kind: 'out-of-repertoire', dataset: 'statecrime', question: 'What is the median household income of Alabama?', check: { type: 'refuse' } },
  { id: 'no-chi-square', kind: 'out-of-repertoire', dataset: 'iris', question: 'Run a chi-square test of species against petal width', check: { type: 'refuse' } },
  { id: 'no-future', kind: 'out-of-repertoire', dataset: 'grunfeld', question: 'What will investment be in 1960?', check: { type: 'refuse' } },
  { id: 'no-pca', kind: 'out-of-repertoire', dataset: 'iris', question: 'Do a PCA of the four measurements', check: { type: 'refuse' } },
];
