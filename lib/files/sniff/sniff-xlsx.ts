import { buildTable } from './build-table';
import { detectHeader } from './detect-header';
import { typeOfValue } from './infer-types';
import { failSniff, formatBytes } from './sniff-errors';
import { INFER_ROWS, MAX_XLSX_BYTES, MAX_XLSX_UNZIPPED_BYTES } from './sniff-limits';
import type { ReadOptions } from './read-options-schema';
import type { FormatSniff } from './sniff-types';
import type { SheetInfo } from './dataset-meta';
import { declaredUnzippedSize } from './zip-guard';
import { checkRealInflation } from './zip-inflate-check';
import { parseXlsx } from './xlsx-parse';

/** Time the real-inflation check may take before the workbook is refused (it runs off the event loop). */
const XLSX_INFLATE_DEADLINE_MS = 5000;
/** Time parsing may take (in a worker thread, xlsx-parse.ts) before the workbook is refused: 20 MB parse in ~7 s. */
const XLSX_PARSE_DEADLINE_MS = 20_000;

/**
 * An .xlsx is a zip whose directory sits at the end and whose cells are compressed XML, so there is no useful
 * head to read: the whole workbook is read, which is why it is capped at MAX_XLSX_BYTES (checked by the caller
 * before any byte is fetched). Columns and samples describe the first sheet; every sheet is listed.
 */

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith({ bytes, prefix }: { bytes: Uint8Array; prefix: number[] }): boolean {
  return prefix.every((value, index) => bytes[index] === value);
}

export function refuseLargeWorkbook({ size, displayName }: { size: number; displayName: string }): never {
  failSniff({
    code: 'too_large',
    message:
      `“${displayName}” is ${formatBytes({ bytes: size })}; Excel workbooks must be read whole, so they are accepted up ` +
      `to ${formatBytes({ bytes: MAX_XLSX_BYTES })}. Export the sheet as CSV or Parquet to use a larger file.`,
  });
}

type Cell = string | number | boolean | Date | null;

function isEmptyRow({ row }: { row: readonly Cell[] }): boolean {
  return row.every((cell) => cell === null || cell === '');
}

/** Drops trailing empty rows and trailing empty cells, which spreadsheets leave behind after formatting. */
function trimSheet({ data }: { data: readonly (readonly Cell[])[] }): Cell[][] {
  const rows = data.map((row) => {
    let end = row.length;
    while (end > 0 && (row[end - 1] === null || row[end - 1] === '')) end -= 1;
    return row.slice(0, end);
  });
  while (rows.length > 0 && isEmptyRow({ row: rows[rows.length - 1] ?? [] })) rows.pop();
  return rows;
}

