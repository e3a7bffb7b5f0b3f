/** Trends over time: a date column parsed leniently, values aggregated per calendar period, a line chart. */
import type { PlanColumn } from './match-columns';
import { SHORT_LABEL, frameLine, importLines, joinCode, measurePhrase, planLine } from './program';
import { pythonString } from '@/lib/text/python-literal';
import { displayName } from './plan-text';
import type { Aggregation, EmitContext, Emitted, Frequency } from './types';

const FREQUENCY_WORDS: Record<Frequency, string> = { D: 'day', W: 'week', M: 'month', Q: 'quarter', Y: 'year' };

/**
 * Python setting `dates` (naive, UTC wall time; NaT where unparseable). utc=True makes mixed offsets one dtype
 * instead of an object column. pandas ≥ 2 infers one format from the first value and turns differently written
 * values into NaT, so those are parsed again one by one (format='mixed' exists only from 2.0). Numbers are years
 * (2019) or, when every value has eight digits, YYYYMMDD dates (19590331, as many exports write them): read as
 * years, those were all NaT; read as plain numbers, nanoseconds since 1970.
 */
export function parseDatesLines({ column }: { column: PlanColumn }): string[] {
  if (column.kind === 'numeric') {
    return [
      `date_column = ${pythonString(column.name)}`,
      "date_numbers = pd.to_numeric(df[date_column], errors='coerce').round().astype('Int64')",
      'known_numbers = date_numbers.dropna()',
      'eight_digits = len(known_numbers) > 0 and bool(known_numbers.between(10000101, 99991231).all())',
      "date_format = '%Y%m%d' if eight_digits else '%Y'",
      "print('Dates read from the numbers in', date_column, 'as', 'YYYYMMDD' if eight_digits else 'years')",
      "dates = pd.to_datetime(date_numbers.astype(str), errors='coerce', utc=True, format=date_format)",
      'dates = dates.dt.tz_convert(None)',
    ];
  }
  return [
    `date_column = ${pythonString(column.name)}`,
    'raw_dates = df[date_column]',
    "dates = pd.to_datetime(raw_dates, errors='coerce', utc=True)",
    "unparsed = dates.isna() & raw_dates.notna() & (raw_dates.astype(str).str.strip() != '')",
    "if unparsed.any() and int(pd.__version__.split('.')[0]) >= 2:",
    "    dates[unparsed] = pd.to_datetime(raw_dates[unparsed], errors='coerce', utc=True, format='mixed')",
    'dates = dates.dt.tz_convert(None)',
  ];
}

function frequencyLines({ frequency }: { frequency: Frequency | null }): string[] {
  if (frequency !== null) return [`frequency = ${pythonString(frequency)}`];
  // Monthly unless the span makes months too coarse (a few weeks of data) or too fine (decades).
  return [
    'span_days = (dates.max() - dates.min()).days if dates.notna().any() else 0',
    "frequency = 'D' if span_days <= 60 else 'W' if span_days <= 180 else 'M' if span_days <= 6 * 366 else 'Y'",
  ];
}

/** Python keeping only the rows of the largest groups (by rows with a date), so the chart stays readable. */
function splitLines({ split }: { split: PlanColumn }): string[] {
  return [
    `split_column = ${pythonString(split.name)}`,
    "sizes = df.loc[periods.index].groupby(split_column).size().sort_values(ascending=False, kind='mergesort')",
    `shown_groups = list(sizes.index[:${MAX_LINES}])`,
    `if len(sizes) > ${MAX_LINES}:`,
    `    print('Note: showing the ${MAX_LINES} largest of', len(sizes), 'groups of', split_column)`,
    'periods = periods[df.loc[periods.index, split_column].isin(shown_groups)]',
    'keys = [periods, df.loc[periods.index, split_column]]',
  ];
}

const MAX_LINES = 6;

