/** Correlations between numeric columns: the matrix, the strongest pairs, a heatmap drawn with plain imshow. */
import type { PlanColumn } from './match-columns';
import { SHORT_LABEL, frameLine, importLines, joinCode, planLine } from './program';
import { pythonList, pythonString } from '@/lib/text/python-literal';
import { displayName } from './plan-text';
import type { EmitContext, Emitted } from './types';

/** More columns than this make an unreadable heatmap and a quadratic pair list. */
export const MAX_CORRELATION_COLUMNS = 20;

/**
 * Python that builds `corr` from `df` and the literal column list: values coerced to numbers (a column the catalog
 * saw as numbers may still hold a stray text cell), columns with fewer than 3 values dropped.
 */
export function correlationMatrixLines({ columns }: { columns: PlanColumn[] }): string[] {
  return [
    `columns = ${pythonList(columns.map((column) => column.name))}`,
    "numeric = pd.DataFrame({name: pd.to_numeric(df[name], errors='coerce').astype('float64') for name in columns if name in df.columns})",
    'numeric = numeric.loc[:, numeric.notna().sum() >= 3]',
    'corr = numeric.corr()',
    'names = list(corr.columns)',
  ];
}

/** Python drawing `corr` as a heatmap (matplotlib only: seaborn is allowed but not needed, and loads slowly). */
export function heatmapLines(): string[] {
  return [
    'fig, ax = plt.subplots(figsize=(min(12, 3 + 0.6 * len(names)), min(10, 2.5 + 0.5 * len(names))))',
    'if len(names) >= 2:',
    "    image = ax.imshow(corr.values, cmap='coolwarm', vmin=-1, vmax=1)",
    '    ax.set_xticks(range(len(names)))',
    "    ax.set_xticklabels([short_label(name, 20) for name in names], rotation=45, ha='right')",
    '    ax.set_yticks(range(len(names)))',
    '    ax.set_yticklabels([short_label(name, 20) for name in names])',
    '    if len(names) <= 12:',
    '        for i in range(len(names)):',
    '            for j in range(len(names)):',
    '                if pd.notna(corr.iloc[i, j]):',
    "                    ax.text(j, i, format(corr.iloc[i, j], '.2f'), ha='center', va='center', fontsize=8)",
    "    fig.colorbar(image, ax=ax, label='Pearson r')",
    'else:',
    "    ax.text(0.5, 0.5, 'Fewer than two numeric columns with values', ha='center', va='center', transform=ax.transAxes)",
    "ax.set_title('Correlation matrix (Pearson r)')",
    'fig.tight_layout()',
  ];
}

/** Python printing the strongest pairs of `corr` (by |r|), ten at most. */
export function strongestPairsLines(): string[] {
  return [
    'pairs = []',
    'for i in range(len(names)):',
    '    for j in range(i + 1, len(names)):',
    '        if pd.notna(corr.iloc[i, j]):',
    '            pairs.append((names[i], names[j], float(corr.iloc[i, j])))',
    'pairs.sort(key=lambda pair: -abs(pair[2]))',
    "print('Strongest correlations (Pearson r):')",
    'for left, right, r in pairs[:10]:',
    "    print('  ' + str(left) + ' vs ' + str(right) + ':', round(r, 4))",
    'if not pairs:',
    "    print('  (no pair of numeric columns with enough values)')",
  ];
}

function focusLines({ focus }: { focus: PlanColumn[] }): string[] {
  const [first, second] = focus;
  if (first && second && focus.length === 2) {
    return [
      '',
      `pair = ${pythonList([first.name, second.name])}`,
      'if pair[0] in names and pair[1] in names:',
      "    print('\\nCorrelation of', pair[0], 'and', pair[1] + ':', round(float(corr.loc[pair[0], pair[1]]), 4))",
      '    both = numeric[pair].dropna()',
      "    print('Rows with both values:', len(both))",
      'fig2, ax2 = plt.subplots(figsize=(6, 4.5))',
      'if pair[0] in names and pair[1] in names:',
      '    ax2.scatter(both[pair[0]], both[pair[1]], s=12, alpha=0.6)',
      'ax2.set_xlabel(short_label(pair[0]))',
      'ax2.set_ylabel(short_label(pair[1]))',
      "ax2.set_title(short_label(pair[1]) + ' vs ' + short_label(pair[0]))",
      'fig2.tight_layout()',
    ];
  }
  if (first && focus.length === 1) {
    return [
      '',
      `focus = ${pythonString(first.name)}`,
      'if focus in names:',
      '    ranked = corr[focus].drop(focus).dropna()',
      '    ranked = ranked.reindex(ranked.abs().sort_values(ascending=False).index)',
      "    print('\\nCorrelations with', focus + ':')",
      '    for name, r in ranked.items():',
      "        print('  ' + str(name) + ':', round(float(r), 4))",
    ];
  }
  return [];
}

export function emitCorrelation({ context, columns, focus }: { context: EmitContext; columns: PlanColumn[]; focus: PlanColumn[] }): Emitted {
  const lines = [
    ...importLines({}),
    ...SHORT_LABEL,
    frameLine({ variable: context.dataset.variable }),
    ...correlationMatrixLines({ columns }),
    "print('Numeric columns:', len(names), '| rows:', len(numeric))",
    ...strongestPairsLines(),
    ...focusLines({ focus }),
    '',
    ...heatmapLines(),
    'result = corr',
  ];
  const named = columns
    .slice(0, 6)
    .map((column) => displayName(column.name))
    .join(', ');
  const more = columns.length > 6 ? ` and ${columns.length - 6} more` : '';
  const pair = focus.length === 2 ? `, scatter of ${focus.map((column) => displayName(column.name)).join(' and ')}` : '';
  return {
    plan: planLine({
      intent: 'correlations',
      detail: `Pearson correlation matrix of ${named}${more}, strongest pairs, heatmap${pair}`,
      variable: context.dataset.variable,
      fileName: context.dataset.fileName,
    }),
    code: joinCode({ lines }),
    figures: focus.length === 2 ? 2 : 1,
    table: true,
  };
}
