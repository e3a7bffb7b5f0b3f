/** A labelled form field's classes, shared by the selects below and the inputs beside them. */
export const FIELD_CLASS = 'flex flex-col gap-0.5 text-xs text-slate-600';
export const CONTROL_CLASS = 'rounded border border-slate-300 px-1 py-0.5 text-sm text-slate-900';

interface OptionSelectProps<V extends string> {
  label: string;
  testId: string;
  /** The value shown: the analyst's choice, else what was detected (which may be none of `options`). */
  value: string;
  /** Each value with what the analyst reads for it. */
  options: readonly (readonly [V, string])[];
  onChange: (value: V) => void;
}

/**
 * A labelled select over a fixed list. The picked value is looked up in `options` rather than cast from the event's
 * string, so `onChange` only ever receives one of them.
 */
export function OptionSelect<V extends string>({ label, testId, value, options, onChange }: OptionSelectProps<V>) {
  return (
    <label className={FIELD_CLASS}>
      {label}
      <select
        data-testid={testId}
        className={CONTROL_CLASS}
        value={value}
        onChange={(event) => {
          const picked = options.find(([option]) => option === event.target.value);
          if (picked) onChange(picked[0]);
        }}
      >
        {options.map(([option, optionLabel]) => (
          <option key={option} value={option}>
            {optionLabel}
          </option>
        ))}
      </select>
    </label>
  );
}
