import { readActionResult, type MalformedActionResult } from '@/lib/core/action-result';
import { abortUpload, completeUpload, createUpload, registerDataset } from '@/lib/files/actions';
import type { UploadPlan } from '@/lib/storage/types';
import { datasetActionResults, type DatasetFailure, type DatasetSummary } from '../dataset-types';
import { rememberPickedFile } from './local-files';

/**
 * One browser upload, start to finish: plan (server action) → PUT the bytes straight to storage (XHR, because
 * fetch has no upload progress) → complete a multipart upload → register (the server sniffs the head). Any failure
 * or a cancel after planning calls abortUpload, so no half-uploaded dataset is left behind.
 */

export type UploadPhase = 'uploading' | 'registering';

export type UploadOutcome =
  | { ok: true; dataset: DatasetSummary; notice?: string }
  | { ok: false; code: DatasetFailure['code'] | MalformedActionResult['code'] | 'cancelled' | 'network'; message: string; retryable: boolean };

/** The four dataset actions an upload calls. Their answers are parsed here (datasetActionResults), whatever their declared types. */
export interface UploadActions {
  createUpload: (input: Parameters<typeof createUpload>[0]) => Promise<unknown>;
  completeUpload: (input: Parameters<typeof completeUpload>[0]) => Promise<unknown>;
  abortUpload: (input: Parameters<typeof abortUpload>[0]) => Promise<unknown>;
  registerDataset: (input: Parameters<typeof registerDataset>[0]) => Promise<unknown>;
}

const DEFAULT_ACTIONS: UploadActions = { createUpload, completeUpload, abortUpload, registerDataset };
/** Parts in flight at once: enough to fill a connection, few enough to keep retries and memory small. */
const PART_CONCURRENCY = 3;

class UploadFailure extends Error {
  constructor(
    readonly code: UploadRefused['code'],
    message: string,
    readonly retryable = code !== 'cancelled',
  ) {
    super(message);
  }
}

/** A step's parsed answer: its value, or (thrown) the refusal it carries, the malformed-answer failure included. */
function accepted<VALUE extends { ok: true }>(answer: VALUE | DatasetFailure | MalformedActionResult): VALUE {
  if (!answer.ok) throw new UploadFailure(answer.code, answer.message, answer.retryable);
  return answer;
}

function storageMessage({ status, body }: { status: number; body: string }): string {
  const reason = /"message"\s*:\s*"([^"]+)"/.exec(body)?.[1] ?? /<Message>([^<]+)<\/Message>/.exec(body)?.[1];
  return `Storage refused the upload (HTTP ${status}${reason ? `: ${reason}` : ''}).`;
}

/** PUT with upload progress; resolves with the ETag response header (multipart parts need it). */
function putWithProgress({
  url,
  body,
  headers = {},
  signal,
  onProgress,
}: {
  url: string;
  body: Blob;
  headers?: Record<string, string>;
  signal: AbortSignal;
  onProgress: (loaded: number) => void;
}): Promise<string | null> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new UploadFailure('cancelled', 'Upload cancelled.'));
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    const done = () => signal.removeEventListener('abort', onAbort);
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      done();
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(body.size);
        resolve(xhr.getResponseHeader('ETag'));
      } else {
        reject(new UploadFailure('storage', storageMessage({ status: xhr.status, body: String(xhr.responseText) })));
      }
    };
    xhr.onerror = () => {
      done();
      reject(new UploadFailure('network', 'The connection to storage failed during the upload.'));
    };
    xhr.onabort = () => {
      done();
      reject(new UploadFailure('cancelled', 'Upload cancelled.'));
    };
    signal.addEventListener('abort', onAbort);
    xhr.send(body);
  });
}

async function sendMultipart({
  file,
  plan,
  signal,
  onProgress,
}: {
  file: Blob;
  plan: Extract<UploadPlan, { kind: 'multipart' }>;
  signal: AbortSignal;
  onProgress: (loaded: number) => void;
}): Promise<Array<{ partNumber: number; etag: string }>> {
  const sent = new Map<number, number>();
  const report = () => onProgress([...sent.values()].reduce((sum, bytes) => sum + bytes, 0));
  const parts: Array<{ partNumber: number; etag: string }> = [];
  const queue = [...plan.parts];
  const lane = async () => {
    for (let part = queue.shift(); part; part = queue.shift()) {
      const start = (part.partNumber - 1) * plan.partSize;
      const { partNumber } = part;
      const etag = await putWithProgress({
        url: part.url,
        body: file.slice(start, start + plan.partSize),
        signal,
        onProgress: (loaded) => {
          sent.set(partNumber, loaded);
          report();
        },
      });
      if (!etag) throw new UploadFailure('storage', 'Storage did not expose the ETag of an uploaded part (check the bucket CORS ExposeHeaders).');
      parts.push({ partNumber, etag });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PART_CONCURRENCY, plan.parts.length) }, lane));
  return parts;
}

export async function uploadDatasetFile({
  file,
  folder,
  signal,
  onProgress,
  onPhase,
  actions = DEFAULT_ACTIONS,
}: {
  file: File;
  folder?: string;
  signal: AbortSignal;
  onProgress: (progress: { loaded: number; total: number }) => void;
  onPhase?: (phase: UploadPhase) => void;
  actions?: UploadActions;
}): Promise<UploadOutcome> {
  const ticket = await actions
    .createUpload({ fileName: file.name, size: file.size, ...(folder ? { folder } : {}) })
    .then((result) => readActionResult({ action: 'Upload', schema: datasetActionResults.createUpload, result }))
    .catch((error: unknown) => toOutcome({ error }));
  if (!ticket.ok) return { ok: false, code: ticket.code, message: ticket.message, retryable: ticket.retryable };
  const progress = (loaded: number) => onProgress({ loaded: Math.min(loaded, file.size), total: file.size });
  try {
    onPhase?.('uploading');
    const { plan } = ticket;
    if (plan.kind === 'single') {
      await putWithProgress({ url: plan.url, body: file, headers: plan.headers, signal, onProgress: progress });
    } else {
      const parts = await sendMultipart({ file, plan, signal, onProgress: progress });
      const result = await actions.completeUpload({ id: ticket.id, uploadId: plan.uploadId, parts });
      accepted(readActionResult({ action: 'Completing the upload', schema: datasetActionResults.completeUpload, result }));
    }
    // Past this point a cancel would race the server's sniffing; the upload finishes and can be deleted after.
    onPhase?.('registering');
    const result = await actions.registerDataset({ id: ticket.id });
    const { dataset } = accepted(readActionResult({ action: 'Registering the file', schema: datasetActionResults.registerDataset, result }));
    // Loading it into Python in this tab can mount the picked file itself instead of downloading it again.
    rememberPickedFile({ id: dataset.id, file });
    return { ok: true, dataset, ...(ticket.notice ? { notice: ticket.notice } : {}) };
  } catch (error) {
    await actions.abortUpload({ id: ticket.id }).catch(() => undefined);
    return toOutcome({ error });
  }
}

type UploadRefused = Extract<UploadOutcome, { ok: false }>;

/** Failures of every step as one shape: our own, an action's parsed refusal (thrown above), or a rejected action call. */
function toOutcome({ error }: { error: unknown }): UploadRefused {
  if (error instanceof UploadFailure) return { ok: false, code: error.code, message: error.message, retryable: error.retryable };
  const reason = error instanceof Error ? error.message : String(error);
  return { ok: false, code: 'network', message: `The server could not be reached (${reason}).`, retryable: true };
}
