import type { Metadata } from 'next';
import { ShareUnavailable } from '@/components/share/share-unavailable';
import { SharedAnalysisView } from '@/components/share/shared-analysis-view';
import { getSharedAnalysis } from '@/lib/share/server/analysis-service';
import { getOptionalOwnerHash } from '@/lib/access/server/caller';
import { kernelOptionsFromEnv } from '@/lib/kernel/server/kernel-options';
import { getStorage } from '@/lib/storage/server';

// A link can be revoked or expire at any moment: read the record on every request, never from a build-time cache.
export const dynamic = 'force-dynamic';

// Share links are capabilities: keep them out of search engines and out of the Referer of links they contain.
// proxy.ts/next.config.mjs send the same as X-Robots-Tag and Referrer-Policy headers.
export const metadata: Metadata = {
  title: 'Shared analysis · Ask your data',
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

export default async function SharedAnalysisPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const outcome = await getSharedAnalysis({ storage: getStorage(), id, ownerHash: await getOptionalOwnerHash() });
  if (!outcome.ok) return <ShareUnavailable reason={outcome.reason} message={outcome.message} />;
  return <SharedAnalysisView record={outcome.record} isOwner={outcome.isOwner} kernelOptions={kernelOptionsFromEnv()} />;
}
