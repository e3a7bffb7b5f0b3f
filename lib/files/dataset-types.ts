import type { DatasetMeta, DatasetFormat } from '@/lib/files/sniff/dataset-meta';
import type { DatasetBinding } from '@/workers/kernel-protocol';
import type { UploadPlan } from '@/lib/storage/types';

/**
 * What the dataset actions hand to the page: plain JSON, no class instances, no storage credentials. Type-only
 * module, shared by app/actions, lib/datasets and the components.
 */

/**
 * A catalog entry as listed: the stored meta without its owner id, with `columns` cut to SUMMARY_COLUMNS (columnCount
 * keeps the total), and what the caller may do with it: `owner` (everything) or `shared` (read-only, from a
 * SHARED_PREFIXES entry).
 */
export type DatasetSummary = Omit<DatasetMeta, 'ownerHash'> & { access: 'owner' | 'shared' };

export type DatasetErrorCode =
  /** Input failed validation (ids, names, folders, part lists). */
  | 'invalid_input'
  | 'unsupported_type'
  | 'too_large'
  | 'empty_file'
  /** No such dataset or upload (deleted, never created, or not the caller's: the two are answered alike). */
  | 'not_found'
  /** The caller may see it but not change it (a shared dataset), or the feature is off (import without SHARED_PREFIXES). */
  | 'forbidden'
  /** The owner's storage quota (MAX_OWNER_STORAGE_MB) would be exceeded. */
  | 'quota_exceeded'
  /** The file arrived but cannot be read as a table; `message` says why (from the sniffer). */
  | 'unreadable'
  /** The upload never reached storage, or reached it with another size. */
  | 'upload_incomplete'
  /** Storage failed; trying again may work. */
  | 'storage'
  /** AUTH_MODE=password/oidc and the caller has no session: sign in first. */
  | 'unauthenticated';

export interface DatasetFailure {
  ok: false;
  code: DatasetErrorCode;
  message: string;
  /** True when the same call may succeed later (storage hiccup), false when the input must change. */
  retryable: boolean;
}

/** Every action answers `{ ok: true, …value }` or a DatasetFailure: errors are data, so their messages survive Next's production error masking. */
export type ActionResult<T extends object> = ({ ok: true } & T) | DatasetFailure;

export interface UploadTicket {
  id: string;
  /** The sanitised name the dataset will be shown under. */
  displayName: string;
  plan: UploadPlan;
  /** Set when the name had to be changed (path parts, control or direction characters removed). */
  notice?: string;
}

export interface DatasetPage {
  datasets: DatasetSummary[];
  /** Folders seen on this page (merge them across pages). */
  folders: string[];
  /** Pass back to listDatasets for the next page; absent on the last page. */
  nextCursor?: string;
  /** Storage objects examined for this page; a page can be empty of matches and still have a next one. */
  scanned: number;
}

export interface ImportOutcome {
  imported: DatasetSummary[];
  /** Objects that were already registered, or are not data files the app reads. */
  skipped: Array<{ key: string; reason: string }>;
  /** Objects that look like data but could not be read; nothing was registered for them. */
  failed: Array<{ key: string; message: string }>;
  nextCursor?: string;
}

/** A short-lived GET for one dataset, with what the kernel needs to bind it. */
export interface DatasetDownload {
  id: string;
  displayName: string;
  format: DatasetFormat;
  size: number;
  url: string;
  /** ISO 8601, at most DOWNLOAD_URL_EXPIRY_SECONDS (≤ 5 min) away. */
  expiresAt: string;
  options: NonNullable<DatasetBinding['options']>;
}

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
