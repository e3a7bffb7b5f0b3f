/** The "Explore this dataset" preset: shape, types, missing values, numeric distributions, correlations. */
import { MAX_CORRELATION_COLUMNS, correlationMatrixLines, heatmapLines, strongestPairsLines } from './emit-correlation';
import { COUNT_UNIQUE, SHORT_LABEL, frameLine, importLines, joinCode, planLine } from './program';
import { pythonList } from './python-string';
import type { EmitContext, Emitted } from './types';

/** Histograms in the grid; more would shrink each panel below legibility. */
export const MAX_HISTOGRAMS = 12;
/** Text columns whose most common values are printed. */
const MAX_TEXT_COLUMNS = 8;

function histogramGridLines(): string[] {
  return [
    `shown = list(numeric.columns[:${MAX_HISTOGRAMS}])`,
    'grid_columns = min(3, max(1, len(shown)))',
    'grid_rows = max(1, (len(shown) + grid_columns - 1) // grid_columns)',
    'fig, axes = plt.subplots(grid_rows, grid_columns, figsize=(4 * grid_columns, 3 * grid_rows), squeeze=False)',
    'for position, ax in enumerate(axes.flat):',
    '    if position >= len(shown):',
    '        ax.set_visible(False)',
    '        continue',
    '    name = shown[position]',
    '    valid = numeric[name][np.isfinite(numeric[name])]',
    '    if valid.size > 0:',
    "        ax.hist(valid, bins=int(min(30, max(5, round(np.sqrt(valid.size))))), color='#4C78A8', edgecolor='white')",
    '    ax.set_title(short_label(name, 30), fontsize=10)',
    `fig.suptitle(${"'Distributions of numeric columns'"} + (' (first ${MAX_HISTOGRAMS})' if len(numeric.columns) > ${MAX_HISTOGRAMS} else ''))`,
    'fig.tight_layout()',
  ];
}

export function emitExplore({ context }: { context: EmitContext }): Emitted {
  const numericColumns = context.columns.filter((column) => column.kind === 'numeric').slice(0, MAX_CORRELATION_COLUMNS);
  const textColumns = context.columns.filter((column) => column.kind === 'categorical' || column.kind === 'boolean');
  const numericLines =
    numericColumns.length === 0
      ? ["print('\\nNo numeric columns: no histograms or correlations.')"]
      : [
          '',
          ...correlationMatrixLines({ columns: numericColumns }),
          'if numeric.shape[1] > 0:',
          "    print('\\nNumeric columns:')",
          '    print(numeric.describe().T.to_string())',
          '',
          ...histogramGridLines(),
          ...(numericColumns.length >= 2 ? ['', "print('')", ...strongestPairsLines(), '', ...heatmapLines()] : []),
        ];
  const textLines =
    textColumns.length === 0
      ? []
      : [
          '',
          `for name in ${pythonList(textColumns.slice(0, MAX_TEXT_COLUMNS).map((column) => column.name))}:`,
          '    try:',
          '        common = df[name].value_counts().head(5)',
          '    except TypeError:  # nested JSON values are unhashable: count their text',
          '        common = df[name].dropna().astype(str).value_counts().head(5)',
          "    print('\\nMost common values of', name + ':')",
          '    for value, count in common.items():',
          "        print('  ' + str(value) + ':', int(count))",
        ];
  const lines = [
    ...importLines({ numpy: numericColumns.length > 0 }),
    ...SHORT_LABEL,
    ...COUNT_UNIQUE,
    frameLine({ variable: context.dataset.variable }),
    "print('Rows:', df.shape[0])",
    "print('Columns:', df.shape[1])",
    'missing = [int(df.iloc[:, i].isna().sum()) for i in range(df.shape[1])]',
    'summary = pd.DataFrame({',
    "    'dtype': [str(t) for t in df.dtypes],",
    "    'missing': missing,",
    "    'missing_percent': [round(m / len(df) * 100, 2) if len(df) else 0.0 for m in missing],",
    "    'unique': [count_unique(df.iloc[:, i]) for i in range(df.shape[1])],",
    '}, index=df.columns)',
    "print('Missing cells:', sum(missing), 'of', int(df.size))",
    "print('\\nColumns (type, missing, missing %, distinct):')",
    'print(summary.to_string())',
    ...numericLines,
    ...textLines,
    'result = summary',
  ];
  const figures = (numericColumns.length > 0 ? 1 : 0) + (numericColumns.length >= 2 ? 1 : 0);
  const parts = ['shape, types, missing values per column'];
  if (numericColumns.length > 0) parts.push(`histograms of ${Math.min(numericColumns.length, MAX_HISTOGRAMS)} numeric columns`);
  if (numericColumns.length >= 2) parts.push('correlation heatmap');
  if (textColumns.length > 0) parts.push(`common values of ${Math.min(textColumns.length, MAX_TEXT_COLUMNS)} text columns`);
  return {
    plan: planLine({
      intent: 'explore preset',
      detail: parts.join(', '),
      variable: context.dataset.variable,
      fileName: context.dataset.fileName,
    }),
    code: joinCode({ lines }),
    figures,
    table: true,
  };
}
