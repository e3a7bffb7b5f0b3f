import { createNextHeadersMock } from '@/lib/share/test-support/next-headers-mock';

/**
 * The two modules the ask tests replace, created inside `vi.hoisted` (so this file imports nothing of the app: a module
 * loaded here would be loaded before the mocks exist):
 *
 *   const mocks = vi.hoisted(async () => (await import('@/lib/ask/test-support/ask-mocks')).createAskMocks());
 *   vi.mock('next/headers', async () => (await mocks).nextHeaders.module);
 *   vi.mock('@/lib/llm/server/providers', async (importOriginal) => (await mocks).providersModule(importOriginal));
 *
 * next/headers: the caller (lib/access/server/caller.ts) is a browser whose cookies and headers the test sets.
 * The provider: the script file at `script.path` (written by the test, read by the unit tests' scripted provider,
 * lib/llm/testing/script-file-provider.ts; the app itself has no test model), unless a case forces the offline
 * planner with AI_PROVIDER=offline.
 */
export function createAskMocks() {
  const nextHeaders = createNextHeadersMock();
  const script = { path: '' };
  async function providersModule(importOriginal: <T>() => Promise<T>) {
    const actual = await importOriginal<typeof import('@/lib/llm/server/providers')>();
    const { getEnv } = await import('@/lib/core/server/env');
    const { scriptFileProvider } = await import('@/lib/llm/testing/script-file-provider');
    return { ...actual, getProvider: () => (getEnv().AI_PROVIDER === 'offline' ? actual.getProvider() : scriptFileProvider({ path: script.path })) };
  }
  return { nextHeaders, script, providersModule };
}

export type AskMocks = ReturnType<typeof createAskMocks>;
