/**
 * The embed widget's wire contract and the HTML snippet analysts paste into their page. Browser-safe, pure; the
 * end-to-end test builds its parent page from the same snippet.
 */
import { escapeHtml } from '@/lib/text/html';
import { fitText } from '@/lib/text/cut-text';

/** `postMessage` payload the embed sends to its parent whenever its height changes. */
export const EMBED_HEIGHT_MESSAGE = 'ask-your-data:height';

export interface EmbedHeightMessage {
  type: typeof EMBED_HEIGHT_MESSAGE;
  height: number;
}

export type EmbedTheme = 'light' | 'dark';

function embedUrl({ appOrigin, id, theme }: { appOrigin: string; id: string; theme: EmbedTheme }): string {
  const url = new URL(`/embed/${encodeURIComponent(id)}`, appOrigin);
  if (theme === 'dark') url.searchParams.set('theme', 'dark');
  return url.toString();
}

/**
 * An iframe plus a few lines of script that resize it. The listener checks both the sender window and its origin, so
 * another frame on the page cannot resize this one. The parent must be on EMBED_ALLOWED_ORIGINS: the embed refuses
 * other ancestors (CSP frame-ancestors) and posts its height only to an allowed origin.
 */
export function buildEmbedSnippet({ appOrigin, id, title, theme = 'light' }: { appOrigin: string; id: string; title: string; theme?: EmbedTheme }): string {
  const frameId = `ask-your-data-${id.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 12)}`;
  const origin = new URL(appOrigin).origin;
  return [
    // Ids are base64url, but the snippet is HTML: escaped anyway, so a future id format cannot break out of an attribute.
    `<iframe id="${frameId}" src="${escapeHtml(embedUrl({ appOrigin: origin, id, theme }))}" title="${escapeHtml(fitText(title, 200))}"`,
    `  style="width:100%;height:480px;border:0" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>`,
    '<script>',
    'addEventListener("message", function (event) {',
    `  var frame = document.getElementById(${JSON.stringify(frameId)});`,
    `  if (!frame || event.source !== frame.contentWindow || event.origin !== ${JSON.stringify(origin)}) return;`,
    `  if (event.data && event.data.type === ${JSON.stringify(EMBED_HEIGHT_MESSAGE)} && event.data.height > 0) frame.style.height = Math.ceil(event.data.height) + "px";`,
    '});',
    '</script>',
  ].join('\n');
}