export async function sniffXlsx({ bytes, displayName, forced = {} }: { bytes: Uint8Array; displayName: string; forced?: ReadOptions }): Promise<FormatSniff> {
  if (startsWith({ bytes, prefix: OLE_MAGIC })) {
    failSniff({
      code: 'unsupported_format',
      message: `“${displayName}” is a legacy Excel 97-2003 (.xls) workbook. Open it in Excel or LibreOffice and save it as .xlsx or CSV.`,
    });
  }
  if (!startsWith({ bytes, prefix: [0x50, 0x4b, 0x03, 0x04] })) {
    failSniff({ code: 'invalid_xlsx', message: `“${displayName}” is not an Excel workbook: an .xlsx file is a zip archive, and this one is not.` });
  }
  const unzipped = declaredUnzippedSize({ bytes });
  if (unzipped !== null && unzipped > MAX_XLSX_UNZIPPED_BYTES) {
    failSniff({
      code: 'too_large',
      message: `“${displayName}” would unpack to ${Number.isFinite(unzipped) ? formatBytes({ bytes: unzipped }) : 'more than 4 GB'} of spreadsheet XML, above the ${formatBytes({ bytes: MAX_XLSX_UNZIPPED_BYTES })} we unpack. Export the sheet as CSV or Parquet instead.`,
    });
  }
  // The declared sizes can lie: inflate for real, off the event loop, within a byte and time budget (zip-inflate-check.ts).
  const real = await checkRealInflation({ bytes, maxBytes: MAX_XLSX_UNZIPPED_BYTES, deadlineMs: XLSX_INFLATE_DEADLINE_MS });
  if (!real.ok) {
    const why =
      real.reason === 'timeout'
        ? `it took too long to unpack (${real.detail})`
        : real.reason === 'lying'
          ? `it misstates its own size (${real.detail})`
          : real.reason === 'too_large'
            ? `it would unpack past the ${formatBytes({ bytes: MAX_XLSX_UNZIPPED_BYTES })} we unpack (${real.detail})`
            : `its archive is damaged (${real.detail})`;
    failSniff({
      code: real.reason === 'invalid' ? 'invalid_xlsx' : 'too_large',
      message: `“${displayName}” was not read: ${why}. Export the sheet as CSV or Parquet instead.`,
    });
  }
  // Parsed off the event loop, under a deadline and a heap cap (xlsx-parse.ts).
  const parsed = await parseXlsx({ bytes, deadlineMs: XLSX_PARSE_DEADLINE_MS });
  if (!parsed.ok) {
    if (parsed.reason !== 'invalid') {
      failSniff({ code: 'too_large', message: `“${displayName}” was not read: parsing it took ${parsed.detail}. Export the sheet as CSV or Parquet instead.` });
    }
    failSniff({
      code: 'invalid_xlsx',
      message: `“${displayName}” could not be read as an Excel workbook (${parsed.detail}). If it is a plain zip archive, unzip it and upload the data file inside.`,
    });
  }
  const trimmed = parsed.sheets.map((sheet) => ({ name: sheet.sheet, rows: trimSheet({ data: sheet.data }) }));
  const sheetInfo: SheetInfo[] = trimmed.map((sheet) => ({
    name: sheet.name,
    rowCount: sheet.rows.filter((row) => !isEmptyRow({ row })).length,
  }));
  if (!trimmed[0] || sheetInfo.every((sheet) => sheet.rowCount === 0)) {
    failSniff({ code: 'empty_file', message: `“${displayName}” has no data in any sheet.` });
  }
  const first = forced.sheet === undefined ? trimmed[0] : trimmed.find((sheet) => sheet.name === forced.sheet);
  if (!first) {
    failSniff({
      code: 'invalid_xlsx',
      message: `“${displayName}” has no sheet named ${JSON.stringify(forced.sheet)}; its sheets are ${trimmed.map((sheet) => JSON.stringify(sheet.name)).join(', ')}.`,
    });
  }
  const chosen = first === trimmed[0] ? 'the first' : 'the chosen sheet';

  const warnings: string[] = [];
  if (trimmed.length > 1) {
    warnings.push(`The workbook has ${trimmed.length} sheets; columns and samples describe ${chosen}, “${first.name}”.`);
  }
  // pandas' skiprows counts the sheet's rows as they are, blank ones included; blank rows (spacing in a hand-made
  // sheet) are then left out of the header guess, the samples and the count.
  const skipRows = forced.skipRows ?? 0;
  const rows = first.rows.slice(skipRows).filter((row) => !isEmptyRow({ row }));
  if (rows.length === 0) warnings.push(`The sheet “${first.name}” is empty${skipRows > 0 ? ` after the ${skipRows} skipped rows` : ''}; pick another sheet.`);
  const cellType = (cell: unknown) => (cell === '' ? null : typeOfValue({ value: cell }));
  const [firstRow = [], ...rest] = rows;
  const hasHeader = rows.length > 0 && (forced.hasHeader ?? detectHeader({ firstRow, dataRows: rest, cellType }));
  const header = hasHeader ? firstRow.map((cell) => (cell === null ? '' : cell instanceof Date ? cell.toISOString() : String(cell))) : null;
  if (header) {
    // A header row shorter than the data (blank header cells on the right) still names every column.
    const width = rest.reduce((widest, row) => Math.max(widest, row.length), header.length);
    while (header.length < width) header.push('');
  }
  const dataRows = hasHeader ? rest : rows;
  const table = buildTable({ header, rows: dataRows.slice(0, INFER_ROWS), cellType });
  return {
    format: 'xlsx',
    encoding: 'utf-8',
    delimiter: null,
    decimalSeparator: '.',
    ...(skipRows > 0 ? { skipRows } : {}),
    ...(first !== trimmed[0] ? { sheet: first.name } : {}),
    hasHeader,
    columns: table.columns,
    columnCount: table.columnCount,
    sampleRows: table.sampleRows,
    rowEstimate: { value: dataRows.length, exact: true },
    sheets: sheetInfo,
    warnings: [...warnings, ...table.warnings],
  };
}
