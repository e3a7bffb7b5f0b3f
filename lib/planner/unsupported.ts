/**
 * Requests the offline planner has no analysis for. Without this list they fell through to the nearest analysis it
 * does know ("fit a linear regression" became the Predict preset's random forest, "forecast GDP" a histogram,
 * "cluster the states" value counts): a plausible-looking answer to another question. Each entry says what is not
 * available and what is closest, so the refusal is useful.
 */
import { normaliseQuestion } from './intent-slots';

interface Unsupported {
  pattern: RegExp;
  what: string;
  instead: string;
}

const UNSUPPORTED: Unsupported[] = [
  {
    pattern: /\b(regression|regress|ols|least squares)\b/,
    what: 'fit regression models (linear, logistic or other)',
    instead: 'correlations between numeric columns, or the Predict preset (a random forest against a baseline, not a regression)',
  },
  {
    pattern: /\b(fit (?:a|an|the) \w+|splines?|residuals?|smoothing|curve fit\w*|interpolat\w*)\b/,
    what: 'fit models or curves (splines, smoothing, residuals)',
    instead: 'the trend over time of a column, or correlations between numeric columns',
  },
  {
    pattern: /\b(forecasts?|forecasting|arima|extrapolat\w*|next \d+ (?:years?|quarters?|months?|weeks?|days?)|will \w+(?: \w+)? be in)\b/,
    what: 'forecast future values',
    instead: 'the trend over time of a column',
  },
  {
    pattern: /\b(cluster|clusters|clustering|k-means|kmeans)\b/,
    what: 'cluster rows into groups',
    instead: 'an aggregate by an existing group column',
  },
  {
    pattern: /\b(chi-square|chi-squared|chi square|chi squared|chi2|anova|mann-whitney|wilcoxon|kruskal|kolmogorov|shapiro|normality test)\b/,
    what: "run that statistical test (only Welch's t-test between two groups)",
    instead: 'a comparison of two groups ("compare X between A and B")',
  },
  {
    pattern: /\b(pca|principal components?|factor analysis|t-sne|tsne|umap|dimensionality)\b/,
    what: 'reduce dimensions (PCA and the like)',
    instead: 'correlations between numeric columns',
  },
  {
    // The distribution summary shows the quartiles; any other percentile would be a different number.
    pattern: /\b(?!(?:25|50|75)(?:st|nd|rd|th)\b)\d{1,2}(?:st|nd|rd|th) percentile\b|\bquantiles?\b|\bdeciles?\b/,
    what: 'compute percentiles other than the quartiles (25th, median, 75th)',
    instead: 'the distribution of the column, which shows its quartiles',
  },
];

/** The sentence to decline with when the question asks for something outside the repertoire, else null. */
export function unsupportedRequest({ question }: { question: string }): string | null {
  const text = normaliseQuestion(question);
  const found = UNSUPPORTED.find((entry) => entry.pattern.test(text));
  return found ? `The offline planner cannot ${found.what}. The closest it can do is ${found.instead}.` : null;
}
