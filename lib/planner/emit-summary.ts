/** Overview, missing values and the distribution of one column: the describe-the-data intents. */
import type { PlanColumn } from './match-columns';
import { COUNT_UNIQUE, SHORT_LABEL, frameLine, importLines, joinCode, planLine } from './program';
import { pythonString } from '@/lib/text/python-literal';
import { displayName } from './plan-text';
import type { EmitContext, Emitted } from './types';

function where({ context }: { context: EmitContext }): { variable: string; fileName: string } {
  return { variable: context.dataset.variable, fileName: context.dataset.fileName };
}

export function emitOverview({ context }: { context: EmitContext }): Emitted {
  const lines = [
    ...importLines({ pyplot: false }),
    ...COUNT_UNIQUE,
    frameLine(where({ context })),
    "print('Rows:', df.shape[0])",
    "print('Columns:', df.shape[1])",
    '',
    // By position: names are not guaranteed unique in every format, and df[name] would then be a DataFrame.
    'summary = pd.DataFrame({',
    "    'dtype': [str(t) for t in df.dtypes],",
    "    'non_null': [int(df.iloc[:, i].notna().sum()) for i in range(df.shape[1])],",
    "    'missing': [int(df.iloc[:, i].isna().sum()) for i in range(df.shape[1])],",
    "    'unique': [count_unique(df.iloc[:, i]) for i in range(df.shape[1])],",
    '}, index=df.columns)',
    "print('\\nColumns (type, non-null, missing, distinct):')",
    'print(summary.to_string())',
    "print('\\nFirst rows:')",
    'print(df.head().iloc[:, :20].to_string())',
    "numeric = df.select_dtypes(include='number')",
    'if numeric.shape[1] > 0:',
    "    print('\\nNumeric columns:')",
    '    print(numeric.describe().T.to_string())',
    'result = summary',
  ];
  return {
    plan: planLine({
      intent: 'overview',
      detail: 'shape, column types, missing and distinct counts, first rows, numeric summary of all columns',
      ...where({ context }),
    }),
    code: joinCode({ lines }),
    figures: 0,
    table: true,
  };
}

export function emitMissing({ context, focus }: { context: EmitContext; focus: PlanColumn | null }): Emitted {
  const focusLines = focus
    ? [`focus = ${pythonString(focus.name)}`, "print('Missing in', focus + ':', int(df[focus].isna().sum()), 'of', len(df), 'rows')"]
    : [];
  const lines = [
    ...importLines({}),
    ...SHORT_LABEL,
    frameLine(where({ context })),
    'missing = df.isna().sum()',
    'percent = missing / len(df) * 100 if len(df) > 0 else missing * 0.0',
    "table = pd.DataFrame({'missing': missing, 'percent': percent.round(2)})",
    "table = table.sort_values('missing', ascending=False, kind='mergesort')",
    "print('Rows:', len(df))",
    "print('Missing cells:', int(missing.sum()), 'of', int(df.size))",
    "print('Columns with missing values:', int((missing > 0).sum()), 'of', df.shape[1])",
    ...focusLines,
    "with_missing = table[table['missing'] > 0]",
    'if len(with_missing) > 0:',
    "    print('\\nMissing values per column:')",
    '    print(with_missing.to_string())',
    '',
    'shown = with_missing.head(30)',
    'fig, ax = plt.subplots(figsize=(8, max(3, 0.35 * len(shown) + 1.5)))',
    'if len(shown) > 0:',
    '    positions = list(range(len(shown)))[::-1]',
    "    ax.barh(positions, shown['percent'], color='#E45756')",
    '    ax.set_yticks(positions)',
    '    ax.set_yticklabels([short_label(name) for name in shown.index])',
    'else:',
    "    ax.text(0.5, 0.5, 'No missing values', ha='center', va='center', transform=ax.transAxes)",
    "ax.set_xlabel('Missing (% of rows)')",
    "ax.set_title('Missing values per column')",
    'fig.tight_layout()',
    'result = table',
  ];
  const detail = focus ? `missing counts and % per column, focus on ${displayName(focus.name)}` : 'missing counts and % per column';
  return { plan: planLine({ intent: 'missing values', detail, ...where({ context }) }), code: joinCode({ lines }), figures: 1, table: true };
}

