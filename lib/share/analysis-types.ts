import { z } from 'zod';
import type { DatasetDownload } from '@/lib/files/dataset-types';
import { analysisIdSchema, analysisUrls } from './analysis-ids';
import type { AnalysisRecord, SavedBindingOptions } from './analysis-record';

/**
 * What the analysis service, its route handlers and actions hand to the page: plain JSON. Shared by lib/share, app/
 * and the components; the save route's answer, which the page reads from the network, comes with its schema.
 */

export type AnalysisErrorCode =
  /** Input failed validation (ids, a malformed save body, a fake PNG, a cap). */
  | 'invalid_input'
  /** The save body is larger than ANALYSIS_MAX_SAVE_MB. */
  | 'too_large'
  /** No such analysis (never existed, deleted, or an id that is not one). */
  | 'not_found'
  /** The owner turned the link off. */
  | 'revoked'
  /** The link's expiry date has passed. */
  | 'expired'
  /** This browser's owner cookie did not create the analysis. */
  | 'forbidden'
  /** Re-running is off for this analysis. */
  | 'rerun_disabled'
  /** A dataset the analysis used is gone from the catalog. */
  | 'dataset_missing'
  /** Storage failed; trying again may work. */
  | 'storage'
  /** The owner keeps as many conversations as one owner may: deleting some makes room. */
  | 'quota'
  /** AUTH_MODE=password/oidc and the caller has no session: sign in first. */
  | 'unauthenticated';

export interface AnalysisFailure {
  ok: false;
  code: AnalysisErrorCode;
  message: string;
  /** True when the same call may succeed later (storage hiccup), false when something must change. */
  retryable: boolean;
}

/** Every action answers `{ ok: true, …value }` or an AnalysisFailure: errors are data, so messages survive Next's masking. */
export type AnalysisResult<T extends object> = ({ ok: true } & T) | AnalysisFailure;

/**
 * What the page reads of a refusal: its message for people. The app's routes all answer `{ ok: false, message, … }`
 * (an AnalysisFailure here; the sign-in and origin guards add codes of their own), so only the message is required.
 */
export const refusalSchema = z.object({ ok: z.literal(false), message: z.string().max(2000) });

/** The link a save answers with (201): the analysis id and its share and embed pages, which must be this id's own. */
export const savedLinkSchema = z.object({ ok: z.literal(true), id: analysisIdSchema, url: z.string(), embedUrl: z.string() }).refine((link) => {
  const urls = analysisUrls({ id: link.id });
  return link.url === urls.url && link.embedUrl === urls.embedUrl;
}, 'the links are not those of the analysis id');
export type SavedLink = z.infer<typeof savedLinkSchema>;

/** The JSON answer of `POST /api/analyses` (201 on success; 400/403/404/413/415/503 with the failure). */
export type SaveAnalysisResponse = SavedLink | AnalysisFailure;

/** An analysis as a viewer gets it: the record without the owner's hash. */
export type SharedAnalysis = Omit<AnalysisRecord, 'ownerHash'>;

export type SharedAnalysisOutcome =
  | { ok: true; record: SharedAnalysis /** Whether the caller's owner cookie created it (owner controls). */; isOwner: boolean }
  | { ok: false; reason: 'not_found' | 'revoked' | 'expired'; message: string };

/** Whether a link works right now. */
export type AnalysisStatus = 'active' | 'revoked' | 'expired';

/** One row of "My analyses", from the owner index (no record read needed). */
export interface AnalysisSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  visibility: 'link' | 'revoked';
  allowRerun: boolean;
  status: AnalysisStatus;
  questionCount: number;
  /** `/a/<id>`. */
  url: string;
  /** `/embed/<id>`. */
  embedUrl: string;
}

export interface AnalysisPage {
  /** Newest first within the page. */
  analyses: AnalysisSummary[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/** How one saved dataset is bound again for a re-run: the variable and file name the saved code expects. */
export interface RerunDataset {
  id: string;
  variable: string;
  /** The file name under /data at save time (what kernelFileName gives for `downloads[i]`, too). */
  fileName: string;
  format: DatasetDownload['format'];
  options: SavedBindingOptions;
}

export interface RerunDownloads {
  /**
   * Fresh short-lived URLs, in the record's df1..dfN order. `displayName` is the one saved with the analysis (not a
   * later rename), so `kernelFileName({ meta: download })` yields the file name the saved code was written against.
   * Shaped like the `getDownloadUrls` result that `loadDatasetsIntoKernel` accepts.
   */
  downloads: DatasetDownload[];
  datasets: RerunDataset[];
  /**
   * Per question, in order, the datasets its code ran against with the variables they had then (records saved
   * before per-question bindings: `datasets` for every question).
   */
  turns: RerunDataset[][];
}

/** `prepareRerun`: the data plus what the viewer must see and confirm before anything runs. */
export interface RerunPlan extends RerunDownloads {
  /** Whether the caller's owner cookie saved this analysis (decided on the server). */
  isOwner: boolean;
  /** Per question, in order, the code a re-run executes (the final saved attempt's); null: nothing to run. */
  code: Array<string | null>;
}
