import { z } from 'zod';

/**
 * How the analyst says a file should be read when the sniffer got it wrong: header row, rows to skip, delimiter,
 * decimal and thousands separators, quote character, encoding, Excel sheet. Every field is optional: a field left out
 * is still sniffed. Browser-safe (the files panel validates with it before asking the server, which validates again).
 * Everything here ends up as pandas read options (lib/files/binding-options.ts), so each field is a closed set or a
 * bounded number: nothing the analyst types reaches Python except a sheet name, which is passed as data.
 */

export const TEXT_ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'latin-1'] as const;

/** A space stands for "runs of spaces or tabs" (pandas `sep=r"\s+"`), the layout of many .dat/.txt files. */
export const WHITESPACE_DELIMITER = ' ';
const READ_DELIMITERS = [',', ';', '\t', '|', WHITESPACE_DELIMITER] as const;
/** '' is "no digit grouping". */
export const THOUSANDS_SEPARATORS = ['', ',', '.', ' ', "'"] as const;
const QUOTE_CHARS = ['"', "'"] as const;

/** More leading lines than this are not a preamble but a different file; also keeps the re-sniff inside the head. */
export const MAX_SKIP_ROWS = 1000;
/** Excel's own limit on sheet names. */
const MAX_SHEET_NAME_CHARS = 31;

const oneOf = (what: string, values: readonly string[]) =>
  `${what} must be one of ${values.map((value) => (value === '\t' ? 'tab' : value === ' ' ? 'space' : value === '' ? 'none' : JSON.stringify(value))).join(', ')}`;

export const readOptionsSchema = z
  .strictObject(
    {
      delimiter: z.enum(READ_DELIMITERS, { error: oneOf('The delimiter', READ_DELIMITERS) }).optional(),
      hasHeader: z.boolean({ error: 'The header choice must be true or false' }).optional(),
      skipRows: z
        .number({ error: 'Rows to skip must be a number' })
        .int({ error: 'Rows to skip must be a whole number' })
        .min(0, { error: 'Rows to skip cannot be negative' })
        .max(MAX_SKIP_ROWS, { error: `At most ${MAX_SKIP_ROWS} rows can be skipped` })
        .optional(),
      decimal: z.enum(['.', ','], { error: 'The decimal separator must be "." or ","' }).optional(),
      thousands: z.enum(THOUSANDS_SEPARATORS, { error: oneOf('The thousands separator', THOUSANDS_SEPARATORS) }).optional(),
      quoteChar: z.enum(QUOTE_CHARS, { error: oneOf('The quote character', QUOTE_CHARS) }).optional(),
      encoding: z.enum(TEXT_ENCODINGS, { error: oneOf('The encoding', TEXT_ENCODINGS) }).optional(),
      sheet: z
        .string({ error: 'The sheet must be a sheet name' })
        .min(1, { error: 'The sheet name is empty' })
        .max(MAX_SHEET_NAME_CHARS, { error: `Sheet names have at most ${MAX_SHEET_NAME_CHARS} characters` })
        .refine((name) => !/\p{Cc}/u.test(name), { error: 'The sheet name contains control characters' })
        .optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown read option(s): ${issue.keys.join(', ')}` : 'Read options must be an object') },
  )
  .superRefine((options, context) => {
    const { delimiter, decimal, thousands } = options;
    if (decimal !== undefined && delimiter === decimal) {
      context.addIssue({ code: 'custom', path: ['decimal'], message: `The decimal separator cannot also be the delimiter (${JSON.stringify(decimal)})` });
    }
    if (thousands) {
      if (thousands === (decimal ?? '.')) {
        context.addIssue({
          code: 'custom',
          path: ['thousands'],
          message: `The thousands separator cannot also be the decimal separator (${JSON.stringify(thousands)})`,
        });
      }
      if (thousands === delimiter) {
        context.addIssue({ code: 'custom', path: ['thousands'], message: 'The thousands separator cannot also separate fields' });
      }
    }
  });

export type ReadOptions = z.infer<typeof readOptionsSchema>;