function numericDistribution({ context, column }: { context: EmitContext; column: PlanColumn }): string[] {
  return [
    ...importLines({ numpy: true }),
    ...SHORT_LABEL,
    frameLine(where({ context })),
    `column = ${pythonString(column.name)}`,
    // float64 also turns nullable integers' <NA> into NaN, which np.isfinite understands.
    "values = pd.to_numeric(df[column], errors='coerce').astype('float64')",
    'valid = values[np.isfinite(values)]',
    "print('Column:', column)",
    "print('Values:', int(valid.size), '| missing or not numeric:', int(values.size - valid.size))",
    'summary = valid.describe()',
    "summary['median'] = valid.median()",
    "summary['sum'] = valid.sum()",
    "summary['skew'] = valid.skew()",
    "for name in ['mean', 'median', 'std', 'min', 'max', 'sum', 'skew']:",
    "    print(name.capitalize() + ':', round(float(summary[name]), 4))",
    '',
    'fig, ax = plt.subplots(figsize=(8, 4.5))',
    'if valid.size > 0:',
    '    bins = int(min(50, max(5, round(np.sqrt(valid.size)))))',
    "    ax.hist(valid, bins=bins, color='#4C78A8', edgecolor='white')",
    "    ax.axvline(valid.mean(), color='#E45756', linestyle='--', label='mean')",
    "    ax.axvline(valid.median(), color='#54A24B', linestyle=':', label='median')",
    '    ax.legend()',
    "ax.set_title('Distribution of ' + short_label(column))",
    'ax.set_xlabel(short_label(column))',
    "ax.set_ylabel('Rows')",
    'fig.tight_layout()',
    'result = summary',
  ];
}

function categoricalDistribution({ context, column }: { context: EmitContext; column: PlanColumn }): string[] {
  return [
    ...importLines({}),
    ...SHORT_LABEL,
    frameLine(where({ context })),
    `column = ${pythonString(column.name)}`,
    'values = df[column]',
    'try:',
    '    counts = values.value_counts(dropna=True)',
    'except TypeError:  # nested JSON values (lists, dicts) are unhashable: count their text',
    '    counts = values.dropna().astype(str).value_counts()',
    'total = int(counts.sum())',
    "table = pd.DataFrame({'count': counts.values, 'percent': (counts.values / max(total, 1) * 100).round(2)}, index=counts.index)",
    'table.index.name = column',
    "print('Column:', column)",
    "print('Distinct values:', len(table), '| missing:', int(values.isna().sum()), '| rows:', len(values))",
    'if len(table) > 0:',
    "    print('Most common:', table.index[0], '(' + str(int(table['count'].iloc[0])) + ' rows)')",
    "print('\\nMost common values:')",
    'print(table.head(20).to_string())',
    '',
    'shown = table.head(20)',
    'fig, ax = plt.subplots(figsize=(8, max(3, 0.35 * len(shown) + 1.5)))',
    'positions = list(range(len(shown)))[::-1]',
    "ax.barh(positions, shown['count'], color='#4C78A8')",
    'ax.set_yticks(positions)',
    'ax.set_yticklabels([short_label(value) for value in shown.index])',
    "ax.set_xlabel('Rows')",
    "ax.set_title('Most common values of ' + short_label(column))",
    'fig.tight_layout()',
    'result = table',
  ];
}

export function emitDistribution({ context, column }: { context: EmitContext; column: PlanColumn }): Emitted {
  const numeric = column.kind === 'numeric';
  const lines = numeric ? numericDistribution({ context, column }) : categoricalDistribution({ context, column });
  const detail = numeric ? `histogram and summary statistics of ${displayName(column.name)}` : `value counts of ${displayName(column.name)} (top 20 charted)`;
  return { plan: planLine({ intent: 'distribution', detail, ...where({ context }) }), code: joinCode({ lines }), figures: 1, table: true };
}
