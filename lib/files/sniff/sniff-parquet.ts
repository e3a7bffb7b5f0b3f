import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData, SchemaTree } from 'hyparquet';
import { toSampleCell, uniqueColumnNames } from './build-table';
import type { ColumnType, DatasetColumn, SampleCell } from './dataset-meta';
import { failSniff, formatBytes } from './sniff-errors';
import { MAX_COLUMNS, MAX_PARQUET_FOOTER_BYTES, PARQUET_SAMPLE_BYTES, SAMPLE_COLUMNS, SAMPLE_ROWS } from './sniff-limits';
import type { FormatSniff, ReadRange } from './sniff-types';

/**
 * Parquet keeps its schema and exact row count in a footer at the end of the file: read the last 8 bytes (footer
 * length + "PAR1"), then exactly the footer. Sample rows come from the first row group only when its sampled column
 * chunks are small; otherwise they are skipped, because reading a 128 MB row group would make registration cost
 * grow with the file.
 */

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

function endsWithMagic({ bytes }: { bytes: Uint8Array }): boolean {
  return MAGIC.every((value, index) => bytes[bytes.length - 4 + index] === value);
}

/** An AsyncBuffer (hyparquet's file abstraction) served by the caller's ranged reads. */
function rangedBuffer({ size, readRange }: { size: number; readRange: ReadRange }): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? size, size);
      if (stop <= start) return new ArrayBuffer(0);
      const bytes = await readRange(start, stop - 1);
      return bytes.slice().buffer;
    },
  };
}

/** Our column type for a top-level schema node; nested groups (struct, list, map) are reported as string. */
function columnType({ node }: { node: SchemaTree }): ColumnType {
  const { element } = node;
  if (node.children.length > 0) return 'string';
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  if (logical === 'DATE' || converted === 'DATE') return 'date';
  if (logical === 'TIMESTAMP' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS' || element.type === 'INT96') return 'datetime';
  if (logical === 'DECIMAL' || converted === 'DECIMAL' || logical === 'FLOAT16') return 'number';
  if (logical === 'TIME' || converted === 'TIME_MILLIS' || converted === 'TIME_MICROS') return 'string';
  switch (element.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
    case 'INT64':
      return 'integer';
    case 'FLOAT':
    case 'DOUBLE':
      return 'number';
    default:
      return 'string';
  }
}

/** Bytes of the first row group's chunks for the given columns: what reading sample rows would cost. */
function firstRowGroupSpan({ metadata, columns }: { metadata: FileMetaData; columns: Set<string> }): number {
  const group = metadata.row_groups[0];
  if (!group) return 0;
  let total = 0;
  for (const chunk of group.columns) {
    const meta = chunk.meta_data;
    if (!meta || !columns.has(meta.path_in_schema[0] ?? '')) continue;
    total += Number(meta.total_compressed_size);
  }
  return total;
}

async function readSamples({ file, metadata, columns }: { file: AsyncBuffer; metadata: FileMetaData; columns: string[] }): Promise<SampleCell[][]> {
  const rows = await parquetReadObjects({ file, metadata, columns, rowStart: 0, rowEnd: SAMPLE_ROWS });
  return rows.map((row) => columns.map((name) => toSampleCell({ value: row[name] })));
}

export async function sniffParquet({ size, readRange, displayName }: { size: number; readRange: ReadRange; displayName: string }): Promise<FormatSniff> {
  const notParquet = (why: string): never => failSniff({ code: 'invalid_parquet', message: `“${displayName}” is not a readable Parquet file: ${why}.` });
  if (size < 12) notParquet(`it is only ${size} bytes long`);
  const tail = await readRange(size - 8, size - 1);
  if (!endsWithMagic({ bytes: tail })) notParquet('it does not end with the Parquet marker "PAR1" (is it really Parquet?)');
  const footerLength = new DataView(tail.buffer, tail.byteOffset, tail.byteLength).getUint32(0, true);
  if (footerLength === 0 || footerLength > size - 12) notParquet(`its footer length (${footerLength} bytes) does not fit in the file`);
  if (footerLength > MAX_PARQUET_FOOTER_BYTES) {
    failSniff({
      code: 'too_large',
      message: `The Parquet footer of “${displayName}” is ${formatBytes({ bytes: footerLength })}, above the ${formatBytes({ bytes: MAX_PARQUET_FOOTER_BYTES })} we read to register a file. Rewrite it with fewer, larger row groups.`,
    });
  }
  const footer = await readRange(size - 8 - footerLength, size - 9);
  const combined = new Uint8Array(footerLength + 8);
  combined.set(footer, 0);
  combined.set(tail, footerLength);
  let metadata: FileMetaData;
  let roots: SchemaTree[];
  try {
    metadata = parquetMetadata(combined);
    roots = parquetSchema(metadata).children;
  } catch (error) {
    return notParquet(`its footer could not be decoded (${error instanceof Error ? error.message : String(error)})`);
  }

  const kept = roots.slice(0, MAX_COLUMNS);
  const named = uniqueColumnNames({ names: kept.map((node) => node.element.name) });
  const columns: DatasetColumn[] = kept.map((node, index) => ({
    name: named[index]?.name ?? node.element.name,
    type: columnType({ node }),
    nullable: node.element.repetition_type !== 'REQUIRED',
    ...(named[index]?.originalName !== undefined ? { originalName: named[index]?.originalName } : {}),
  }));
  const warnings: string[] = [];
  if (roots.length > kept.length) {
    warnings.push(`The file has ${roots.length.toLocaleString('en-US')} columns; only the first ${kept.length.toLocaleString('en-US')} are described here.`);
  }
  const nested = kept.filter((node) => node.children.length > 0).map((node) => JSON.stringify(node.element.name));
  if (nested.length > 0) warnings.push(`Column(s) ${nested.slice(0, 5).join(', ')} are nested (struct, list or map), shown as JSON text.`);

  const rowCount = Number(metadata.num_rows);
  let sampleRows: SampleCell[][] = [];
  const sampled = kept.slice(0, SAMPLE_COLUMNS).map((node) => node.element.name);
  const span = firstRowGroupSpan({ metadata, columns: new Set(sampled) });
  if (rowCount > 0 && span > PARQUET_SAMPLE_BYTES) {
    warnings.push(
      `Sample rows were skipped: the first row group holds ${formatBytes({ bytes: span })} for the sampled columns, and registration reads at most ${formatBytes({ bytes: PARQUET_SAMPLE_BYTES })} of data.`,
    );
  } else if (rowCount > 0) {
    try {
      sampleRows = await readSamples({ file: rangedBuffer({ size, readRange }), metadata, columns: sampled });
    } catch (error) {
      // Typically a codec hyparquet does not bundle (e.g. ZSTD, GZIP); the schema and counts above remain valid.
      warnings.push(`Sample rows could not be read: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }
  if (sampleRows.length > 0 && sampled.length < kept.length) {
    warnings.push(`Sample rows show the first ${sampled.length} of ${kept.length.toLocaleString('en-US')} columns.`);
  }
  return {
    format: 'parquet',
    encoding: 'utf-8',
    delimiter: null,
    decimalSeparator: '.',
    hasHeader: true,
    columns,
    columnCount: roots.length,
    sampleRows,
    rowEstimate: { value: rowCount, exact: true },
    warnings,
  };
}
