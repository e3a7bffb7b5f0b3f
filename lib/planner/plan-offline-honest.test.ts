/**
 * Issue 9: the offline planner is correct or honest. Column names as real files spell them (statsmodels' `invest`,
 * `realgdp`, `unemp`), conditions, N, requests outside the repertoire, and the plan saying how it read the question.
 */
import { describe, expect, it } from 'vitest';
import type { DatasetBrief } from '@/lib/ask/contracts';
import { findMentions, planColumns } from './match-columns';
import { NOT_AS_ASKED } from './plan-notes';
import { planOffline, type PlanOfflineResult } from './plan-offline';
import { pythonString } from '@/lib/text/python-literal';

function brief({ columns, fileName }: { columns: [string, string][]; fileName: string }): DatasetBrief {
  return {
    id: `${fileName.replace(/\W/g, '')}0001`,
    variable: 'df1',
    displayName: fileName,
    fileName,
    format: 'csv',
    rowEstimate: { value: 100, exact: true },
    columns: columns.map(([name, type]) => ({ name, type })),
    omittedColumns: 0,
    sampleRows: [],
  };
}

const grunfeld = brief({
  fileName: 'grunfeld.csv',
  columns: [
    ['invest', 'number'],
    ['value', 'number'],
    ['capital', 'number'],
    ['firm', 'string'],
    ['year', 'integer'],
  ],
});
const macro = brief({
  fileName: 'macrodata.csv',
  columns: [
    ['year', 'integer'],
    ['quarter', 'integer'],
    ['realgdp', 'number'],
    ['realinv', 'number'],
    ['unemp', 'number'],
    ['infl', 'number'],
  ],
});
const crime = brief({
  fileName: 'statecrime.csv',
  columns: [
    ['state', 'string'],
    ['murder', 'number'],
    ['poverty', 'number'],
    ['urban', 'number'],
  ],
});
const fair = brief({
  fileName: 'fair.csv',
  columns: [
    ['age', 'number'],
    ['children', 'number'],
    ['affairs', 'number'],
  ],
});
const engel = brief({
  fileName: 'engel.csv',
  columns: [
    ['income', 'number'],
    ['foodexp', 'number'],
  ],
});
const dated = brief({
  fileName: 'dated.csv',
  columns: [
    ['date', 'integer'],
    ['unemp', 'number'],
  ],
});

function plan({ question, dataset }: { question: string; dataset: DatasetBrief }): PlanOfflineResult {
  return planOffline({ question, datasets: [dataset] });
}

function planned({ question, dataset }: { question: string; dataset: DatasetBrief }): { plan: string; code: string; intent: string } {
  const result = plan({ question, dataset });
  if (!result.ok) throw new Error(`expected a plan for "${question}", got: ${result.message}`);
  return { plan: result.generated.plan, code: result.generated.code, intent: result.intent };
}

describe('column names as files abbreviate them', () => {
  it.each([
    ['total investment per firm', grunfeld, 'invest', '"investment" as the column "invest"'],
    ['average real GDP per year', macro, 'realgdp', '"real gdp" as the column "realgdp"'],
    ['unemployment over time', macro, 'unemp', '"unemployment" as the column "unemp"'],
    ['correlation of income and food expenditure', engel, 'foodexp', '"food expenditure" as the column "foodexp"'],
  ])('%s measures %s and says how it read it', (question, dataset, column, reading) => {
    const { plan: line, code } = planned({ question, dataset });
    expect(code).toContain(pythonString(column));
    expect(line).toContain(`Read ${reading}`);
    // Printed too, so the answer (written from the outputs) repeats the reading.
    expect(code).toContain(`print(${pythonString(`Note: Read ${reading}.`)})`);
    expect(code).not.toMatch(/measure_name = 'rows'/);
  });

  it('a short name is not a prefix of any longer word ("age" is not "agency")', () => {
    const { usable } = planColumns({ dataset: fair });
    expect(findMentions({ question: 'distribution of agency', columns: usable })).toEqual([]);
  });

  it('an exact name adds no reading note', () => {
    expect(planned({ question: 'average invest by firm', dataset: grunfeld }).plan).not.toContain('Read ');
  });
});

