/**
 * The product's path up to the planner: each file goes through the catalog's sniffer (lib/files/sniff/sniff.ts), its
 * record becomes the brief the planner or model sees (lib/files/dataset-briefs.ts) and the binding the kernel reads it
 * with (lib/files/binding-options.ts), exactly as an upload would.
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DatasetBrief } from '@/lib/ask/contracts';
import { buildDatasetBriefs } from '@/lib/files/dataset-briefs';
import { createDatasetMeta } from '@/lib/files/sniff/dataset-meta';
import { sniffDataset } from '@/lib/files/sniff/sniff';
import { bindingOptions } from '@/lib/files/binding-options';
import type { DatasetBinding } from '@/workers/kernel-protocol';

export interface PreparedDataset {
  brief: DatasetBrief;
  binding: DatasetBinding & { path: string };
  /** What the sniffer said about the file, for the report. */
  columns: string[];
  warnings: string[];
}

function readRange(file: string) {
  return async (start: number, endInclusive: number): Promise<Uint8Array> => {
    const buffer = new Uint8Array(endInclusive - start + 1);
    const handle = openSync(file, 'r');
    try {
      readSync(handle, buffer, 0, buffer.length, start);
    } finally {
      closeSync(handle);
    }
    return buffer;
  };
}

export async function prepareDataset({ key, file }: { key: string; file: string }): Promise<PreparedDataset | { error: string }> {
  const sniffed = await sniffDataset({ fileName: path.basename(file), size: statSync(file).size, readRange: readRange(file) });
  if (!sniffed.ok) return { error: `${sniffed.code}: ${sniffed.message}` };
  const id = `eval${key.replace(/[^A-Za-z0-9]/g, '')}0000`;
  const meta = createDatasetMeta({ sniffed: sniffed.meta, id, key: `datasets/${id}/${path.basename(file)}` });
  const [brief] = buildDatasetBriefs({ datasets: [meta] });
  if (!brief) return { error: 'no brief' };
  return {
    brief,
    binding: { variable: 'df1', format: meta.format, options: bindingOptions({ meta }), path: file },
    columns: meta.columns.map((column) => `${column.name}:${column.type}`),
    warnings: meta.warnings,
  };
}
