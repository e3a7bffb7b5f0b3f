import { gzipSync } from 'node:zlib';

/**
 * Rendered share and embed pages, kept in this server process: key → the HTML (and its gzip), the response headers
 * the render carried, and its inline-script hashes. Bounded by count and bytes, oldest out first; entries expire
 * after the configured seconds. On globalThis for the same reason as lib/share/server/record-cache.ts.
 */

export interface CachedPage {
  html: Buffer;
  gzip: Buffer;
  headers: Record<string, string>;
  inlineHashes: string[];
  storedAt: number;
}

const MAX_ENTRIES = 500;
const MAX_BYTES = 64 * 1024 * 1024;
const KEY = Symbol.for('ask-your-data.share-page-cache');

interface Store {
  pages: Map<string, CachedPage>;
  bytes: number;
}

function store(): Store {
  const holder = globalThis as { [KEY]?: Store };
  holder[KEY] ??= { pages: new Map(), bytes: 0 };
  return holder[KEY];
}

const sizeOf = (page: CachedPage): number => page.html.length + page.gzip.length;

export function getPage({ key, maxAgeMs, now = Date.now() }: { key: string; maxAgeMs: number; now?: number }): CachedPage | null {
  const { pages } = store();
  const page = pages.get(key);
  if (!page) return null;
  if (now - page.storedAt >= maxAgeMs) {
    dropPage({ key });
    return null;
  }
  return page;
}

export function putPage({
  key,
  html,
  headers,
  inlineHashes,
  now = Date.now(),
}: {
  key: string;
  html: Buffer;
  headers: Record<string, string>;
  inlineHashes: string[];
  now?: number;
}): void {
  const state = store();
  dropPage({ key });
  const page: CachedPage = { html, gzip: gzipSync(html), headers, inlineHashes, storedAt: now };
  if (sizeOf(page) > MAX_BYTES / 8) return;
  state.pages.set(key, page);
  state.bytes += sizeOf(page);
  while (state.pages.size > MAX_ENTRIES || state.bytes > MAX_BYTES) {
    const oldest = state.pages.keys().next().value;
    if (oldest === undefined) break;
    dropPage({ key: oldest });
  }
}

export function dropPage({ key }: { key: string }): void {
  const state = store();
  const page = state.pages.get(key);
  if (!page) return;
  state.pages.delete(key);
  state.bytes -= sizeOf(page);
}
