import { headers } from 'next/headers';
import { THEME_SCRIPT } from '@/lib/ui/theme-script';

/** The request's CSP nonce, which proxy.ts put on the request's own CSP header (as Next reads it for its scripts). */
async function requestNonce(): Promise<string | undefined> {
  const csp = (await headers()).get('content-security-policy') ?? '';
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
}

/** Applies the colour theme before the first paint (see lib/ui/theme-script.ts). Rendered in the root <head>. */
export async function ThemeScript() {
  const nonce = await requestNonce();
  // biome-ignore lint/security/noDangerouslySetInnerHtml: THEME_SCRIPT is our own constant (no user text), allowed by the CSP nonce
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />;
}
