/**
 * The contract between the page (disk-cache.ts) and the download worker (disk-cache.worker.ts), which streams a
 * dataset from storage into the browser's disk cache. The page parses replies with a zod schema (disk-cache.ts); the
 * worker parses requests by hand here, because bundling zod (with its locales) would make a 3 KB worker ~450 KB.
 */

const PART_NAME = /^[A-Za-z0-9_-]{1,100}\.part$/;
const FOLDER_NAME = /^[a-z0-9-]{1,60}$/;

export type DownloadRequest =
  | {
      type: 'download';
      /** The presigned (or signed app) URL, absolute http(s); fetched without cookies. */
      url: string;
      /** The OPFS folder of the cache, and the file in it the bytes go to (`<id>.part`). */
      folder: string;
      partName: string;
      /** The catalogued size: the ranges asked for. */
      size: number;
    }
  | { type: 'abort' };

export type DownloadReply =
  | { type: 'progress'; written: number }
  | { type: 'done'; written: number }
  /** The storage answered with an error: `message` is its own words (or the HTTP status). */
  | { type: 'refused'; message: string }
  /** Anything else (network, disk full, no sync access handles). */
  | { type: 'failed'; message: string }
  | { type: 'aborted' };

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The worker's parser: a request, or null for anything else (which it ignores). */
export function parseDownloadRequest(data: unknown): DownloadRequest | null {
  if (!data || typeof data !== 'object' || !('type' in data)) return null;
  if (data.type === 'abort') return { type: 'abort' };
  if (data.type !== 'download' || !('url' in data) || !('folder' in data) || !('partName' in data) || !('size' in data)) return null;
  const { url, folder, partName, size } = data;
  if (!isHttpUrl(url) || typeof folder !== 'string' || !FOLDER_NAME.test(folder) || typeof partName !== 'string' || !PART_NAME.test(partName)) return null;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return null;
  return { type: 'download', url, folder, partName, size };
}

/** The storage's own error text from a failed download (S3's XML or the app's JSON), else the HTTP status. */
export async function downloadFailureText({ response }: { response: Response }): Promise<string> {
  const text = (await response.text().catch(() => '')).slice(0, 2000);
  const fromJson = /"message"\s*:\s*"([^"]+)"/.exec(text)?.[1];
  const fromXml = /<Message>([^<]+)<\/Message>/.exec(text)?.[1];
  return (fromJson ?? fromXml ?? `HTTP ${response.status}`).slice(0, 2000);
}
