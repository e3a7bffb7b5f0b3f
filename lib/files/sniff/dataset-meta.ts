import { z } from 'zod';
import { readOptionsSchema, TEXT_ENCODINGS as TEXT_ENCODING_NAMES } from './read-options-schema';

/**
 * The dataset record stored at `datasets/<id>/meta.json`, shown to users and given to the LLM. Everything in it
 * comes from the file's head (text formats), its footer (Parquet) or the whole workbook (xlsx, size-capped), so it
 * is cheap to build for any file size. Column names and cell values are user data: treat them as untrusted text.
 */

const DATASET_FORMATS = ['csv', 'tsv', 'json', 'jsonl', 'parquet', 'xlsx'] as const;
const COLUMN_TYPES = ['integer', 'number', 'boolean', 'datetime', 'date', 'string', 'empty'] as const;

export const datasetFormatSchema = z.enum(DATASET_FORMATS);
export const textEncodingSchema = z.enum(TEXT_ENCODING_NAMES);
export const columnTypeSchema = z
  .enum(COLUMN_TYPES)
  .describe(
    'What the sampled values look like: integer, number (decimal), boolean, date (YYYY-MM-DD), datetime (ISO 8601), ' +
      'string (text, or nested JSON shown as text), empty (no value seen in the sample).',
  );

export const columnSchema = z.object({
  name: z.string().min(1).describe('Column name, unique within the dataset.'),
  type: columnTypeSchema,
  nullable: z.boolean().describe('True when a missing value was seen in the sample (or nothing was seen at all).'),
  originalName: z.string().optional().describe('The name in the file when it had to be changed (empty, duplicate or over-long header).'),
});

/** A sample cell is always JSON-safe: dates are ISO strings, big integers and NaN are strings, nested values JSON text. */
export const sampleCellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const sheetSchema = z.object({
  name: z.string(),
  rowCount: z.number().int().nonnegative().describe('Non-empty rows in the sheet, header row included.'),
});

/** What sniffing a file yields; the catalog adds the identity fields below to make a DatasetMeta. */
export const sniffedMetaSchema = z.object({
  displayName: z.string().min(1).describe('Name shown to people; sanitised from the uploaded file name.'),
  format: datasetFormatSchema,
  encoding: textEncodingSchema.describe('Text encoding. Parquet and xlsx store UTF-8 internally and report utf-8.'),
  delimiter: z
    .string()
    .length(1)
    .nullable()
    .describe('Field delimiter for csv/tsv (one of , ; tab |, or a space meaning runs of spaces/tabs); null for other formats.'),
  decimalSeparator: z.enum(['.', ',']),
  thousandsSeparator: z.string().length(1).optional().describe('csv/tsv: digit grouping removed from numbers ("1,234"); absent: none.'),
  quoteChar: z.enum(['"', "'"]).optional().describe('csv/tsv: the quote character when it is not the usual double quote.'),
  skipRows: z.number().int().nonnegative().optional().describe('Lines (csv/tsv) or rows (xlsx) before the header, or before the first data row; absent: 0.'),
  sheet: z.string().optional().describe('xlsx: the sheet described and bound; absent: the first.'),
  hasHeader: z.boolean().describe('False when the first row is data; columns are then named column_1, column_2…'),
  columns: z.array(columnSchema),
  columnCount: z.number().int().nonnegative().describe('Columns in the file; larger than columns.length only when the column cap was hit (see warnings).'),
  sampleRows: z
    .array(z.array(sampleCellSchema))
    .max(5)
    .describe('Up to 5 rows; cell i belongs to columns[i]. Wide tables carry cells for the first columns only.'),
  size: z.number().int().nonnegative().describe('File size in bytes.'),
  rowEstimate: z.object({
    value: z.number().int().nonnegative().describe('Data rows (header excluded).'),
    exact: z.boolean().describe('True when counted (whole file read, or Parquet metadata); false when extrapolated.'),
  }),
  contentHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional()
    .describe('SHA-256 of the file, present only when the whole file was read.'),
  sheets: z.array(sheetSchema).optional().describe('xlsx only: every sheet; columns describe the first sheet.'),
  warnings: z.array(z.string()).describe('Things the user (and the code writer) should know; never fatal.'),
});

export const datasetMetaSchema = sniffedMetaSchema.extend({
  id: z.string().min(1),
  readOptions: readOptionsSchema.optional().describe('What the analyst corrected about how the file is read; the fields above were sniffed with these forced.'),
  key: z.string().min(1).describe('Storage key of the data file, e.g. datasets/<id>/<name>.'),
  folder: z.string().default('').describe('Catalog folder: "" for the top level, else names ending in "/" ("sales/2024/"). A label, not a storage path.'),
  source: z
    .enum(['upload', 'import'])
    .default('upload')
    .describe(
      'upload: the app owns the object under datasets/<id>/. import: key names an object that was already in the bucket; deleting the dataset leaves it alone.',
    ),
  ownerHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional()
    .describe(
      'Owner id of an uploaded dataset (lib/access/server/caller.ts); only that owner sees or changes it. Absent on shared-prefix ' +
        'imports (read-only for everyone) and on records written before ownership existed (visible to nobody).',
    ),
  etag: z.string().max(200).optional().describe('S3 only: the ETag of the file when it was registered; a file replaced since is refused at use.'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export type DatasetFormat = z.infer<typeof datasetFormatSchema>;
export type TextEncoding = z.infer<typeof textEncodingSchema>;
export type ColumnType = z.infer<typeof columnTypeSchema>;
export type DatasetColumn = z.infer<typeof columnSchema>;
export type SampleCell = z.infer<typeof sampleCellSchema>;
export type SheetInfo = z.infer<typeof sheetSchema>;
export type SniffedMeta = z.infer<typeof sniffedMetaSchema>;
export type DatasetMeta = z.infer<typeof datasetMetaSchema>;

/**
 * Completes a sniffed record with its identity. Parsing through the schema (rather than spreading) guarantees that
 * what gets written to meta.json is exactly what readers will accept.
 */
export function createDatasetMeta({
  sniffed,
  id,
  key,
  folder = '',
  source = 'upload',
  ownerHash,
  etag,
  now = new Date(),
}: {
  sniffed: SniffedMeta;
  id: string;
  key: string;
  folder?: string;
  source?: DatasetMeta['source'];
  /** Required for uploads (the uploader); absent for shared-prefix imports. */
  ownerHash?: string;
  /** The stored object's ETag at registration (S3). */
  etag?: string;
  now?: Date;
}): DatasetMeta {
  const timestamp = now.toISOString();
  return datasetMetaSchema.parse({
    ...sniffed,
    id,
    key,
    folder,
    source,
    ...(ownerHash ? { ownerHash } : {}),
    ...(etag ? { etag } : {}),
    createdAt: timestamp,
    updatedAt: timestamp,
  });
}