describe('N, conditions and periods', () => {
  it.each([
    ['Which 5 states have the highest murder rate?', 5],
    ['Which 3 states have the lowest poverty?', 3],
    ['Which state has the highest murder?', 1],
  ])('%s ranks %i', (question, n) => {
    expect(planned({ question, dataset: crime }).plan).toContain(`top N: ${question.includes('lowest') ? 'bottom' : 'top'} ${n} "state"`);
  });

  it('applies "older than 30" to the age column and reads the rest as the question', () => {
    const { plan: line, code, intent } = planned({ question: 'average affairs among women older than 30', dataset: fair });
    expect(intent).toBe('distribution');
    expect(code).toContain("df = df[pd.to_numeric(df[condition_column], errors='coerce') > 30]");
    expect(code.indexOf('> 30]')).toBeLessThan(code.indexOf("column = 'affairs'"));
    expect(line).toContain('Only the rows where "age" > 30.');
  });

  it('applies "column above number" and "more than N column"', () => {
    const poverty = planned({ question: 'average poverty of states with murder above 10', dataset: crime });
    expect(poverty.intent).toBe('distribution');
    expect(poverty.plan).toContain('"murder" > 10');
    const children = planned({ question: 'average affairs for women with more than 2 children', dataset: fair });
    expect(children.plan).toContain('"children" > 2');
    expect(children.code).toContain("column = 'affairs'");
  });

  it('keeps N and the condition together', () => {
    const { plan: line } = planned({ question: 'top 5 states by poverty among states with urban above 60', dataset: crime });
    expect(line).toContain('top 5 "state"');
    expect(line).toContain('"urban" > 60');
  });

  it('applies "for <value>" to a text column, the value as a string literal', () => {
    const value = "General Motors' + __import__('os')";
    const { plan: line, code, intent } = planned({ question: `average invest by year for ${value}`, dataset: grunfeld });
    expect(intent).toBe('trend');
    expect(code).toContain(`condition_value = ${pythonString(value)}`);
    expect(line).toContain('is "General Motors');
    expect(planned({ question: 'average invest for each firm', dataset: grunfeld }).code).not.toContain('condition_value');
  });

  it('declines a condition it cannot tie to a column, or a text value where there is no text column', () => {
    const noColumn = plan({ question: 'how many rows are above 15?', dataset: crime });
    expect(noColumn.ok).toBe(false);
    if (!noColumn.ok) expect(noColumn.message).toContain('cannot tie to a numeric column');
    const noAge = plan({ question: 'average murder of people older than 30', dataset: crime });
    expect(noAge.ok).toBe(false);
    const noText = plan({ question: 'average affairs for Bob', dataset: fair });
    expect(noText.ok).toBe(false);
  });

  it('groups by a quarter column (1–4) instead of reading dates from it', () => {
    expect(planned({ question: 'average unemployment by quarter', dataset: macro }).intent).toBe('group-by');
  });

  it('reads eight-digit integer dates as YYYYMMDD at run time', () => {
    const { code } = planned({ question: 'average unemp per year', dataset: dated });
    expect(code).toContain("date_format = '%Y%m%d' if eight_digits else '%Y'");
  });
});

describe('outside the repertoire: declined with suggestions from the data', () => {
  it.each([
    ['Fit a linear regression of invest on value and capital', grunfeld, 'regression'],
    ['Forecast real GDP for the next 4 quarters', macro, 'forecast'],
    ['What will investment be in 1960?', grunfeld, 'forecast'],
    ['Cluster the states into 3 groups using k-means', crime, 'cluster'],
    ['Run a chi-square test of firm against invest', grunfeld, 'statistical test'],
    ['What is the 90th percentile of unemployment?', macro, 'percentiles'],
  ])('%s', (question, dataset, what) => {
    const result = plan({ question, dataset });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain(what);
    expect(result.suggestions.length).toBeGreaterThan(0);
    const names = dataset.columns.map((column) => column.name);
    expect(result.suggestions.some((idea) => names.some((name) => idea.includes(name)))).toBe(true);
  });

  it('still answers what sits close to those words', () => {
    expect(plan({ question: 'correlation coefficient of invest and value', dataset: grunfeld }).ok).toBe(true);
    expect(plan({ question: 'median murder', dataset: crime }).ok).toBe(true);
  });

  it('a missing-values question about a column that does not exist says what it did instead', () => {
    expect(planned({ question: 'How many values are missing in salaries?', dataset: macro }).plan).toContain(`${NOT_AS_ASKED} no column matches "salaries"`);
    // A year is a condition on the year column (year-condition.ts), not a column that is missing.
    expect(planned({ question: 'How many values are missing in 2005?', dataset: macro }).plan).toContain('Only the rows where the year of "year" is 2005');
    expect(planned({ question: 'Which columns have missing values?', dataset: macro }).plan).not.toContain(NOT_AS_ASKED);
  });
});
