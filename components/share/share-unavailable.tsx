import { UNAVAILABLE_TEXT, type UnavailableReason } from '@/lib/share/unavailable';

/**
 * The page's own rendering of a link that does not work. Direct loads are answered by proxy.ts with the right
 * 404/410 status and the same text; this covers what reaches the page anyway (a link revoked between the two reads).
 */
export function ShareUnavailable({ reason, message, embed = false }: { reason: UnavailableReason; message: string; embed?: boolean }) {
  return (
    <main
      data-testid="share-unavailable"
      data-reason={reason}
      className={`${embed ? 'm-4' : 'mx-auto mt-16'} max-w-xl rounded-lg border border-slate-200 bg-white p-6 text-slate-900`}
    >
      <h1 className="mb-2 text-xl font-semibold">{UNAVAILABLE_TEXT[reason].title}</h1>
      <p className="mb-4">{message}</p>
      {embed ? null : (
        <p>
          <a href="/" className="text-sky-700 hover:underline">
            Open Ask your data
          </a>
        </p>
      )}
    </main>
  );
}
