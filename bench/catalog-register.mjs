#!/usr/bin/env node
// Registration cost versus file size: sniffs small and huge CSV and Parquet files and prints the median time and
// the bytes read. The claim being checked: registering a 5 GB file costs the same as a 5 KB one.
//
//   node bench/catalog-register.mjs [--runs 9]
//
// lib/files/sniff is TypeScript, so it is bundled once with esbuild into a temporary folder (nothing is written to the
// repository). Huge files are virtual (bytes generated on demand), plus one real 1 GB sparse file in the temp folder
// read with fs ranged reads, as the local storage driver would.
import { build } from 'esbuild';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 9;

const workDir = await mkdtemp(path.join(tmpdir(), 'catalog-bench-'));
try {
  const bundle = path.join(workDir, 'catalog.mjs');
  await build({
    stdin: {
      contents: [
        "export { sniffDataset } from './lib/files/sniff/sniff';",
        "export { HEAD_BYTES } from './lib/files/sniff/sniff-limits';",
        "export { generatedCsv, fileWithTail, virtualFile } from './lib/files/sniff/test-support/virtual-file';",
        "export { makeParquetFile, makeParquetFooter } from './lib/files/sniff/test-support/make-parquet';",
        "export { makeXlsx } from './lib/files/sniff/test-support/make-xlsx';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'bench-entry.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    logLevel: 'error',
  });
  const catalog = await import(pathToFileURL(bundle).href);
  await runAll({ catalog, workDir });
} finally {
  await rm(workDir, { recursive: true, force: true });
}

async function runAll({ catalog, workDir }) {
  const { generatedCsv, makeParquetFile, makeParquetFooter, makeXlsx, fileWithTail, virtualFile } = catalog;
  const cases = [];

  cases.push({ label: 'CSV 5 KB (memory)', make: () => generatedCsv({ fileName: 'tiny.csv', rows: 130 }) });
  cases.push({ label: 'CSV 1 MB (memory)', make: () => generatedCsv({ fileName: 'small.csv', rows: 26_300 }) });
  cases.push({ label: 'CSV 1 GB (virtual)', make: () => generatedCsv({ fileName: 'big.csv', rows: 26_500_000 }) });
  cases.push({ label: 'CSV 5 GB (virtual)', make: () => generatedCsv({ fileName: 'huge.csv', rows: 132_000_000 }) });

  const sparse = await makeSparseCsv({ catalog, workDir, size: 1_000_000_000 });
  cases.push({ label: 'CSV 1 GB (sparse file, fs reads)', make: () => sparse });

  const smallParquet = makeParquetFile({
    columns: [
      { name: 'id', kind: 'int64', values: Array.from({ length: 4_000 }, (_, index) => index) },
      { name: 'value', kind: 'double', values: Array.from({ length: 4_000 }, (_, index) => index / 7) },
    ],
  });
  cases.push({
    label: `Parquet ${formatBytes(smallParquet.length)}, samples read (memory)`,
    make: () => memory({ virtualFile, fileName: 's.parquet', bytes: smallParquet }),
  });
  const big = makeParquetFooter({ columnCount: 200, rowGroups: 40, rowsPerGroup: 1_000_000, chunkBytes: 150_000 });
  cases.push({
    label: `Parquet ${(big.size / 1e9).toFixed(1)} GB, ${(big.tail.length / 1e6).toFixed(2)} MB footer (virtual)`,
    make: () => fileWithTail({ fileName: 'big.parquet', size: big.size, tail: big.tail }),
  });
  const huge = makeParquetFooter({ columnCount: 200, rowGroups: 40, rowsPerGroup: 5_000_000, chunkBytes: 750_000 });
  cases.push({
    label: `Parquet ${(huge.size / 1e9).toFixed(1)} GB, ${(huge.tail.length / 1e6).toFixed(2)} MB footer (virtual)`,
    make: () => fileWithTail({ fileName: 'huge.parquet', size: huge.size, tail: huge.tail }),
  });

  const WARMUP = 3;
  // xlsx is the exception: a zip must be read whole, so its cost grows with size (hence the 50 MB cap).
  for (const rowCount of [5_000, 50_000]) {
    // Built on first use so building it does not disturb the timings of the cases before it.
    let bytes;
    const workbook = () => {
      if (!bytes) {
        const rows = [['id', 'code', 'value']];
        for (let index = 0; index < rowCount; index += 1) rows.push([index, `code-${(index * 7919) % 100_003}`, index / 3]);
        bytes = makeXlsx({ sheets: [{ name: 'Data', rows }] });
      }
      return bytes;
    };
    cases.push({
      label: `xlsx, ${rowCount.toLocaleString('en-US')} rows (memory, read whole)`,
      make: () => memory({ virtualFile, fileName: 'w.xlsx', bytes: workbook() }),
    });
  }

  console.log(`sniffDataset, median of ${RUNS} runs (after ${WARMUP} warm-up runs), node ${process.version}\n`);
  const rows = [['file', 'size', 'median ms', 'min ms', 'bytes read', 'reads', 'rows (estimate)']];
  for (const entry of cases) {
    const timings = [];
    let last;
    for (let run = 0; run < WARMUP + RUNS; run += 1) {
      const file = entry.make();
      file.reads.length = 0;
      const started = performance.now();
      const result = await catalog.sniffDataset({ fileName: file.fileName, size: file.size, readRange: file.readRange });
      const elapsed = performance.now() - started;
      if (!result.ok) throw new Error(`${entry.label}: ${result.message}`);
      if (run >= WARMUP) timings.push(elapsed);
      last = { file, result };
    }
    timings.sort((a, b) => a - b);
    const estimate = last.result.meta.rowEstimate;
    rows.push([
      entry.label,
      formatBytes(last.file.size),
      timings[Math.floor(timings.length / 2)].toFixed(1),
      timings[0].toFixed(1),
      formatBytes(last.file.bytesRead()),
      String(last.file.reads.length),
      `${estimate.value.toLocaleString('en-US')}${estimate.exact ? ' (exact)' : ' (est.)'}`,
    ]);
  }
  printTable(rows);
  console.log(`\nHead budget: ${formatBytes(catalog.HEAD_BYTES)}. Parquet reads the 8-byte trailer, then the footer only`);
  console.log('(plus the first row group when it is under the 256 KB sample budget, as in the small file).');
  console.log('The sparse file is 1 MB of CSV followed by a hole; its estimate extrapolates the head, since nothing past it is read.');
  console.log('xlsx is the exception by design: a zip is read whole, so its cost grows with size, hence the 50 MB cap.');
}

/** A wrapper that records reads over an in-memory byte array. */
function memory({ virtualFile, fileName, bytes }) {
  return virtualFile({ fileName, size: bytes.length, bytesAt: ({ start, end }) => bytes.slice(start, end) });
}

/** A 1 GB file on disk whose first 1 MB is CSV and the rest a hole; read back with positioned fs reads. */
async function makeSparseCsv({ catalog, workDir, size }) {
  const filePath = path.join(workDir, 'sparse.csv');
  const source = catalog.generatedCsv({ fileName: 'sparse.csv', rows: 30_000 });
  const head = await source.readRange(0, source.size - 1);
  const handle = await open(filePath, 'w');
  await handle.write(head, 0, head.length, 0);
  await handle.truncate(size);
  await handle.close();
  const reader = await open(filePath, 'r');
  process.on('exit', () => void reader.close());
  const reads = [];
  return {
    fileName: 'sparse.csv',
    size,
    reads,
    bytesRead: () => reads.reduce((total, read) => total + (read.endInclusive - read.start + 1), 0),
    readRange: async (start, endInclusive) => {
      reads.push({ start, endInclusive });
      const buffer = new Uint8Array(endInclusive - start + 1);
      await reader.read(buffer, 0, buffer.length, start);
      return buffer;
    },
  };
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

function printTable(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
}
