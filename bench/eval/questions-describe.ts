/** Questions about one file's shape and columns: overview, missing values, distributions, correlations. */
import type { EvalQuestion } from './question-types';

export const DESCRIBE_QUESTIONS: EvalQuestion[] = [
  { id: 'ov-macro', kind: 'overview', dataset: 'macro', question: 'Give me an overview of the data', check: { type: 'numbers', truth: '[len(df), df.shape[1]]' } },
  { id: 'ov-grunfeld', kind: 'overview', dataset: 'grunfeld', question: "What's in this dataset?", check: { type: 'numbers', truth: '[len(df), df.shape[1]]' } },
  { id: 'ov-statecrime', kind: 'overview', dataset: 'statecrime', question: 'overview', check: { type: 'numbers', truth: '[len(df), df.shape[1]]' } },
  { id: 'ov-fair', kind: 'overview', dataset: 'fair', question: 'Show me the structure of the data', check: { type: 'numbers', truth: '[len(df), df.shape[1]]' } },
  { id: 'ov-iris', kind: 'overview', dataset: 'iris', question: 'How many rows and columns are there?', check: { type: 'numbers', truth: '[len(df), df.shape[1]]' } },
  { id: 'ov-longley', kind: 'overview', dataset: 'longley', question: 'Describe this dataset', check: { type: 'numbers', truth: '[len(df), df.shape[1]]' } },
  { id: 'ov-copper', kind: 'overview', dataset: 'copper', question: 'How many rows does the file have?', check: { type: 'numbers', truth: 'len(df)' } },

  { id: 'mi-fertility', kind: 'missing', dataset: 'fertility', question: 'Which columns have missing values?', check: { type: 'numbers', truth: 'int(df.isna().sum().sum())' } },
  { id: 'mi-gaps-total', kind: 'missing', dataset: 'macro_gaps', question: 'How many missing values are there?', check: { type: 'numbers', truth: 'int(df.isna().sum().sum())' } },
  { id: 'mi-gaps-unemployment', kind: 'missing', dataset: 'macro_gaps', question: 'How many values of unemployment are missing?', check: { type: 'series', truth: "df[['unemp']].isna().sum()" } },
  { id: 'mi-gaps-infl', kind: 'missing', dataset: 'macro_gaps', question: 'missing values in infl', check: { type: 'series', truth: "df[['infl']].isna().sum()" } },
  { id: 'mi-gaps-columns', kind: 'missing', dataset: 'macro_gaps', question: 'Which columns have missing values, and how many?', check: { type: 'series', truth: 'df.isna().sum()[lambda s: s > 0]' } },
  { id: 'mi-fertility-2005', kind: 'missing', dataset: 'fertility', question: 'How many values are missing in 2005?', check: { type: 'series', truth: "df[['2005']].isna().sum()" } },
  { id: 'mi-fertility-per-column', kind: 'missing', dataset: 'fertility', question: 'missing values per column', check: { type: 'series', truth: 'df.isna().sum()[lambda s: s > 0]' } },

  { id: 'di-murder', kind: 'distribution', dataset: 'statecrime', question: 'Distribution of murder', check: { type: 'numbers', truth: "df['murder'].mean()" } },
  { id: 'di-investment', kind: 'distribution', dataset: 'grunfeld', question: 'distribution of investment', check: { type: 'numbers', truth: "df['invest'].mean()" } },
  { id: 'di-species', kind: 'distribution', dataset: 'iris', question: 'distribution of species', check: { type: 'series', truth: "df['species'].value_counts()" } },
  { id: 'di-age', kind: 'distribution', dataset: 'fair', question: 'How is age distributed?', check: { type: 'numbers', truth: "df['age'].mean()" } },
  { id: 'di-unemployment', kind: 'distribution', dataset: 'macro', question: 'What does unemployment look like?', check: { type: 'numbers', truth: "df['unemp'].mean()" } },
  { id: 'di-survival-median', kind: 'distribution', dataset: 'heart', question: 'median survival', check: { type: 'numbers', truth: "df['survival'].median()" } },
  { id: 'di-income', kind: 'distribution', dataset: 'engel', question: 'average income', check: { type: 'numbers', truth: "df['income'].mean()" } },
  { id: 'di-women-over-30', kind: 'distribution', dataset: 'fair', question: 'average affairs among women older than 30', check: { type: 'numbers', truth: "df.loc[df['age'] > 30, 'affairs'].mean()" } },
  { id: 'di-poverty-murder-above', kind: 'distribution', dataset: 'statecrime', question: 'average poverty of states with murder above 10', check: { type: 'numbers', truth: "df.loc[df['murder'] > 10, 'poverty'].mean()" } },
  { id: 'di-p90', kind: 'distribution', dataset: 'macro', question: 'What is the 90th percentile of unemployment?', check: { type: 'numbers', truth: "df['unemp'].quantile(0.9)" } },

  { id: 'co-gdp-cons', kind: 'correlation', dataset: 'macro', question: 'correlation between realgdp and realcons', check: { type: 'numbers', truth: "df['realgdp'].corr(df['realcons'])" } },
  { id: 'co-gdp-unemployment', kind: 'correlation', dataset: 'macro', question: 'Is real GDP correlated with unemployment?', check: { type: 'numbers', truth: "df['realgdp'].corr(df['unemp'])" } },
  { id: 'co-invest-value', kind: 'correlation', dataset: 'grunfeld', question: 'correlation between invest and value', check: { type: 'numbers', truth: "df['invest'].corr(df['value'])" } },
  { id: 'co-investment-capital', kind: 'correlation', dataset: 'grunfeld', question: 'relationship between investment and capital', check: { type: 'numbers', truth: "df['invest'].corr(df['capital'])" } },
  { id: 'co-poverty-murder', kind: 'correlation', dataset: 'statecrime', question: 'correlation between poverty and murder', check: { type: 'numbers', truth: "df['poverty'].corr(df['murder'])" } },
  { id: 'co-affairs-age', kind: 'correlation', dataset: 'fair', question: 'Are affairs related to age?', check: { type: 'numbers', truth: "df['affairs'].corr(df['age'])" } },
  { id: 'co-petals', kind: 'correlation', dataset: 'iris', question: 'correlation between petal length and petal width', check: { type: 'numbers', truth: "df['petal_length'].corr(df['petal_width'])" } },
  { id: 'co-food', kind: 'correlation', dataset: 'engel', question: 'correlation of income and food expenditure', check: { type: 'numbers', truth: "df['income'].corr(df['foodexp'])" } },
  { id: 'co-ibm', kind: 'correlation', dataset: 'grunfeld', question: 'correlation between invest and value for IBM', check: { type: 'numbers', truth: "df[df['firm'] == 'IBM']['invest'].corr(df[df['firm'] == 'IBM']['value'])" } },
];
