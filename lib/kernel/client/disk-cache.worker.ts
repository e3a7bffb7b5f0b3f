/**
 * The download worker of the disk cache: streams one dataset from storage into the browser's disk cache (OPFS) at
 * disk speed. The page starts one per download (disk-cache.ts) and its CSP allows exactly this script as a worker.
 *
 * Why a worker: only a dedicated worker may open a FileSystemSyncAccessHandle, whose writes go straight to the file.
 * The page's FileSystemWritableFileStream sends every chunk through the browser process and commits a swap file on
 * close, which held a download to ~55 MiB/s here. A single HTTP stream into a renderer is itself slower than the disk
 * and the storage route (curl reads the same URL at ~400 MiB/s), so the object is fetched as parallel ranged GETs,
 * each written at its offset. Built as its own ES module by scripts/prepare-assets.mjs.
 */
import { downloadFailureText, parseDownloadRequest, type DownloadReply } from './disk-cache-protocol';
import { fitText } from '@/lib/text/cut-text';

/** Bytes per ranged GET (and per write). */
const RANGE_BYTES = 8 * 1024 * 1024;
/** Ranged GETs in flight: one HTTP stream into a renderer tops out well below disk speed in Chromium. */
const PARALLEL_RANGES = 6;
const PROGRESS_EVERY_MS = 50;

interface WorkerScope {
  postMessage(message: DownloadReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;
const controller = new AbortController();
let started = false;
/** The page asked to stop (as opposed to a lane failing, which also aborts the other lanes). */
let abortRequested = false;

/** Storage refused a request: the reply carries its own words. */
class RefusedError extends Error {}

/** Writes all of `bytes` at `at` (a sync write may write fewer bytes than asked; a full disk writes none). */
function writeAll({ access, bytes, at }: { access: FileSystemSyncAccessHandle; bytes: Uint8Array; at: number }): void {
  let offset = 0;
  while (offset < bytes.byteLength) {
    const count = access.write(bytes.subarray(offset), { at: at + offset });
    if (count <= 0) throw new Error('the disk cache refused the write (is the disk full?)');
    offset += count;
  }
}

function get({ url, range }: { url: string; range?: { start: number; end: number } }): Promise<Response> {
  return fetch(url, {
    signal: controller.signal,
    credentials: 'omit',
    cache: 'no-store',
    ...(range ? { headers: { range: `bytes=${String(range.start)}-${String(range.end)}` } } : {}),
  });
}

async function refusal(response: Response): Promise<RefusedError> {
  return new RefusedError(await downloadFailureText({ response }));
}

/** Where storage ignores Range (200): the whole body, streamed in order. */
async function streamWhole({ response, onBytes }: { response: Response; onBytes: (bytes: Uint8Array, at: number) => void }): Promise<void> {
  if (!response.body) throw new Error('the download has no body');
  const reader = response.body.getReader();
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onBytes(value, at);
    at += value.byteLength;
  }
}

/**
 * The object in RANGE_BYTES ranges, PARALLEL_RANGES at a time, each written at its offset. The first range is asked
 * alone: a 200 means storage does not do ranges, and that response is streamed whole instead.
 */
async function fetchRanges({ url, size, onBytes }: { url: string; size: number; onBytes: (bytes: Uint8Array, at: number) => void }): Promise<void> {
  // An empty object has no range to ask for (bytes=0-0 would be refused with 416).
  const first = await get({ url, ...(size > 0 ? { range: { start: 0, end: Math.min(size, RANGE_BYTES) - 1 } } : {}) });
  if (!first.ok) throw await refusal(first);
  if (first.status !== 206) return streamWhole({ response: first, onBytes });
  onBytes(new Uint8Array(await first.arrayBuffer()), 0);
  let next = RANGE_BYTES;
  const lane = async (): Promise<void> => {
    while (next < size) {
      const start = next;
      next += RANGE_BYTES;
      const end = Math.min(size, start + RANGE_BYTES) - 1;
      const response = await get({ url, range: { start, end } });
      if (response.status !== 206) throw response.ok ? new Error(`storage answered a range with HTTP ${String(response.status)}`) : await refusal(response);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.byteLength !== end - start + 1) throw new Error(`storage sent ${String(bytes.byteLength)} bytes for a range of ${String(end - start + 1)}`);
      onBytes(bytes, start);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_RANGES }, lane));
}

async function download({ url, folder, partName, size }: { url: string; folder: string; partName: string; size: number }): Promise<DownloadReply> {
  const root = await navigator.storage.getDirectory();
  const directory = await root.getDirectoryHandle(folder, { create: true });
  const part = await directory.getFileHandle(partName, { create: true });
  const access = await part.createSyncAccessHandle();
  let written = 0;
  let reported = 0;
  try {
    access.truncate(0);
    await fetchRanges({
      url,
      size,
      onBytes: (bytes, at) => {
        writeAll({ access, bytes, at });
        written += bytes.byteLength;
        if (performance.now() - reported >= PROGRESS_EVERY_MS) {
          reported = performance.now();
          scope.postMessage({ type: 'progress', written });
        }
      },
    });
    access.flush();
    // Every range arrived whole (checked per range), so `written` counts each byte once; the page compares it with the catalog.
    return { type: 'done', written };
  } catch (error) {
    // One lane failed: stop the others at once.
    controller.abort();
    if (error instanceof RefusedError) return { type: 'refused', message: fitText(error.message, 2000) };
    throw error;
  } finally {
    access.close();
  }
}

scope.addEventListener('message', (event) => {
  const request = parseDownloadRequest(event.data);
  if (!request) {
    // Never leave the page waiting: a page and worker from different builds, say.
    scope.postMessage({ type: 'failed', message: 'the download worker could not read its request' });
    return;
  }
  if (request.type === 'abort') {
    abortRequested = true;
    controller.abort();
    return;
  }
  if (started) return;
  started = true;
  download(request).then(
    (reply) => scope.postMessage(reply),
    (error: unknown) => {
      if (abortRequested) scope.postMessage({ type: 'aborted' });
      else scope.postMessage({ type: 'failed', message: (error instanceof Error ? error.message : String(error)).slice(0, 2000) });
    },
  );
});
