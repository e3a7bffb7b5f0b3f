/**
 * The "Predict a column" preset: a baseline (always the majority class / the mean) against a random forest, on a
 * fixed 75/25 split, so the analyst sees whether the columns carry any signal at all.
 *
 * Why a random forest: it needs no scaling, copes with one-hot and numeric features side by side, picks up
 * non-linear effects and interactions with default settings, and yields feature importances for the chart
 * directly. A linear model would need scaling, convergence tuning and coefficient-vs-importance explanations.
 * 100 trees with min_samples_leaf=2 and at most 20,000 training rows keep it to seconds in single-threaded Pyodide.
 */
import type { PlanColumn } from './match-columns';
import { COUNT_UNIQUE, SHORT_LABEL, frameLine, importLines, joinCode, planLine } from './program';
import { pythonList, pythonString } from '@/lib/text/python-literal';
import { displayName } from './plan-text';
import type { EmitContext, Emitted, PredictTask } from './types';

const MAX_CATEGORIES = 10;
const MAX_TRAIN_ROWS = 20_000;
// Identifiers are unique per row: a tree splits on them happily and learns nothing that generalises.
const IDENTIFIER = /^(id|.*[_\s.-]id|.*[a-z]Id|uuid|guid|index)$/i;

function featureLists({ context, target }: { context: EmitContext; target: PlanColumn }): {
  numeric: string[];
  categorical: string[];
  skipped: { name: string; why: string }[];
} {
  const numeric: string[] = [];
  const categorical: string[] = [];
  const skipped: { name: string; why: string }[] = [];
  for (const column of context.columns) {
    if (column.name === target.name) continue;
    if (IDENTIFIER.test(column.name)) skipped.push({ name: column.name, why: 'an identifier' });
    else if (column.kind === 'numeric') numeric.push(column.name);
    else if (column.kind === 'categorical' || column.kind === 'boolean') categorical.push(column.name);
    else if (column.kind === 'datetime') skipped.push({ name: column.name, why: 'a date (not used as a feature)' });
    else skipped.push({ name: column.name, why: 'empty in the sample' });
  }
  return { numeric, categorical, skipped };
}

function targetLines({ task }: { task: PredictTask }): string[] {
  if (task === 'classification') {
    return [
      'y = data[target].astype(str)',
      'class_counts = y.value_counts()',
      "print('Classes:', len(class_counts), '| most common:', class_counts.index[0] if len(class_counts) else None)",
      'if len(class_counts) < 2:',
      "    raise ValueError(str(target) + ' has fewer than two classes: nothing to classify.')",
      'if len(class_counts) > 50:',
      "    print('Note:', target, 'has', len(class_counts), 'classes; a regression may suit a numeric target better.')",
      // Stratify only when every class can appear on both sides of the split.
      'stratify = y if class_counts.min() >= 2 and len(class_counts) <= 0.25 * len(y) else None',
      'if stratify is None:',
      "    print('Note: split without stratification (some classes are too rare).')",
    ];
  }
  return [
    "y = pd.to_numeric(data[target], errors='coerce').astype('float64')",
    'keep = np.isfinite(y)',
    'if int(keep.sum()) < len(y):',
    "    print('Dropped', int(len(y) - keep.sum()), 'rows whose target is not a number')",
    'data, y = data[keep], y[keep]',
    'if len(y) < 10:',
    "    raise ValueError(str(target) + ' has fewer than 10 numeric values: too few to train and test a regression.')",
    'stratify = None',
  ];
}

function metricLines({ task }: { task: PredictTask }): string[] {
  if (task === 'classification') {
    return ["scores = {'accuracy': accuracy_score, 'macro_f1': lambda truth, guess: f1_score(truth, guess, average='macro', zero_division=0)}"];
  }
  return ["scores = {'r2': r2_score, 'mae': mean_absolute_error}"];
}

