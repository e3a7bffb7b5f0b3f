import 'server-only';
import { datasetMetaSchema, type DatasetMeta } from '@/lib/files/sniff/dataset-meta';
import type { ReadOptions } from '@/lib/files/sniff/read-options-schema';
import { sniffDataset } from '@/lib/files/sniff/sniff';
import type { Viewer } from '@/lib/access/server/caller';
import type { StorageDriver } from '@/lib/storage/server';
import { requireOwned } from './dataset-access';
import { failDataset } from './dataset-errors';
import { readMeta, toSummary, writeMeta } from './dataset-records';
import type { DatasetSummary } from '../dataset-types';

/**
 * The analyst's correction of how a file is read (header row, rows to skip, delimiter, separators, quote, encoding,
 * sheet). A preview re-sniffs the file's head with the options forced, exactly as registration does, and stores
 * nothing; saving does the same and then replaces the record, so the schema, the samples and the binding options
 * (binding-options.ts) all follow the correction. Only the owner may do either; a correction that does not apply to
 * the file's format, or with which the file cannot be read, is refused and the stored record stays as it was.
 */

const TEXT_OPTIONS: (keyof ReadOptions)[] = ['delimiter', 'skipRows', 'hasHeader', 'decimal', 'thousands', 'quoteChar', 'encoding'];
const WORKBOOK_OPTIONS: (keyof ReadOptions)[] = ['sheet', 'skipRows', 'hasHeader'];

/** The options actually set (a key present with `undefined` is not a choice). */
function chosen({ options }: { options: ReadOptions }): ReadOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function refuseInapplicable({ meta, options }: { meta: DatasetMeta; options: ReadOptions }): void {
  const set = Object.keys(options) as (keyof ReadOptions)[];
  if (set.length === 0) return;
  if (meta.format === 'json' || meta.format === 'jsonl' || meta.format === 'parquet') {
    failDataset({
      code: 'invalid_input',
      message: `“${meta.displayName}” is ${meta.format === 'parquet' ? 'Parquet' : 'JSON'}: its columns come from its own structure, so there is nothing to correct about how it is read.`,
    });
  }
  const allowed = meta.format === 'xlsx' ? WORKBOOK_OPTIONS : TEXT_OPTIONS;
  const wrong = set.filter((name) => !allowed.includes(name));
  if (wrong.length > 0) {
    failDataset({
      code: 'invalid_input',
      message:
        meta.format === 'xlsx'
          ? `“${meta.displayName}” is an Excel workbook: only the sheet, rows to skip and the header row can be chosen (not ${wrong.join(', ')}).`
          : `“${meta.displayName}” is a text file: it has no sheets.`,
    });
  }
  if (options.sheet !== undefined && !meta.sheets?.some((sheet) => sheet.name === options.sheet)) {
    const names = (meta.sheets ?? []).map((sheet) => JSON.stringify(sheet.name)).join(', ');
    failDataset({ code: 'invalid_input', message: `“${meta.displayName}” has no sheet named ${JSON.stringify(options.sheet)}; its sheets are ${names}.` });
  }
}

/** The file must still be the one registered: a replaced object would be described under the old record's name. */
async function requireSameFile({ storage, meta }: { storage: StorageDriver; meta: DatasetMeta }): Promise<void> {
  const info = await storage.headObject({ key: meta.key });
  if (!info) failDataset({ code: 'not_found', message: `The file of “${meta.displayName}” is no longer in storage.` });
  if (info.size !== meta.size || (meta.etag !== undefined && info.etag !== undefined && info.etag !== meta.etag)) {
    failDataset({
      code: 'unreadable',
      message: `“${meta.displayName}” was replaced in storage after it was registered; delete it and upload the file again.`,
    });
  }
}

async function reread({
  storage,
  meta,
  options: given,
  now,
}: {
  storage: StorageDriver;
  meta: DatasetMeta;
  options: ReadOptions;
  now: Date;
}): Promise<DatasetMeta> {
  const options = chosen({ options: given });
  refuseInapplicable({ meta, options });
  await requireSameFile({ storage, meta });
  const fileName = meta.key.slice(meta.key.lastIndexOf('/') + 1);
  const sniffed = await sniffDataset({
    fileName,
    size: meta.size,
    readRange: (start, end) => storage.getRange({ key: meta.key, start, end }),
    readOptions: options,
  });
  if (!sniffed.ok) {
    if (sniffed.code === 'read_failed' || sniffed.code === 'internal_error') failDataset({ code: 'storage', message: sniffed.message, retryable: true });
    failDataset({ code: 'unreadable', message: `With these options: ${sniffed.message.replace(fileName, meta.displayName)}` });
  }
  const { displayName: _sniffedName, ...described } = sniffed.meta;
  const corrected = Object.keys(options).length > 0;
  // Built from the new description plus the record's identity, so nothing of the old reading (a skip, a quote) lingers.
  return datasetMetaSchema.parse({
    ...described,
    displayName: meta.displayName,
    id: meta.id,
    key: meta.key,
    folder: meta.folder,
    source: meta.source,
    ...(meta.ownerHash ? { ownerHash: meta.ownerHash } : {}),
    ...(meta.etag ? { etag: meta.etag } : {}),
    ...(corrected ? { readOptions: options } : {}),
    createdAt: meta.createdAt,
    updatedAt: now.toISOString(),
  });
}

/** One correction request: whose, which dataset, which options, and the clock the record's `updatedAt` reads. */
type ReadOptionsRequest = { storage: StorageDriver; viewer: Viewer; id: string; readOptions: ReadOptions; now?: Date };

/** The owner's record re-read with the correction; preview and save differ only in whether it is then stored. */
async function rereadOwned({ storage, viewer, id, readOptions, now = new Date() }: ReadOptionsRequest): Promise<DatasetMeta> {
  const meta = requireOwned({ meta: await readMeta({ storage, id }), viewer, action: 'Correcting how the file is read' });
  return reread({ storage, meta, options: readOptions, now });
}

/** What the dataset would look like read with `readOptions`; stores nothing. */
export async function previewReadOptions(request: ReadOptionsRequest): Promise<DatasetSummary> {
  return toSummary({ meta: await rereadOwned(request), access: 'owner' });
}

/** Stores the correction with the dataset and the schema it yields; `{}` goes back to what registration detected. */
export async function saveReadOptions(request: ReadOptionsRequest): Promise<DatasetSummary> {
  const corrected = await rereadOwned(request);
  await writeMeta({ storage: request.storage, meta: corrected });
  return toSummary({ meta: corrected, access: 'owner' });
}
