/**
 * The page's side of the download worker (disk-cache.worker.ts): starts one worker per download, relays progress,
 * parses every reply, and turns the outcome into bytes written or a typed error.
 */
import { z } from 'zod';
import { DISK_CACHE_WORKER_PATH } from '@/lib/core/pyodide-defaults.mjs';
import type { DownloadReply, DownloadRequest } from './disk-cache-protocol';

const byteCount = z.number().int().nonnegative();
const replyText = z.string().max(2000);
const downloadReplySchema: z.ZodType<DownloadReply> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), written: byteCount }),
  z.object({ type: z.literal('done'), written: byteCount }),
  z.object({ type: z.literal('refused'), message: replyText }),
  z.object({ type: z.literal('failed'), message: replyText }),
  z.object({ type: z.literal('aborted') }),
]);

/** Storage refused the download (expired link, missing object): the message is the storage's own. Not a disk problem. */
export class DownloadRefusedError extends Error {
  override name = 'DownloadRefusedError';
}

/** The download worker could not start (a CSP that does not allow it, an old browser): the page writes instead. */
export class WorkerUnavailableError extends Error {
  override name = 'WorkerUnavailableError';
}

/**
 * Runs one download in a fresh worker and resolves with the bytes written to `partName`. The worker is ended when the
 * download ends; an abort asks it to stop first, so it closes its file before it goes.
 */
export function downloadInWorker({
  url,
  folder,
  partName,
  size,
  onChunk,
  signal,
}: {
  url: string;
  folder: string;
  partName: string;
  size: number;
  onChunk: (loaded: number) => void;
  signal?: AbortSignal;
}): Promise<number> {
  signal?.throwIfAborted();
  let worker: Worker;
  try {
    worker = new Worker(DISK_CACHE_WORKER_PATH, { type: 'module', name: 'dataset-download' });
  } catch (error) {
    return Promise.reject(new WorkerUnavailableError(error instanceof Error ? error.message : String(error)));
  }
  return new Promise<number>((resolve, reject) => {
    let replied = false;
    const finish = (outcome: () => void) => {
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
      outcome();
    };
    const onAbort = () => {
      const stop: DownloadRequest = { type: 'abort' };
      worker.postMessage(stop);
      // If the worker does not answer promptly, the abort still wins (its file lock goes with it).
      setTimeout(() => finish(() => reject(signal?.reason)), 2000);
    };
    worker.addEventListener('message', (event: MessageEvent<unknown>) => {
      const parsed = downloadReplySchema.safeParse(event.data);
      if (!parsed.success) return finish(() => reject(new Error('the download worker sent an unreadable message')));
      replied = true;
      const reply = parsed.data;
      if (reply.type === 'progress') onChunk(reply.written);
      else if (reply.type === 'done') finish(() => resolve(reply.written));
      else if (reply.type === 'refused') finish(() => reject(new DownloadRefusedError(reply.message)));
      else if (reply.type === 'aborted') finish(() => reject(signal?.reason ?? new DOMException('aborted', 'AbortError')));
      else finish(() => reject(new Error(reply.message)));
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      // An error before any reply is a worker that never ran (refused by the CSP, no module workers): fall back.
      finish(() =>
        reject(
          replied ? new Error(event.message || 'the download worker failed') : new WorkerUnavailableError(event.message || 'the download worker did not start'),
        ),
      );
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    const start: DownloadRequest = { type: 'download', url: new URL(url, location.href).toString(), folder, partName, size };
    worker.postMessage(start);
  });
}