export function emitPredict({ context, target, task }: { context: EmitContext; target: PlanColumn; task: PredictTask }): Emitted {
  const classification = task === 'classification';
  const { numeric, categorical, skipped } = featureLists({ context, target });
  const skippedAll = [...skipped, ...context.refused.map((name) => ({ name, why: 'a name the kernel policy refuses in code' }))];
  const lines = [
    ...importLines({ numpy: true }),
    'from sklearn.model_selection import train_test_split',
    classification ? 'from sklearn.dummy import DummyClassifier' : 'from sklearn.dummy import DummyRegressor',
    classification ? 'from sklearn.ensemble import RandomForestClassifier' : 'from sklearn.ensemble import RandomForestRegressor',
    classification ? 'from sklearn.metrics import accuracy_score, f1_score' : 'from sklearn.metrics import mean_absolute_error, r2_score',
    '',
    ...SHORT_LABEL,
    ...COUNT_UNIQUE,
    frameLine({ variable: context.dataset.variable }),
    `target = ${pythonString(target.name)}`,
    `numeric_features = ${pythonList(numeric)}`,
    `categorical_features = ${pythonList(categorical)}`,
    // Skipped columns are only reported, never used; the refused ones cannot even be spelled here.
    ...skipped.map((item) => `print('Skipped', ${pythonString(item.name)} + ': ${item.why}')`),
    ...(context.refused.length > 0 ? [`print('Skipped ${context.refused.length} column(s) whose names the kernel policy refuses in code')`] : []),
    '',
    'data = df[df[target].notna()]',
    "print('Rows with a target value:', len(data), 'of', len(df), '(rows with a missing target are dropped)')",
    ...targetLines({ task }),
    'for name in list(categorical_features):',
    '    distinct = count_unique(data[name])',
    '    if distinct > 50 and distinct > 0.5 * len(data):',
    '        categorical_features.remove(name)',
    "        print('Skipped', name + ': high-cardinality text (' + str(distinct) + ' distinct values)')",
    '',
    'positions = np.arange(len(data))',
    'train_positions, test_positions = train_test_split(positions, test_size=0.25, random_state=0, stratify=stratify)',
    `if len(train_positions) > ${MAX_TRAIN_ROWS}:`,
    `    train_positions = np.sort(np.random.RandomState(0).choice(train_positions, ${MAX_TRAIN_ROWS}, replace=False))`,
    `    print('Training on a random sample of ${MAX_TRAIN_ROWS} rows to keep the run short.')`,
    'train, test = data.iloc[train_positions], data.iloc[test_positions]',
    'y_train, y_test = y.iloc[train_positions], y.iloc[test_positions]',
    '',
    // Imputation values and category lists come from the training rows only, so the test score is honest.
    'parts_train, parts_test = [], []',
    'if numeric_features:',
    "    numbers_train = train[numeric_features].apply(pd.to_numeric, errors='coerce').astype('float64').replace([np.inf, -np.inf], np.nan)",
    "    numbers_test = test[numeric_features].apply(pd.to_numeric, errors='coerce').astype('float64').replace([np.inf, -np.inf], np.nan)",
    '    medians = numbers_train.median().fillna(0)',
    '    parts_train.append(numbers_train.fillna(medians))',
    '    parts_test.append(numbers_test.fillna(medians))',
    'for name in categorical_features:',
    '    text_train, text_test = train[name].astype(str), test[name].astype(str)',
    "    counts = text_train.value_counts().sort_index(kind='mergesort').sort_values(ascending=False, kind='mergesort')",
    `    top = [value for value in counts.index[:${MAX_CATEGORIES}] if value != '(other)']`,
    "    categories = top + ['(other)']",
    '    for text, parts in [(text_train, parts_train), (text_test, parts_test)]:',
    "        dummies = pd.get_dummies(pd.Categorical(text.where(text.isin(top), '(other)'), categories=categories), dtype=float)",
    "        dummies.columns = [str(name) + ' = ' + str(value) for value in categories]",
    '        dummies.index = text.index',
    '        parts.append(dummies)',
    'if not parts_train:',
    "    raise ValueError('No usable feature columns to predict ' + str(target) + ' from.')",
    'X_train, X_test = pd.concat(parts_train, axis=1), pd.concat(parts_test, axis=1)',
    "print('Training rows:', len(X_train), '| test rows:', len(X_test), '| features after encoding:', X_train.shape[1])",
    '',
    classification ? "baseline = DummyClassifier(strategy='most_frequent')" : "baseline = DummyRegressor(strategy='mean')",
    `model = ${classification ? 'RandomForestClassifier' : 'RandomForestRegressor'}(n_estimators=100, min_samples_leaf=2, random_state=0)`,
    'baseline.fit(X_train, y_train)',
    'model.fit(X_train, y_train)',
    ...metricLines({ task }),
    'result = {',
    `    'task': ${pythonString(task)}, 'target': str(target), 'train_rows': int(len(X_train)), 'test_rows': int(len(X_test)),`,
    '}',
    'for metric, score in scores.items():',
    "    result['baseline_' + metric] = float(score(y_test, baseline.predict(X_test)))",
    "    result['model_' + metric] = float(score(y_test, model.predict(X_test)))",
    "    print(metric + ': baseline =', round(result['baseline_' + metric], 4), '| random forest =', round(result['model_' + metric], 4))",
    '',
    "importance = pd.Series(model.feature_importances_, index=X_train.columns).sort_values(ascending=False, kind='mergesort')",
    "print('\\nMost important features:')",
    'for name, weight in importance.head(15).items():',
    "    print('  ' + str(name) + ':', round(float(weight), 4))",
    'shown = importance.head(15)',
    'fig, ax = plt.subplots(figsize=(8, max(3, 0.35 * len(shown) + 1.5)))',
    'bar_positions = list(range(len(shown)))[::-1]',
    "ax.barh(bar_positions, shown.values, color='#4C78A8')",
    'ax.set_yticks(bar_positions)',
    'ax.set_yticklabels([short_label(name) for name in shown.index])',
    "ax.set_xlabel('Importance (mean decrease in impurity)')",
    "ax.set_title('What predicts ' + short_label(target))",
    'fig.tight_layout()',
  ];
  const metrics = classification ? 'accuracy and macro F1' : 'R² and MAE';
  const notes = skippedAll.length > 0 ? `; ${skippedAll.length} column(s) skipped` : '';
  return {
    plan: planLine({
      intent: `predict preset (${task})`,
      detail: `random forest vs ${classification ? 'majority-class' : 'mean'} baseline for ${displayName(target.name)} from ${numeric.length} numeric and ${categorical.length} categorical columns, ${metrics}, top-15 feature importances${notes}`,
      variable: context.dataset.variable,
      fileName: context.dataset.fileName,
    }),
    code: joinCode({ lines }),
    figures: 1,
    table: false,
  };
}
