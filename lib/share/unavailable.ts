/**
 * What a share link or embed says when it does not work, and the HTTP status that goes with it. One source for the
 * proxy's response (which can set the status) and the pages' own rendering (which cannot). Browser-safe, pure.
 */
import { escapeHtml } from '@/lib/text/html';

export type UnavailableReason = 'not_found' | 'revoked' | 'expired';

export const UNAVAILABLE_TEXT: Record<UnavailableReason, { title: string; status: 404 | 410 }> = {
  not_found: { title: 'Analysis not found', status: 404 },
  revoked: { title: 'This link was turned off', status: 410 },
  expired: { title: 'This link has expired', status: 410 },
};

/**
 * The share link's page (an embed's is lib/share/embed-notice.ts): complete, self-contained (no scripts, inline styles
 * only), for the proxy to answer with, since a page rendered by React cannot choose a 404/410 status for itself.
 */
export function unavailableHtml({ reason, message }: { reason: UnavailableReason; message: string }): string {
  const { title } = UNAVAILABLE_TEXT[reason];
  const home = '<p><a href="/" style="color:#0369a1">Open Ask your data</a></p>';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Ask your data</title></head>
<body style="margin:0;font-family:ui-sans-serif,system-ui,sans-serif;background:#f8fafc;color:#0f172a">
<main data-testid="share-unavailable" data-reason="${reason}" style="max-width:40rem;margin:4rem auto;padding:1.5rem;border:1px solid #e2e8f0;border-radius:.5rem;background:#fff">
<h1 style="font-size:1.25rem;margin:0 0 .5rem">${escapeHtml(title)}</h1>
<p style="margin:0 0 1rem">${escapeHtml(message)}</p>${home}
</main></body></html>
`;
}
