import { handleFigureRequest } from '@/lib/share/server/analysis-routes';
import { getStorage } from '@/lib/storage/server';

// The answer depends on the link's current state (revoked, expired): checked on every request.
export const dynamic = 'force-dynamic';

/** GET one figure of a valid shared analysis as image/png (name `<turn>-<attempt>-<n>.png`); 404 otherwise. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; name: string }> }): Promise<Response> {
  const { id, name } = await params;
  return handleFigureRequest({ storage: getStorage(), id, name });
}
