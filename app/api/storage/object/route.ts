import { refuseSpentUpload } from '@/lib/files/server/upload-gate';
import { handleObjectDownload, handleObjectUpload } from '@/lib/storage/server/object-route';
import { sameOriginOnly } from '@/lib/access/server/request-origin';

// Signed object URLs of the local storage driver (STORAGE=local); URL form in lib/storage/server/signing.ts, logic in
// lib/storage/server/object-route.ts. No segment config: the default Node runtime is required (file system, streams), and
// reading the request already makes these handlers dynamic.

export async function GET(request: Request): Promise<Response> {
  return handleObjectDownload({ request });
}

export const PUT = sameOriginOnly(async (request: Request): Promise<Response> => {
  // Single-use: refused with 409 once the dataset is registered (or its upload cancelled or swept).
  return handleObjectUpload({ request, acceptUpload: refuseSpentUpload });
});
