import { type Cell, cellText, MISSING } from '@/lib/text/cells';

interface SampleRowsBodyProps {
  rows: readonly (readonly Cell[])[];
  rowClassName?: string;
  cellClassName: string;
  /** `dir="auto"` on each cell, so a right-to-left value does not reorder its neighbours. */
  autoDirection?: boolean;
}

/** A dataset's sample rows as the body of a table: untrusted cells as plain text (React escapes them), missing ones marked. */
export function SampleRowsBody({ rows, rowClassName, cellClassName, autoDirection = false }: SampleRowsBodyProps) {
  return (
    <tbody>
      {rows.map((row, rowIndex) => (
        <tr key={rowIndex} className={rowClassName}>
          {row.map((cell, cellIndex) => (
            <td key={cellIndex} className={cellClassName} dir={autoDirection ? 'auto' : undefined}>
              {cellText(cell, { missing: MISSING.screen })}
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}
