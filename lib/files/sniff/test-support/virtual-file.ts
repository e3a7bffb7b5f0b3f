import type { ReadRange } from '../sniff-types';

/**
 * Files for tests and the bench, served through the same ranged-read callback storage provides. Every read is
 * recorded so a test can prove how many bytes registration touched.
 */

export interface RecordedRead {
  start: number;
  endInclusive: number;
}

export interface TestFile {
  fileName: string;
  size: number;
  readRange: ReadRange;
  reads: RecordedRead[];
  bytesRead: () => number;
}

/** A file held in memory. */
export function memoryFile({ fileName, bytes }: { fileName: string; bytes: Uint8Array | string }): TestFile {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return virtualFile({ fileName, size: data.length, bytesAt: ({ start, end }) => data.slice(start, end) });
}

/**
 * A file whose bytes are produced on demand, so a 1 GB file costs nothing until read. `bytesAt` returns bytes
 * [start, end) of the file.
 */
export function virtualFile({
  fileName,
  size,
  bytesAt,
}: {
  fileName: string;
  size: number;
  bytesAt: (range: { start: number; end: number }) => Uint8Array;
}): TestFile {
  const reads: RecordedRead[] = [];
  return {
    fileName,
    size,
    reads,
    bytesRead: () => reads.reduce((total, read) => total + (read.endInclusive - read.start + 1), 0),
    readRange: async (start, endInclusive) => {
      reads.push({ start, endInclusive });
      return bytesAt({ start, end: endInclusive + 1 });
    },
  };
}

/**
 * A CSV of fixed-width rows (header + `rows` rows), generated on demand: row i is computable from its offset, so
 * any byte range of a multi-gigabyte file can be served. Returns the exact row count for assertions.
 */
export function generatedCsv({ fileName, rows }: { fileName: string; rows: number }): TestFile & { header: string; rowLength: number } {
  const header = 'id,city,amount,when\n';
  const cities = ['Paris', 'Berlin', 'Lagos', 'Lima', 'Osaka'];
  const rowText = (index: number): string => {
    const id = String(index + 1).padStart(10, '0');
    const city = (cities[index % cities.length] ?? 'Paris').padEnd(6, '_');
    const amount = `${String(index % 1000).padStart(4, '0')}.${String(index % 100).padStart(2, '0')}`;
    const day = String((index % 28) + 1).padStart(2, '0');
    return `${id},${city},${amount},2024-03-${day}\n`;
  };
  const rowLength = rowText(0).length;
  const headerBytes = new TextEncoder().encode(header);
  const size = headerBytes.length + rows * rowLength;
  const file = virtualFile({
    fileName,
    size,
    bytesAt: ({ start, end }) => {
      const out = new Uint8Array(end - start);
      let offset = start;
      while (offset < end) {
        if (offset < headerBytes.length) {
          out[offset - start] = headerBytes[offset] ?? 0;
          offset += 1;
          continue;
        }
        const rowIndex = Math.floor((offset - headerBytes.length) / rowLength);
        const row = rowText(rowIndex);
        const within = (offset - headerBytes.length) % rowLength;
        const take = Math.min(rowLength - within, end - offset);
        for (let index = 0; index < take; index += 1) out[offset - start + index] = row.charCodeAt(within + index);
        offset += take;
      }
      return out;
    },
  });
  return { ...file, header, rowLength };
}

/** A file that is all zero bytes except a real `tail` at the end (a Parquet footer on a huge virtual body). */
export function fileWithTail({ fileName, size, tail, head }: { fileName: string; size: number; tail: Uint8Array; head?: Uint8Array }): TestFile {
  const tailStart = size - tail.length;
  return virtualFile({
    fileName,
    size,
    bytesAt: ({ start, end }) => {
      const out = new Uint8Array(end - start);
      for (let offset = Math.max(start, tailStart); offset < end; offset += 1) out[offset - start] = tail[offset - tailStart] ?? 0;
      if (head) for (let offset = start; offset < Math.min(end, head.length); offset += 1) out[offset - start] = head[offset] ?? 0;
      return out;
    },
  });
}
