import { expect, type APIResponse, type Page, type Response } from '@playwright/test';

declare global {
  interface Window {
    /** Filled by watchCsp's init script: every securitypolicyviolation of the page, as "directive blocked-uri". */
    __cspViolations?: string[];
  }
}

/**
 * Records every CSP violation of a page (the DOM event, which also fires for blocked images and scripts, and the
 * console's "Refused to …" lines) from before its first script. `violations()` reads both.
 */
export async function watchCsp(page: Page): Promise<{ violations: () => Promise<string[]> }> {
  const consoleLines: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Refused to') || message.text().includes('Content Security Policy')) consoleLines.push(message.text());
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return { violations: async () => [...consoleLines, ...(await page.evaluate(() => window.__cspViolations ?? []))] };
}

/** The page CSP as directive → sources. */
export function parseCsp(header: string | undefined): Map<string, string[]> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name ?? '', values]),
  );
}

/** Asserts the page policy of proxy.ts (lib/access/server/page-csp.ts) on a document response; returns its nonce. */
export function expectPageCsp(response: Response | APIResponse | null, { frameAncestors = ["'none'"] }: { frameAncestors?: string[] } = {}): string {
  expect(response, 'no document response').not.toBeNull();
  const csp = parseCsp(response?.headers()['content-security-policy']);
  const scripts = csp.get('script-src') ?? [];
  const nonce = scripts.find((source) => source.startsWith("'nonce-"));
  expect(nonce, `script-src ${scripts.join(' ')}`).toMatch(/^'nonce-[A-Za-z0-9+/]{22}=='$/);
  expect(scripts).toEqual(["'self'", nonce, "'strict-dynamic'"]);
  expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  expect(csp.get('connect-src')).toEqual(["'self'"]);
  expect(csp.get('frame-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'self'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors')).toEqual(frameAncestors);
  // The one worker a page may start is the disk cache's download worker, named by its full URL (never 'self').
  expect(csp.get('worker-src')).toEqual([`${new URL(response?.url() ?? 'http://invalid').origin}/datasets/disk-cache.worker.mjs`]);
  return nonce ?? '';
}
