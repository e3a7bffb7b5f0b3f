import { z } from 'zod';
import { actionResultSchema } from '@/lib/core/action-result';
import { uploadPlanSchema } from '@/lib/storage/types';
import { datasetFormatSchema, datasetMetaSchema } from '@/lib/files/sniff/dataset-meta';

/**
 * What the dataset actions hand to the page: plain JSON, no class instances, no storage credentials. Each shape is a
 * zod schema with its type inferred from it: the actions are typed by these, and the page parses what it receives
 * with the same schemas (datasetActionResults, read by readActionResult in lib/core/action-result.ts).
 */

/**
 * A catalog entry as listed: the stored meta without its owner id, with `columns` cut to SUMMARY_COLUMNS (columnCount
 * keeps the total), and what the caller may do with it: `owner` (everything) or `shared` (read-only, from a
 * SHARED_PREFIXES entry).
 */
export const datasetSummarySchema = datasetMetaSchema.omit({ ownerHash: true }).extend({ access: z.enum(['owner', 'shared']) });
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

const datasetErrorCodeSchema = z.enum([
  /** Input failed validation (ids, names, folders, part lists). */
  'invalid_input',
  'unsupported_type',
  'too_large',
  'empty_file',
  /** No such dataset or upload (deleted, never created, or not the caller's: the two are answered alike). */
  'not_found',
  /** The caller may see it but not change it (a shared dataset), or the feature is off (import without SHARED_PREFIXES). */
  'forbidden',
  /** The owner's storage quota (MAX_OWNER_STORAGE_MB) would be exceeded. */
  'quota_exceeded',
  /** The file arrived but cannot be read as a table; `message` says why (from the sniffer). */
  'unreadable',
  /** The upload never reached storage, or reached it with another size. */
  'upload_incomplete',
  /** Storage failed; trying again may work. */
  'storage',
  /** AUTH_MODE=password/oidc and the caller has no session: sign in first. */
  'unauthenticated',
]);
export type DatasetErrorCode = z.infer<typeof datasetErrorCodeSchema>;

export const datasetFailureSchema = z.object({
  ok: z.literal(false),
  code: datasetErrorCodeSchema,
  message: z.string(),
  /** True when the same call may succeed later (storage hiccup), false when the input must change. */
  retryable: z.boolean(),
});
export type DatasetFailure = z.infer<typeof datasetFailureSchema>;

/** Every action answers `{ ok: true, …value }` or a DatasetFailure: errors are data, so their messages survive Next's production error masking. */
export type ActionResult<T extends object> = ({ ok: true } & T) | DatasetFailure;

export const uploadTicketSchema = z.object({
  id: z.string(),
  /** The sanitised name the dataset will be shown under. */
  displayName: z.string(),
  plan: uploadPlanSchema,
  /** Set when the name had to be changed (path parts, control or direction characters removed). */
  notice: z.string().optional(),
});
export type UploadTicket = z.infer<typeof uploadTicketSchema>;

export const datasetPageSchema = z.object({
  datasets: z.array(datasetSummarySchema),
  /** Folders seen on this page (merge them across pages). */
  folders: z.array(z.string()),
  /** Pass back to listDatasets for the next page; absent on the last page. */
  nextCursor: z.string().optional(),
  /** Storage objects examined for this page; a page can be empty of matches and still have a next one. */
  scanned: z.number().int().nonnegative(),
});
export type DatasetPage = z.infer<typeof datasetPageSchema>;

export const importOutcomeSchema = z.object({
  imported: z.array(datasetSummarySchema),
  /** Objects that were already registered, or are not data files the app reads. */
  skipped: z.array(z.object({ key: z.string(), reason: z.string() })),
  /** Objects that look like data but could not be read; nothing was registered for them. */
  failed: z.array(z.object({ key: z.string(), message: z.string() })),
  nextCursor: z.string().optional(),
});
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;

/** How the kernel reads a file (DatasetBinding['options'] in workers/kernel-protocol.ts; lib/files/binding-options.ts builds it). */
const bindingOptionsSchema = z.object({
  delimiter: z.string().optional(),
  encoding: z.string().optional(),
  decimal: z.string().optional(),
  thousands: z.string().optional(),
  quoteChar: z.string().optional(),
  skipRows: z.number().int().nonnegative().optional(),
  hasHeader: z.boolean().optional(),
  names: z.array(z.string()).optional(),
  sheet: z.string().optional(),
});

/** A short-lived GET for one dataset, with what the kernel needs to bind it. */
export const datasetDownloadSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  format: datasetFormatSchema,
  size: z.number().int().nonnegative(),
  url: z.string(),
  /** ISO 8601, at most DOWNLOAD_URL_EXPIRY_SECONDS (≤ 5 min) away. */
  expiresAt: z.string(),
  options: bindingOptionsSchema,
});
export type DatasetDownload = z.infer<typeof datasetDownloadSchema>;

const datasetResult = <VALUE extends z.ZodRawShape>(value: z.ZodObject<VALUE>) => actionResultSchema({ value, failure: datasetFailureSchema });
const changedDataset = datasetResult(z.object({ dataset: datasetSummarySchema }));

/** Each action of lib/files/actions.ts as its answer reaches the page; the actions' declared types are these. */
export const datasetActionResults = {
  createUpload: datasetResult(uploadTicketSchema),
  completeUpload: datasetResult(z.object({})),
  abortUpload: datasetResult(z.object({})),
  registerDataset: changedDataset,
  listDatasets: datasetResult(datasetPageSchema),
  renameDataset: changedDataset,
  previewReadOptions: changedDataset,
  setReadOptions: changedDataset,
  deleteDataset: datasetResult(z.object({ id: z.string() })),
  importFromPrefix: datasetResult(importOutcomeSchema),
  getDownloadUrls: datasetResult(z.object({ downloads: z.array(datasetDownloadSchema) })),
};
export type DatasetActionResult<ACTION extends keyof typeof datasetActionResults> = z.infer<(typeof datasetActionResults)[ACTION]>;

/** A dataset mounted in the kernel: where it lives under /data and which variable it is bound to. */
export interface LoadedDataset {
  id: string;
  displayName: string;
  /** Bare file name under /data. */
  name: string;
  /** `/data/<name>`. */
  path: string;
  /** `df1`, `df2`, … */
  variable: string;
  bytes: number;
}
