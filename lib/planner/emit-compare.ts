/** Two-group comparison: means, sizes, Welch's t-test (no equal-variance assumption) and a box plot. */
import type { PlanColumn } from './match-columns';
import { SHORT_LABEL, frameLine, importLines, joinCode, planLine } from './program';
import { pythonList, pythonString } from '@/lib/text/python-literal';
import { displayName } from './plan-text';
import type { EmitContext, Emitted } from './types';

/**
 * Python setting `group_column`. When the question names the two values but not the column, the column is the
 * first text column holding both (the brief's five sample rows are too few to decide at planning time).
 */
function groupColumnLines({ group, candidates }: { group: PlanColumn | null; candidates: PlanColumn[] }): string[] {
  if (group !== null) return [`group_column = ${pythonString(group.name)}`];
  return [
    `candidates = ${pythonList(candidates.map((column) => column.name))}`,
    'group_column = None',
    'for name in candidates:',
    '    keys = df[name].astype(str).str.strip().str.casefold()',
    '    if all((keys == wanted.strip().casefold()).any() for wanted in groups):',
    '        group_column = name',
    '        break',
    'if group_column is None:',
    "    raise ValueError('No text column holds both ' + ' and '.join(repr(g) for g in groups) + '. Columns searched: ' + ', '.join(candidates))",
  ];
}

/** Python setting `mask_a`, `mask_b`, `label_a`, `label_b` from the named values or the two most common ones. */
function groupMaskLines({ named }: { named: boolean }): string[] {
  const pick = named
    ? [
        'masks = []',
        'for wanted in groups:',
        '    mask = keys == wanted.strip().casefold()',
        '    if not mask.any():',
        "        available = ', '.join(str(v) for v in df[group_column].dropna().astype(str).unique()[:20])",
        "        raise ValueError('No rows have ' + str(group_column) + ' = ' + repr(wanted) + '. Values include: ' + available)",
        '    masks.append(mask)',
        'mask_a, mask_b = masks',
      ]
    : [
        // Ties in frequency are broken alphabetically, so the choice does not depend on the pandas version.
        'present = df[group_column].notna()',
        'common = keys[present].value_counts().sort_index(kind="mergesort").sort_values(ascending=False, kind="mergesort")',
        'if len(common) < 2:',
        "    raise ValueError(str(group_column) + ' has fewer than two distinct values; nothing to compare.')",
        'if len(common) > 2:',
        "    print('Note:', group_column, 'has', len(common), 'values; comparing the two most common.')",
        'mask_a = present & (keys == common.index[0])',
        'mask_b = present & (keys == common.index[1])',
      ];
  return [
    'keys = df[group_column].astype(str).str.strip().str.casefold()',
    ...pick,
    'label_a = str(df.loc[mask_a, group_column].iloc[0])',
    'label_b = str(df.loc[mask_b, group_column].iloc[0])',
  ];
}

export function emitCompare({
  context,
  value,
  group,
  groupCandidates,
  groups,
}: {
  context: EmitContext;
  value: PlanColumn;
  group: PlanColumn | null;
  groupCandidates: PlanColumn[];
  groups: [string, string] | null;
}): Emitted {
  const lines = [
    ...importLines({ stats: true }),
    ...SHORT_LABEL,
    frameLine({ variable: context.dataset.variable }),
    `value_column = ${pythonString(value.name)}`,
    "values = pd.to_numeric(df[value_column], errors='coerce').astype('float64')",
    ...(groups ? [`groups = ${pythonList(groups)}`] : []),
    ...groupColumnLines({ group, candidates: groupCandidates }),
    ...groupMaskLines({ named: groups !== null }),
    'a = values[mask_a].dropna()',
    'b = values[mask_b].dropna()',
    "print('Comparing', value_column, 'between', group_column, '=', label_a, 'and', group_column, '=', label_b)",
    'for label, sample in [(label_a, a), (label_b, b)]:',
    "    print('Group ' + label + ': n =', len(sample), '| mean =', round(float(sample.mean()), 4),",
    "          '| median =', round(float(sample.median()), 4), '| std =', round(float(sample.std()), 4))",
    "print('Difference of means (' + label_a + ' minus ' + label_b + '):', round(float(a.mean() - b.mean()), 4))",
    'if len(a) < 2 or len(b) < 2:',
    "    print('Each group needs at least two values for a t-test.')",
    "    t_statistic, p_value = float('nan'), float('nan')",
    'else:',
    '    test = stats.ttest_ind(a, b, equal_var=False)',
    '    t_statistic, p_value = float(test.statistic), float(test.pvalue)',
    "    print(\"Welch's t-test: t =\", round(t_statistic, 4), '| p-value =', format(p_value, '.4g'))",
    "    print('Significant at the 5% level:', 'yes' if p_value < 0.05 else 'no')",
    '',
    'fig, ax = plt.subplots(figsize=(7, 4.5))',
    'ax.boxplot([a, b])',
    'ax.set_xticks([1, 2])',
    'ax.set_xticklabels([short_label(label_a), short_label(label_b)])',
    'ax.set_xlabel(short_label(group_column))',
    'ax.set_ylabel(short_label(value_column))',
    "ax.set_title(short_label(value_column) + ': ' + short_label(label_a, 20) + ' vs ' + short_label(label_b, 20))",
    'fig.tight_layout()',
    'result = {',
    "    'value_column': str(value_column), 'group_column': str(group_column), 'group_a': label_a, 'group_b': label_b,",
    "    'n_a': int(len(a)), 'n_b': int(len(b)), 'mean_a': float(a.mean()), 'mean_b': float(b.mean()),",
    "    'difference': float(a.mean() - b.mean()), 't_statistic': t_statistic, 'p_value': p_value,",
    '}',
  ];
  const between = groups ? `${displayName(groups[0])} vs ${displayName(groups[1])}` : 'the two most common groups';
  const column = group ? ` of ${displayName(group.name)}` : '';
  return {
    plan: planLine({
      intent: 'two-group comparison',
      detail: `${displayName(value.name)} for ${between}${column}: means, n, Welch t-test, box plot`,
      variable: context.dataset.variable,
      fileName: context.dataset.fileName,
    }),
    code: joinCode({ lines }),
    figures: 1,
    table: false,
  };
}
