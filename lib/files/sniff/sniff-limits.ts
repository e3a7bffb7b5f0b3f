/**
 * Budgets that keep registration cost independent of file size. Every limit here bounds bytes read or work done;
 * none of them depends on how large the file is.
 */

/** Bytes read from the start of a text file (CSV/TSV/JSON/JSONL). Default 256 KiB. */
export const HEAD_BYTES = 256 * 1024;

/** Largest .xlsx accepted: a workbook is a zip whose directory sits at the end, so it must be read whole. 20 MiB: parsing costs ~0.35 s per compressed MB on the server. */
export const MAX_XLSX_BYTES = 20 * 1024 * 1024;

/** Largest total a workbook may declare once unzipped; guards the server against zip bombs. 512 MiB. */
export const MAX_XLSX_UNZIPPED_BYTES = 512 * 1024 * 1024;

/** Largest Parquet footer we will read. Footers grow with columns × row groups, not with data. 16 MiB. */
export const MAX_PARQUET_FOOTER_BYTES = 16 * 1024 * 1024;

/** Sample rows are read from Parquet only when the first row group's sampled column chunks fit here. 256 KiB. */
export const PARQUET_SAMPLE_BYTES = 256 * 1024;

/** Sample rows kept in the meta record. */
export const SAMPLE_ROWS = 5;

/**
 * Columns described in the meta record. Every column up to this cap is kept so that column-existence checks and a
 * positional rename in the loader stay possible; `columnCount` always holds the true total.
 */
export const MAX_COLUMNS = 10_000;

/** Sample rows carry cells for the first columns only, so a 5,000-column file does not yield a 1 MB meta.json. */
export const SAMPLE_COLUMNS = 100;

/** Longest sample cell, in characters, before it is cut with an ellipsis. */
export const MAX_CELL_CHARS = 200;

/** Longest column name kept verbatim; longer names are cut (the full name goes to originalName, itself capped). */
export const MAX_COLUMN_NAME_CHARS = 256;

/** Rows used for type inference and header detection. */
export const INFER_ROWS = 1_000;

/** Warnings listing examples (bad lines, ragged rows) name at most this many. */
export const MAX_EXAMPLES = 5;
