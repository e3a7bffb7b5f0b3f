import { AccountBar } from '@/components/auth/account-bar';
import { SkipLink } from '@/components/skip-link';
import { Workspace } from '@/components/workspace';
import { QUESTION_INPUT_ID } from '@/components/ask/question-input-id';
import { getAskClientConfig } from '@/lib/ask/server/ask-deps';
import { getEnv } from '@/lib/core/server/env';
import { getSignedInUser } from '@/lib/access/server/caller';
import { kernelOptionsFromEnv } from '@/lib/kernel/server/kernel-options';

// Configuration is read per request so the same build serves any PYODIDE_PACKAGES_URL / time limit.
export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const env = getEnv();
  const user = await getSignedInUser();
  return (
    <>
      <SkipLink targetId={QUESTION_INPUT_ID}>Skip to the question box</SkipLink>
      {user ? <AccountBar email={user.email} role={user.role} /> : null}
      <Workspace
        kernelOptions={kernelOptionsFromEnv()}
        dataOptions={{ maxUploadBytes: Math.floor(env.MAX_UPLOAD_MB * 1024 * 1024), storageKind: env.STORAGE, sharedPrefixes: env.SHARED_PREFIXES }}
        askOptions={{ ...getAskClientConfig(), embedAllowedOrigins: env.EMBED_ALLOWED_ORIGINS }}
      />
    </>
  );
}
