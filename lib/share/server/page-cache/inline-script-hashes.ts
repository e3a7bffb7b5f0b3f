import { createHash } from 'node:crypto';

/**
 * CSP hash sources (`sha256-…`) of every inline <script> of a rendered page, so the page can be served again under
 * a CSP that trusts exactly those scripts. React writes script text the HTML parser takes verbatim (a `</script`
 * inside it is escaped), so the text between the tags is what the browser hashes.
 */
const INLINE_SCRIPT = /<script\b(?![^>]*\ssrc\s*=)[^>]*>([\s\S]*?)<\/script\s*>/gi;

export function inlineScriptHashes({ html }: { html: string }): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const text = match[1] ?? '';
    if (text.length > 0) hashes.add(`sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`);
  }
  return [...hashes];
}
