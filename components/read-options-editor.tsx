'use client';

import { useEffect, useRef, useState } from 'react';
import { readActionResult } from '@/lib/core/action-result';
import { previewReadOptions } from '@/lib/files/actions';
import { readOptionsSchema, TEXT_ENCODINGS, THOUSANDS_SEPARATORS, MAX_SKIP_ROWS, type ReadOptions } from '@/lib/files/sniff/read-options-schema';
import { datasetActionResults, type DatasetSummary } from '@/lib/files/dataset-types';
import { DatasetSchema } from './dataset-schema';
import { ReadCall } from './read-call';
import { CONTROL_CLASS, FIELD_CLASS, OptionSelect } from './option-select';

/**
 * Correcting how a file is read, with a live preview. The preview is computed on the server from the file's head, by
 * the same sniffer that registered it (one ranged read, whatever the file's size): what is shown is exactly what
 * saving stores and what the kernel will read, with nothing downloaded into the browser and no second parser here
 * that could disagree with pandas. Options are checked with the shared zod schema before any request.
 */

/** `dataset` is the last good preview, kept on screen (dimmed) while the next one loads or after a refusal. */
type Preview = { kind: 'loading' | 'ready'; dataset: DatasetSummary } | { kind: 'error'; message: string; dataset: DatasetSummary };

const PREVIEW_DEBOUNCE_MS = 300;
type Choice<K extends keyof ReadOptions> = readonly (readonly [NonNullable<ReadOptions[K]>, string])[];
const DELIMITER_LABELS: Choice<'delimiter'> = [
  [',', 'comma ,'],
  [';', 'semicolon ;'],
  ['\t', 'tab'],
  ['|', 'pipe |'],
  [' ', 'spaces (runs of blanks)'],
];
const DECIMAL_LABELS: Choice<'decimal'> = [
  ['.', 'dot .'],
  [',', 'comma ,'],
];
const QUOTE_LABELS: Choice<'quoteChar'> = [
  ['"', 'double "'],
  ["'", "single '"],
];
const THOUSANDS_LABELS: Record<(typeof THOUSANDS_SEPARATORS)[number], string> = { '': 'none', ',': 'comma ,', '.': 'dot .', ' ': 'space', "'": "apostrophe '" };

const button = 'rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50';

export interface ReadOptionsEditorProps {
  dataset: DatasetSummary;
  /** Stores the options; resolves with an error message, or null when saved. */
  onSave: (readOptions: ReadOptions) => Promise<string | null>;
  onClose: () => void;
}

