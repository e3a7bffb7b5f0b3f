/**
 * What an embed frame shows instead of the analysis: a link that no longer works (revoked, expired, not found), or a
 * parent page that is not allowed to frame it. Both used to leave the analyst's page with a hole: a 480 px frame
 * with a small box at its top, or the browser's broken-frame icon. Here the frame is filled with the reason, in the
 * embed's theme, and an allowed parent is told the notice's height so its frame shrinks to fit. Browser-safe, pure.
 */
import { EMBED_HEIGHT_MESSAGE, type EmbedTheme } from './embed-snippet';
import { escapeHtml } from '@/lib/text/html';
import { normalizeOrigin } from '@/lib/core/embed-origins';

const COLOURS: Record<EmbedTheme, { page: string; card: string; border: string; text: string; link: string }> = {
  light: { page: '#f8fafc', card: '#ffffff', border: '#e2e8f0', text: '#0f172a', link: '#0369a1' },
  dark: { page: '#0f172a', card: '#1e293b', border: '#334155', text: '#e2e8f0', link: '#7dd3fc' },
};

/** The embed URL's `?theme=`; anything but "dark" is the light theme, as on the embed page. */
export function embedThemeOf(url: URL): EmbedTheme {
  return url.searchParams.get('theme') === 'dark' ? 'dark' : 'light';
}

/**
 * A complete page (no external resources). `heightTargets`: the parent origins allowed to receive the height
 * message (postMessage with a non-matching target origin delivers nothing, so listing every allowed origin tells only
 * the real parent); its inline script runs only with the response's CSP nonce.
 */
export function embedNoticeHtml({
  title,
  message,
  theme,
  link,
  script,
}: {
  title: string;
  message: string;
  theme: EmbedTheme;
  /** Where the analyst can still see the analysis (a new tab), if anywhere. */
  link?: { href: string; text: string };
  script?: { nonce: string; heightTargets: readonly string[] };
}): string {
  const colours = COLOURS[theme];
  const linkHtml = link
    ? `<p style="margin:0"><a href="${escapeHtml(link.href)}" target="_blank" rel="noopener noreferrer" style="color:${colours.link}">${escapeHtml(link.text)}</a></p>`
    : '';
  const targets = (script?.heightTargets ?? []).map(normalizeOrigin).filter((origin): origin is string => origin !== null);
  // JSON inside a <script>: `<` escaped so no value can close the element.
  const scriptHtml =
    script && targets.length > 0
      ? `<script nonce="${escapeHtml(script.nonce)}">(function(){var t=${JSON.stringify(targets).replace(/</g, '\\u003c')};function s(){var m=document.querySelector("main");if(!m)return;var h=Math.ceil(m.getBoundingClientRect().height)+32;t.forEach(function(o){parent.postMessage({type:${JSON.stringify(EMBED_HEIGHT_MESSAGE)},height:h},o)})}s();addEventListener("resize",s)})()</script>`
      : '';
  return `<!DOCTYPE html>
<html lang="en" data-theme="${theme}"><head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="${theme}"><title>${escapeHtml(title)} · Ask your data</title></head>
<body style="margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;box-sizing:border-box;padding:1rem;font-family:ui-sans-serif,system-ui,sans-serif;background:${colours.page};color:${colours.text}">
<main data-testid="embed-notice" role="status" style="max-width:36rem;width:100%;box-sizing:border-box;padding:1rem 1.25rem;border:1px solid ${colours.border};border-radius:.5rem;background:${colours.card}">
<h1 style="font-size:1.05rem;margin:0 0 .35rem">${escapeHtml(title)}</h1>
<p style="margin:0 0 .5rem">${escapeHtml(message)}</p>${linkHtml}
</main>${scriptHtml}</body></html>
`;
}

/**
 * The origin of a parent page that frames the embed without being allowed to, read from the navigation's Referer;
 * null when it is allowed, not a frame navigation, or cannot be told (no Referer: the CSP's frame-ancestors, which
 * every real embed response carries, then refuses the frame in the browser — the boundary either way).
 */
export function refusedParentOrigin({
  headers,
  appOrigin,
  allowed,
}: {
  headers: Pick<Headers, 'get'>;
  appOrigin: string;
  allowed: readonly string[];
}): string | null {
  if (headers.get('sec-fetch-dest') !== 'iframe') return null;
  const referer = headers.get('referer');
  if (!referer) return null;
  let origin: string;
  try {
    origin = new URL(referer).origin;
  } catch {
    return null;
  }
  if (origin === 'null' || origin === appOrigin || allowed.includes(origin)) return null;
  return origin;
}
