/** Group-by aggregates ("average X by Y") and rankings ("top 5 Y by X"), which share the grouped table. */
import type { PlanColumn } from './match-columns';
import { SHORT_LABEL, frameLine, importLines, joinCode, measurePhrase, planLine } from './program';
import { pythonList, pythonString } from '@/lib/text/python-literal';
import { displayName } from './plan-text';
import type { Aggregation, EmitContext, Emitted } from './types';

const NUMERIC_AGGREGATIONS = new Set<Aggregation>(['mean', 'sum', 'median', 'min', 'max', 'std']);

/**
 * Python building `table` (indexed by the group keys, sorted by the measure) with columns `measure_name` and
 * 'rows'. Groups are formed from the key Series directly, so the measure column never has to be added to `df`.
 */
function groupedTableLines({
  groups,
  value,
  aggregation,
  ascending,
}: {
  groups: PlanColumn[];
  value: PlanColumn | null;
  aggregation: Aggregation;
  ascending: boolean;
}): string[] {
  const valueLines =
    value === null || aggregation === 'size'
      ? ["measure_name = 'rows'", 'table = df.groupby(keys).size().to_frame(measure_name)']
      : [
          `value_column = ${pythonString(value.name)}`,
          NUMERIC_AGGREGATIONS.has(aggregation) ? "values = pd.to_numeric(df[value_column], errors='coerce').astype('float64')" : 'values = df[value_column]',
          `measure_name = ${pythonString(aggregation)} + ' ' + str(value_column)`,
          'grouped = values.groupby(keys)',
          `table = pd.DataFrame({measure_name: grouped.agg(${pythonString(aggregation)}), 'rows': grouped.size()})`,
          'table = table[table[measure_name].notna()]',
        ];
  return [
    `group_columns = ${pythonList(groups.map((column) => column.name))}`,
    'keys = [df[name] for name in group_columns]',
    ...valueLines,
    `table = table.sort_values(measure_name, ascending=${ascending ? 'True' : 'False'}, kind='mergesort')`,
    'left_out = int(df[group_columns].isna().any(axis=1).sum())',
    "labels = [' / '.join(str(part) for part in key) if isinstance(key, tuple) else str(key) for key in table.index]",
  ];
}

function barChartLines({ shownRows, title }: { shownRows: string; title: string }): string[] {
  return [
    `shown = table.head(${shownRows})`,
    'fig, ax = plt.subplots(figsize=(8, max(3, 0.35 * len(shown) + 1.5)))',
    'positions = list(range(len(shown)))[::-1]',
    "ax.barh(positions, shown[measure_name], color='#4C78A8')",
    'ax.set_yticks(positions)',
    'ax.set_yticklabels([short_label(label) for label in labels[:len(shown)]])',
    'ax.set_xlabel(short_label(measure_name))',
    `ax.set_title(${title})`,
    'fig.tight_layout()',
  ];
}

export function emitGroupBy({
  context,
  value,
  aggregation,
  groups,
}: {
  context: EmitContext;
  value: PlanColumn | null;
  aggregation: Aggregation;
  groups: PlanColumn[];
}): Emitted {
  const lines = [
    ...importLines({}),
    ...SHORT_LABEL,
    frameLine({ variable: context.dataset.variable }),
    ...groupedTableLines({ groups, value, aggregation, ascending: false }),
    "print('Groups:', len(table), '| rows without a group value (left out):', left_out)",
    'if len(table) > 0:',
    "    print('Highest:', labels[0], '=', round(float(table[measure_name].iloc[0]), 4))",
    "    print('Lowest:', labels[-1], '=', round(float(table[measure_name].iloc[-1]), 4))",
    "print('\\n' + str(measure_name) + ' by ' + ', '.join(str(name) for name in group_columns) + ':')",
    'print(table.head(50).to_string())',
    '',
    ...barChartLines({
      shownRows: '30',
      title: "short_label(measure_name) + ' by ' + short_label(', '.join(str(name) for name in group_columns))",
    }),
    'result = table',
  ];
  const by = groups.map((column) => displayName(column.name)).join(' and ');
  return {
    plan: planLine({
      intent: 'group-by aggregate',
      detail: `${measurePhrase({ aggregation, value })} by ${by}, sorted, bar chart of the top 30 groups`,
      variable: context.dataset.variable,
      fileName: context.dataset.fileName,
    }),
    code: joinCode({ lines }),
    figures: 1,
    table: true,
  };
}

