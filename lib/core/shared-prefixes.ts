/**
 * Operator-configured shared prefixes (SHARED_PREFIXES) and the app's internal keys. A shared prefix is a part of the
 * bucket every caller may read: its objects can be imported as read-only datasets, listed and loaded into Python,
 * never renamed or deleted through the app. The app's own records live under INTERNAL_ROOTS and are never listed,
 * imported or echoed, whatever prefix is configured (an operator sharing '' or 'data/' must not hand out share ids,
 * owner indexes or another owner's uploads).
 *
 * No `server-only` marker and no Node APIs: lib/core/server/env.ts parses the variable with it, and the page may show the list.
 */

/**
 * Top-level prefixes the app writes for itself: uploaded files and their meta.json/upload.json (`datasets/`), saved
 * analyses and figures (`analyses/`), owner indexes (`owners/`), and `auth/`, reserved for the sign-in modes' data.
 */
const INTERNAL_ROOTS = ['datasets/', 'analyses/', 'owners/', 'conversations/', 'auth/'] as const;

export type SharedPrefixParse = { ok: true; prefixes: string[] } | { ok: false; message: string };

/** True for any key of the app's own records (and anything starting with '.', the local driver's own files). */
export function isInternalKey({ key }: { key: string }): boolean {
  return key.startsWith('.') || INTERNAL_ROOTS.some((root) => key.startsWith(root) || `${key}/` === root);
}

/**
 * `a/,b/c/` → ['a/', 'b/c/']. Each prefix must be relative, end in '/', hold no '.', '..' or empty segment, and not
 * lie inside one of the app's own roots. A missing trailing '/' is added: 'exports' would otherwise also share
 * 'exports-private/'.
 */
export function parseSharedPrefixes(value: string | undefined): SharedPrefixParse {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const prefixes: string[] = [];
  for (const entry of entries) {
    const prefix = entry.endsWith('/') ? entry : `${entry}/`;
    const segments = prefix.slice(0, -1).split('/');
    if (prefix.startsWith('/') || prefix.includes('\\') || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
      return { ok: false, message: `"${entry}" is not a key prefix (relative, '/'-separated, no empty, '.' or '..' parts)` };
    }
    if (/[\u0000-\u001f\u007f-\u009f]/.test(prefix)) return { ok: false, message: `"${entry}" contains control characters` };
    if (isInternalKey({ key: prefix })) {
      return { ok: false, message: `"${entry}" is inside the app's own records (${INTERNAL_ROOTS.join(', ')}); they are never shared` };
    }
    if (!prefixes.includes(prefix)) prefixes.push(prefix);
  }
  return { ok: true, prefixes };
}

/** The configured shared prefix `key` lies under, or null. Internal keys are never shared, whatever is configured. */
export function sharedPrefixOf({ key, sharedPrefixes }: { key: string; sharedPrefixes: readonly string[] }): string | null {
  if (isInternalKey({ key })) return null;
  return sharedPrefixes.find((prefix) => key.startsWith(prefix)) ?? null;
}
