/**
 * A stand-in for next/headers' request scope in tests: a cookie jar and request headers that a test controls.
 * Create it in `vi.hoisted`, then `vi.mock('next/headers', async () => (await mock).module)`
 * (see lib/access/server/owner.test.ts).
 */
export interface CookieWrite {
  value: string;
  options?: Record<string, unknown>;
}

export function createNextHeadersMock() {
  const state = { jar: new Map<string, CookieWrite>(), headers: new Headers() };
  const module = {
    cookies: async () => ({
      get: (name: string) => {
        const entry = state.jar.get(name);
        return entry ? { name, value: entry.value } : undefined;
      },
      set: (name: string, value: string, options?: Record<string, unknown>) => {
        state.jar.set(name, { value, options });
      },
    }),
    headers: async () => state.headers,
  };
  return { state, module };
}
