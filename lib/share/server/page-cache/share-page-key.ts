/**
 * Which share or embed page a request asks for, when it asks in the one canonical way the page cache serves: a GET
 * or HEAD for `/a/<id>` with no query, or `/embed/<id>` with at most `theme` (light or dark) and `origin` (one of
 * EMBED_ALLOWED_ORIGINS: the page sends its height messages there). Anything else goes to Next as usual, so no
 * request can plant a variant of a page in the cache.
 */
import { isAnalysisId } from '../../analysis-ids';

export interface SharePageRequest {
  kind: 'a' | 'embed';
  id: string;
  /** What, besides the record, the rendered page depends on: part of the cache key. */
  variant: string;
}

const PATH = /^\/(a|embed)\/([^/]+)$/;

export function sharePageOf({
  method,
  url,
  allowedOrigins,
}: {
  method: string | undefined;
  url: string | undefined;
  allowedOrigins: readonly string[];
}): SharePageRequest | null {
  if ((method !== 'GET' && method !== 'HEAD') || !url || url.length > 2048) return null;
  const parsed = new URL(url, 'http://cache.invalid');
  const match = PATH.exec(parsed.pathname);
  if (!match) return null;
  const [, kind, id] = match;
  if ((kind !== 'a' && kind !== 'embed') || !isAnalysisId(id)) return null;
  const names = [...parsed.searchParams.keys()];
  if (kind === 'a') return names.length === 0 ? { kind, id, variant: '' } : null;
  if (names.some((name) => name !== 'theme' && name !== 'origin') || new Set(names).size !== names.length) return null;
  const theme = parsed.searchParams.get('theme');
  const origin = parsed.searchParams.get('origin');
  if (theme !== null && theme !== 'light' && theme !== 'dark') return null;
  if (origin !== null && !allowedOrigins.includes(origin)) return null;
  return { kind, id, variant: `${theme ?? 'light'}|${origin ?? ''}` };
}