export function emitTrend({
  context,
  date,
  value,
  aggregation,
  frequency,
  split,
}: {
  context: EmitContext;
  date: PlanColumn;
  value: PlanColumn | null;
  aggregation: Aggregation;
  frequency: Frequency | null;
  split: PlanColumn | null;
}): Emitted {
  const counts = value === null || aggregation === 'size';
  const additive = counts || aggregation === 'sum' || aggregation === 'count';
  const keys = split ? 'keys' : 'periods';
  const measureLines = counts
    ? ["measure_name = 'rows'", `series = periods.groupby(${keys}).size()`]
    : [
        `value_column = ${pythonString(value.name)}`,
        aggregation === 'nunique' || aggregation === 'count'
          ? 'values = df[value_column]'
          : "values = pd.to_numeric(df[value_column], errors='coerce').astype('float64')",
        `measure_name = ${pythonString(aggregation)} + ' ' + str(value_column)`,
        `series = values.loc[periods.index].groupby(${keys}).agg(${pythonString(aggregation)})`,
      ];
  // Every period between the first and the last, so a month without rows shows as 0 (counts, totals) or a gap.
  const tableLines = [
    'if len(periods) > 0:',
    '    full = pd.period_range(periods.min(), periods.max(), freq=frequency)',
    split ? '    table = series.unstack().reindex(index=full, columns=shown_groups)' : '    table = series.to_frame(measure_name).reindex(full)',
    ...(additive ? ['    table = table.fillna(0)'] : []),
    '    table.index = full.to_timestamp()',
    'else:',
    split ? '    table = pd.DataFrame(columns=shown_groups)' : '    table = pd.DataFrame({measure_name: []})',
    "table.index.name = 'period start'",
    "print('Periods:', len(table), '(one per ' + period_names[frequency] + ')')",
  ];
  const summaryLines = split
    ? ["print('Groups of ' + str(split_column) + ':', ', '.join(str(name) for name in shown_groups))"]
    : [
        'if len(table) > 0:',
        "    print('First period:', table.index[0].date(), '=', round(float(table[measure_name].iloc[0]), 4))",
        "    print('Last period:', table.index[-1].date(), '=', round(float(table[measure_name].iloc[-1]), 4))",
        'if table[measure_name].notna().any():',
        '    peak = table[measure_name].idxmax()',
        "    print('Peak period:', peak.date(), '=', round(float(table[measure_name].max()), 4))",
      ];
  const plotLines = split
    ? [
        'for name in table.columns:',
        "    ax.plot(table.index, table[name], marker='o', markersize=3, label=short_label(name, 25))",
        'if len(table.columns) > 0:',
        '    ax.legend(title=short_label(split_column, 25), fontsize=8)',
      ]
    : ["ax.plot(table.index, table[measure_name], marker='o', markersize=3, color='#4C78A8')"];
  const lines = [
    ...importLines({}),
    ...SHORT_LABEL,
    frameLine({ variable: context.dataset.variable }),
    ...parseDatesLines({ column: date }),
    "print('Rows with a usable date:', int(dates.notna().sum()), 'of', len(df))",
    ...frequencyLines({ frequency }),
    "period_names = {'D': 'day', 'W': 'week', 'M': 'month', 'Q': 'quarter', 'Y': 'year'}",
    'periods = dates.dropna().dt.to_period(frequency)',
    ...(split ? splitLines({ split }) : []),
    ...measureLines,
    ...tableLines,
    ...summaryLines,
    "print('\\n' + str(measure_name) + ' per ' + period_names[frequency] + ':')",
    'print(table.tail(60).to_string())',
    '',
    'fig, ax = plt.subplots(figsize=(9, 4.5))',
    ...plotLines,
    "ax.set_title(short_label(measure_name) + ' per ' + period_names[frequency] + ' (' + short_label(date_column) + ')')",
    "ax.set_xlabel('Period start')",
    'ax.set_ylabel(short_label(measure_name))',
    'fig.autofmt_xdate()',
    'fig.tight_layout()',
    'result = table',
  ];
  const per = frequency ? `per ${FREQUENCY_WORDS[frequency]}` : 'per month (or day/week/year, from the date span)';
  const by = split ? `, one line per ${displayName(split.name)} (largest ${MAX_LINES})` : '';
  return {
    plan: planLine({
      intent: 'trend over time',
      detail: `${measurePhrase({ aggregation: counts ? 'size' : aggregation, value })} ${per} of ${displayName(date.name)}${by}, line chart`,
      variable: context.dataset.variable,
      fileName: context.dataset.fileName,
    }),
    code: joinCode({ lines }),
    figures: 1,
    table: true,
  };
}
