/**
 * Parent origins allowed to frame `/embed/<id>` (EMBED_ALLOWED_ORIGINS). Plain module (no `server-only`): lib/core/server/env.ts
 * parses the knob with it, proxy.ts turns the list into `frame-ancestors`, and the embed page picks the one origin
 * its height messages go to.
 */

/** `https://host[:port]` exactly as `URL#origin` prints it, or null when `value` is not a bare http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  const trimmed = value.trim().replace(/\/$/, '');
  if (!trimmed) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // A path, query, credentials or fragment would mean the operator wrote a URL, not an origin: refuse rather than guess.
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return null;
  return url.origin;
}

export type ParsedOrigins = { ok: true; origins: string[] } | { ok: false; invalid: string[] };

/** Comma-separated list → origins. Empty or unset: no origin may frame the embed. */
export function parseAllowedOrigins(raw: string | undefined): ParsedOrigins {
  const entries = (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const invalid = entries.filter((entry) => normalizeOrigin(entry) === null);
  if (invalid.length > 0) return { ok: false, invalid };
  return { ok: true, origins: [...new Set(entries.map((entry) => normalizeOrigin(entry) as string))] };
}

/** The CSP directive for /embed/*: the allowed origins, or 'none' when nothing is configured. */
export function frameAncestorsDirective(origins: readonly string[]): string {
  return `frame-ancestors ${origins.length > 0 ? origins.join(' ') : "'none'"}`;
}

/**
 * The origin height messages may be posted to: the `?origin=` the embed snippet passes, else the referrer's origin,
 * accepted only when it is on the allowed list. Never '*': a page that frames the embed without being allowed gets
 * nothing (and CSP already refuses to render it there).
 */
export function pickParentOrigin({
  requested,
  referrer,
  allowed,
}: {
  requested: string | null | undefined;
  referrer: string | null | undefined;
  allowed: readonly string[];
}): string | null {
  for (const candidate of [requested, referrer]) {
    if (!candidate) continue;
    let origin: string | null;
    try {
      origin = new URL(candidate).origin;
    } catch {
      origin = null;
    }
    if (origin && allowed.includes(origin)) return origin;
  }
  return null;
}
