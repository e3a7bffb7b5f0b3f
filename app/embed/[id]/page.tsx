import type { Metadata } from 'next';
import { EmbedView } from '@/components/share/embed-view';
import { ShareUnavailable } from '@/components/share/share-unavailable';
import { getSharedAnalysis } from '@/lib/share/server/analysis-service';
import { getEnv } from '@/lib/core/server/env';
import { getStorage } from '@/lib/storage/server';

// Revocation and expiry take effect at once: no build-time or shared cache of the record.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Ask your data · embedded analysis',
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

/**
 * The iframe widget. Who may frame it is decided by the `frame-ancestors` header proxy.ts sends from
 * EMBED_ALLOWED_ORIGINS; the same list is handed to the page so height messages only go to an allowed parent.
 */
export default async function EmbedPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : null);
  const theme = single(query.theme) === 'dark' ? 'dark' : 'light';
  const outcome = await getSharedAnalysis({ storage: getStorage(), id });
  if (!outcome.ok) return <ShareUnavailable reason={outcome.reason} message={outcome.message} embed />;
  return <EmbedView record={outcome.record} theme={theme} allowedOrigins={getEnv().EMBED_ALLOWED_ORIGINS} requestedOrigin={single(query.origin)} />;
}