/** Top rows of the table itself by a metric, when no entity column is named ("the 5 largest orders"). */
function topRowsLines({ context, n, ascending, metric }: { context: EmitContext; n: number; ascending: boolean; metric: PlanColumn }): string[] {
  // A label for the bars: the first text column, else the row index.
  const label = context.columns.find((column) => column.kind === 'categorical' && column.name !== metric.name);
  return [
    `metric = ${pythonString(metric.name)}`,
    "values = pd.to_numeric(df[metric], errors='coerce').astype('float64').dropna()",
    `order = values.sort_values(ascending=${ascending ? 'True' : 'False'}, kind='mergesort').index[:${n}]`,
    'table = df.loc[order]',
    `label_column = ${label ? pythonString(label.name) : 'None'}`,
    'labels = [str(v) for v in (table[label_column] if label_column is not None else table.index)]',
    "print('Rows ranked:', len(values), '| shown:', len(table))",
    'for label, amount in zip(labels, values.loc[order]):',
    "    print('  ' + label + ':', round(float(amount), 4))",
    '',
    'fig, ax = plt.subplots(figsize=(8, max(3, 0.35 * len(table) + 1.5)))',
    'positions = list(range(len(table)))[::-1]',
    "ax.barh(positions, values.loc[order], color='#4C78A8')",
    'ax.set_yticks(positions)',
    'ax.set_yticklabels([short_label(label) for label in labels])',
    'ax.set_xlabel(short_label(metric))',
    `ax.set_title(${pythonString(ascending ? `Bottom ${n} rows by ` : `Top ${n} rows by `)} + short_label(metric))`,
    'fig.tight_layout()',
    'result = table',
  ];
}

export function emitTopN({
  context,
  n,
  ascending,
  metric,
  entity,
  aggregation,
}: {
  context: EmitContext;
  n: number;
  ascending: boolean;
  metric: PlanColumn | null;
  entity: PlanColumn | null;
  aggregation: Aggregation;
}): Emitted {
  const word = ascending ? 'bottom' : 'top';
  const head = [...importLines({}), ...SHORT_LABEL, frameLine({ variable: context.dataset.variable })];
  let body: string[];
  let detail: string;
  if (entity === null && metric !== null) {
    body = topRowsLines({ context, n, ascending, metric });
    detail = `${word} ${n} rows by ${displayName(metric.name)}`;
  } else if (entity !== null) {
    const value = aggregation === 'size' ? null : metric;
    body = [
      ...groupedTableLines({ groups: [entity], value, aggregation, ascending }),
      `table = table.head(${n})`,
      `labels = labels[:${n}]`,
      "print('Groups ranked:', len(labels), '| rows without a value of the group column (left out):', left_out)",
      'if len(table) > 0:',
      `    print(${pythonString(ascending ? 'Lowest: ' : 'Highest: ')} + labels[0], '=', round(float(table[measure_name].iloc[0]), 4))`,
      `print(${pythonString(`\n${word === 'top' ? 'Top' : 'Bottom'} ${n}:`)})`,
      'print(table.to_string())',
      '',
      ...barChartLines({
        shownRows: String(n),
        title: `${pythonString(`${word === 'top' ? 'Top' : 'Bottom'} ${n} `)} + short_label(group_columns[0]) + ' by ' + short_label(measure_name)`,
      }),
      'result = table',
    ];
    detail = `${word} ${n} ${displayName(entity.name)} by ${measurePhrase({ aggregation, value })}`;
  } else {
    throw new Error('top-n needs a metric or an entity column');
  }
  return {
    plan: planLine({ intent: 'top N', detail, variable: context.dataset.variable, fileName: context.dataset.fileName }),
    code: joinCode({ lines: [...head, ...body] }),
    figures: 1,
    table: true,
  };
}
