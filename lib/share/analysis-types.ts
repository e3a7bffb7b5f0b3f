import { z } from 'zod';
import { actionResultSchema } from '@/lib/core/action-result';
import { datasetDownloadSchema } from '@/lib/files/dataset-types';
import { datasetFormatSchema } from '@/lib/files/sniff/dataset-meta';
import { analysisIdSchema, analysisUrls } from './analysis-ids';
import { type AnalysisRecord, savedBindingOptionsSchema } from './analysis-record';

/**
 * What the analysis service, its route handlers and actions hand to the page: plain JSON. Shared by lib/share, app/
 * and the components. What the page receives from the network comes with its schema, the type inferred from it: the
 * save route's answer, and each action's (analysisActionResults, read by readActionResult in lib/core/action-result.ts).
 */

const analysisErrorCodeSchema = z.enum([
  /** Input failed validation (ids, a malformed save body, a fake PNG, a cap). */
  'invalid_input',
  /** The save body is larger than ANALYSIS_MAX_SAVE_MB. */
  'too_large',
  /** No such analysis (never existed, deleted, or an id that is not one). */
  'not_found',
  /** The owner turned the link off. */
  'revoked',
  /** The link's expiry date has passed. */
  'expired',
  /** This browser's owner cookie did not create the analysis. */
  'forbidden',
  /** Re-running is off for this analysis. */
  'rerun_disabled',
  /** A dataset the analysis used is gone from the catalog. */
  'dataset_missing',
  /** Storage failed; trying again may work. */
  'storage',
  /** The owner keeps as many conversations (or analyses) as one owner may: deleting some makes room. */
  'quota',
  /** AUTH_MODE=password/oidc and the caller has no session: sign in first. */
  'unauthenticated',
]);
export type AnalysisErrorCode = z.infer<typeof analysisErrorCodeSchema>;

const analysisFailureSchema = z.object({
  ok: z.literal(false),
  code: analysisErrorCodeSchema,
  message: z.string(),
  /** True when the same call may succeed later (storage hiccup), false when something must change. */
  retryable: z.boolean(),
});
export type AnalysisFailure = z.infer<typeof analysisFailureSchema>;

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
const analysisStatusSchema = z.enum(['active', 'revoked', 'expired']);
export type AnalysisStatus = z.infer<typeof analysisStatusSchema>;

/** One row of "My analyses", from the owner index (no record read needed). */
const analysisSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string().nullable(),
  visibility: z.enum(['link', 'revoked']),
  allowRerun: z.boolean(),
  status: analysisStatusSchema,
  questionCount: z.number().int().nonnegative(),
  /** `/a/<id>`. */
  url: z.string(),
  /** `/embed/<id>`. */
  embedUrl: z.string(),
});
export type AnalysisSummary = z.infer<typeof analysisSummarySchema>;

const analysisPageSchema = z.object({
  /** Newest first within the page. */
  analyses: z.array(analysisSummarySchema),
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor: z.string().optional(),
});
export type AnalysisPage = z.infer<typeof analysisPageSchema>;

/** How one saved dataset is bound again for a re-run: the variable and file name the saved code expects. */
const rerunDatasetSchema = z.object({
  id: z.string(),
  variable: z.string(),
  /** The file name under /data at save time (what kernelFileName gives for `downloads[i]`, too). */
  fileName: z.string(),
  format: datasetFormatSchema,
  options: savedBindingOptionsSchema,
});
export type RerunDataset = z.infer<typeof rerunDatasetSchema>;

const rerunDownloadsSchema = z.object({
  /**
   * Fresh short-lived URLs, in the record's df1..dfN order. `displayName` is the one saved with the analysis (not a
   * later rename), so `kernelFileName({ meta: download })` yields the file name the saved code was written against.
   * Shaped like the `getDownloadUrls` result that `loadDatasetsIntoKernel` accepts.
   */
  downloads: z.array(datasetDownloadSchema),
  datasets: z.array(rerunDatasetSchema),
  /**
   * Per question, in order, the datasets its code ran against with the variables they had then (records saved
   * before per-question bindings: `datasets` for every question).
   */
  turns: z.array(z.array(rerunDatasetSchema)),
});
export type RerunDownloads = z.infer<typeof rerunDownloadsSchema>;

/** `prepareRerun`: the data plus what the viewer must see and confirm before anything runs. */
const rerunPlanSchema = rerunDownloadsSchema.extend({
  /** Whether the caller's owner cookie saved this analysis (decided on the server). */
  isOwner: z.boolean(),
  /** Per question, in order, the code a re-run executes (the final saved attempt's); null: nothing to run. */
  code: z.array(z.string().nullable()),
});
export type RerunPlan = z.infer<typeof rerunPlanSchema>;

const analysisResult = <VALUE extends z.ZodRawShape>(value: z.ZodObject<VALUE>) => actionResultSchema({ value, failure: analysisFailureSchema });
const changedAnalysis = analysisResult(z.object({ analysis: analysisSummarySchema }));

/** Each action of lib/share/actions.ts as its answer reaches the page; the actions' declared types are these. */
export const analysisActionResults = {
  listMyAnalyses: analysisResult(analysisPageSchema),
  revokeAnalysis: changedAnalysis,
  deleteAnalysis: analysisResult(z.object({ id: z.string() })),
  setAnalysisExpiry: changedAnalysis,
  setAllowRerun: changedAnalysis,
  prepareRerun: analysisResult(rerunPlanSchema),
};
export type AnalysisActionResult<ACTION extends keyof typeof analysisActionResults> = z.infer<(typeof analysisActionResults)[ACTION]>;
