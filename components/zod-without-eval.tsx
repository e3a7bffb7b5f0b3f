'use client';

import { z } from 'zod';

// Zod compiles fast object parsers with `new Function` when it may. Under this app's CSP (no 'unsafe-eval') the
// probe fails anyway, but the browser still reports it as a CSP violation, which would hide real ones: turn the
// probe off before any schema parses in the page (and on the server, where it gains nothing measurable here).
z.config({ jitless: true });

/** Rendered once by the root layout so the setting above runs in every page's bundle. */
export function ZodWithoutEval(): null {
  return null;
}