export function ReadOptionsEditor({ dataset, onSave, onClose }: ReadOptionsEditorProps) {
  // Only what the analyst set; everything else stays sniffed (and is shown as the preview detected it).
  const [choice, setChoice] = useState<ReadOptions>(dataset.readOptions ?? {});
  const [preview, setPreview] = useState<Preview>({ kind: 'ready', dataset });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const generation = useRef(0);
  const first = useRef(true);

  const checked = readOptionsSchema.safeParse(choice);
  const invalid = checked.success ? null : (checked.error.issues[0]?.message ?? 'These options are not valid.');

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const mine = ++generation.current;
    if (invalid) return;
    setPreview((previous) => ({ kind: 'loading', dataset: previous.dataset }));
    const timer = setTimeout(() => {
      void previewReadOptions({ id: dataset.id, readOptions: choice }).then(
        (answer) => {
          if (mine !== generation.current) return;
          const result = readActionResult({ action: 'Previewing', schema: datasetActionResults.previewReadOptions, result: answer });
          setPreview((previous) =>
            result.ok ? { kind: 'ready', dataset: result.dataset } : { kind: 'error', message: result.message, dataset: previous.dataset },
          );
        },
        (error: unknown) => {
          if (mine !== generation.current) return;
          setPreview((previous) => ({ kind: 'error', message: error instanceof Error ? error.message : String(error), dataset: previous.dataset }));
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [choice, dataset.id, invalid]);

  const shown = preview.dataset;
  // The options' own error first: while they are invalid no preview is asked for, so a refusal on screen is an older one.
  const problem = invalid ?? (preview.kind === 'error' ? preview.message : null);
  const set = <K extends keyof ReadOptions>(name: K, value: ReadOptions[K]) => setChoice((previous) => ({ ...previous, [name]: value }));
  const text = dataset.format === 'csv' || dataset.format === 'tsv';

  const save = async (readOptions: ReadOptions) => {
    setSaving(true);
    setSaveError(null);
    const problem = await onSave(readOptions);
    setSaving(false);
    if (problem) setSaveError(problem);
    else onClose();
  };

  return (
    <section
      data-testid="read-options"
      aria-label={`How “${dataset.displayName}” is read`}
      className="space-y-2 rounded border border-sky-200 bg-sky-50/40 p-2"
    >
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex items-center gap-1 text-xs text-slate-600">
          <input
            type="checkbox"
            data-testid="read-option-header"
            checked={choice.hasHeader ?? shown.hasHeader}
            onChange={(event) => set('hasHeader', event.target.checked)}
          />
          First row is the header
        </label>
        <label className={FIELD_CLASS}>
          Rows to skip
          <input
            type="number"
            min={0}
            max={MAX_SKIP_ROWS}
            data-testid="read-option-skip"
            className={`${CONTROL_CLASS} w-20`}
            value={choice.skipRows ?? shown.skipRows ?? 0}
            onChange={(event) => set('skipRows', event.target.value === '' ? 0 : Number(event.target.value))}
          />
        </label>
        {text ? (
          <>
            <OptionSelect
              label="Delimiter"
              testId="read-option-delimiter"
              value={choice.delimiter ?? shown.delimiter ?? ','}
              options={DELIMITER_LABELS}
              onChange={(value) => set('delimiter', value)}
            />
            <OptionSelect
              label="Decimal"
              testId="read-option-decimal"
              value={choice.decimal ?? shown.decimalSeparator}
              options={DECIMAL_LABELS}
              onChange={(value) => set('decimal', value)}
            />
            <OptionSelect
              label="Thousands"
              testId="read-option-thousands"
              value={choice.thousands ?? shown.thousandsSeparator ?? ''}
              options={THOUSANDS_SEPARATORS.map((value) => [value, THOUSANDS_LABELS[value]] as const)}
              onChange={(value) => set('thousands', value)}
            />
            <OptionSelect
              label="Quote"
              testId="read-option-quote"
              value={choice.quoteChar ?? shown.quoteChar ?? '"'}
              options={QUOTE_LABELS}
              onChange={(value) => set('quoteChar', value)}
            />
            <OptionSelect
              label="Encoding"
              testId="read-option-encoding"
              value={choice.encoding ?? shown.encoding}
              options={TEXT_ENCODINGS.map((value) => [value, value] as const)}
              onChange={(value) => set('encoding', value)}
            />
          </>
        ) : (
          <OptionSelect
            label="Sheet"
            testId="read-option-sheet"
            value={choice.sheet ?? shown.sheet ?? dataset.sheets?.[0]?.name ?? ''}
            options={(dataset.sheets ?? []).map((sheet) => [sheet.name, sheet.name] as const)}
            onChange={(value) => set('sheet', value)}
          />
        )}
      </div>
      <ReadCall dataset={shown} testId="read-options-call" className="text-xs text-slate-600" />
      {problem ? (
        <p role="alert" data-testid="read-options-error" className="text-xs text-rose-700">
          {problem}
        </p>
      ) : null}
      <div
        data-testid="read-options-preview"
        aria-busy={preview.kind === 'loading'}
        data-state={preview.kind}
        className={preview.kind === 'ready' ? '' : 'opacity-50'}
      >
        <DatasetSchema dataset={shown} />
      </div>
      {saveError ? (
        <p role="alert" data-testid="read-options-save-error" className="text-xs text-rose-700">
          {saveError}
        </p>
      ) : null}
      <div className="flex gap-1">
        <button
          type="button"
          data-testid="read-options-save"
          disabled={saving || invalid !== null || preview.kind !== 'ready'}
          onClick={() => void save(choice)}
          className={`${button} border-sky-500 text-sky-800`}
        >
          Save
        </button>
        <button
          type="button"
          data-testid="read-options-reset"
          disabled={saving}
          onClick={() => void save({})}
          className={button}
          title="Forget the corrections and read the file as it was detected"
        >
          Back to detected
        </button>
        <button type="button" data-testid="read-options-cancel" onClick={onClose} className={button}>
          Cancel
        </button>
      </div>
    </section>
  );
}
