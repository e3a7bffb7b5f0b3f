import { expect, it } from 'vitest';
import { mutateProgram } from './mutations';

const ranking = [
  'df = df1',
  "condition_column = 'urban'",
  "df = df[pd.to_numeric(df[condition_column], errors='coerce') > 60]",
  "print('Rows where', condition_column, '> 60:', len(df))",
  "group_columns = ['state']",
  "value_column = 'poverty'",
  "values = pd.to_numeric(df[value_column], errors='coerce').astype('float64')",
  "measure_name = 'mean' + ' ' + str(value_column)",
  'grouped = values.groupby(keys)',
  "table = pd.DataFrame({measure_name: grouped.agg('mean'), 'rows': grouped.size()})",
  'table = table[table[measure_name].notna()]',
  'table = table.head(5)',
  'labels = labels[:5]',
  'shown = table.head(5)',
  'result = table',
].join('\n');

it('wrong N: every head(N) and [:N] of the ranking becomes 10', () => {
  const mutated = mutateProgram({ kind: 'wrong-n', code: ranking }) ?? '';
  expect(mutated).toContain('table = table.head(10)');
  expect(mutated).toContain('labels = labels[:10]');
  expect(mutated).not.toContain('head(5)');
});

it('wrong measure: the measure column and its aggregate give way to row counts', () => {
  const mutated = mutateProgram({ kind: 'wrong-measure', code: ranking }) ?? '';
  expect(mutated).toContain("measure_name = 'rows'\ntable = df.groupby(keys).size().to_frame(measure_name)");
  expect(mutated).not.toMatch(/value_column|agg\('mean'\)/);
});

it('dropped condition: the filter lines go, the rest stays', () => {
  const mutated = mutateProgram({ kind: 'dropped-condition', code: ranking }) ?? '';
  expect(mutated).not.toMatch(/condition_column|> 60/);
  expect(mutated).toContain("group_columns = ['state']");
});

it('returns null where a mutation does not apply', () => {
  expect(mutateProgram({ kind: 'wrong-n', code: 'result = df1.describe()' })).toBeNull();
  expect(mutateProgram({ kind: 'dropped-condition', code: 'result = df1.describe()' })).toBeNull();
  expect(mutateProgram({ kind: 'wrong-measure', code: 'result = df1.describe()' })).toBeNull();
});
