import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

const mock = vi.hoisted(async () => (await import('@/lib/share/test-support/next-headers-mock')).createNextHeadersMock());
vi.mock('next/headers', async () => (await mock).module);

import { type AuthMode, authModeEnv } from '@/lib/access/test-support/auth-mode-env';
import { hashOwnerToken, newOwnerToken, OWNER_COOKIE } from '@/lib/access/server/owner-token';
import { getAuth } from './auth';
import { getOptionalOwnerHash, getOwner, getSignedInUser, getViewer, SignInRequiredError } from './caller';
import { ownerHashOfUser } from './session';

/**
 * Caller resolution in each AUTH_MODE, against a real Better Auth on a throw-away SQLite database: the anonymous cookie
 * is the identity only in `none`; in `password` and `oidc` it is ignored and the session decides.
 */

const AUTH_KEYS = [
  'AUTH_MODE',
  'DATA_DIR',
  'BETTER_AUTH_URL',
  'BETTER_AUTH_SECRET',
  'AUTH_SIGNUP_DOMAINS',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
] as const;
const env = authModeEnv({ keys: AUTH_KEYS, prefix: 'caller-' });

async function useMode(mode: AuthMode, extra: Record<string, string> = {}): Promise<void> {
  await env.use(mode, extra);
  const { state } = await mock;
  state.jar.clear();
  state.headers = new Headers();
}

/** A browser that holds an anonymous owner cookie (as it would after using the embedded mode). */
async function withAnonymousCookie(): Promise<string> {
  const token = newOwnerToken();
  (await mock).state.jar.set(OWNER_COOKIE, { value: token });
  return token;
}

/** Signs up through Better Auth's own endpoint and puts the session cookie it sets on the "request". */
async function signUp({ email }: { email: string }): Promise<{ userId: string }> {
  const auth = await getAuth();
  const response = await auth.api.signUpEmail({ body: { email, password: 'correct horse battery', name: 'Test' }, asResponse: true });
  if (!response.ok) throw new Error(`sign-up refused (${response.status}): ${await response.text()}`);
  const { user } = z.object({ user: z.object({ id: z.string() }) }).parse(await response.json());
  const userId = user.id;
  const cookie = response.headers
    .getSetCookie()
    .map((line: string) => line.split(';')[0])
    .join('; ');
  (await mock).state.headers = new Headers({ cookie });
  return { userId };
}

afterEach(() => env.restore());

describe('caller: AUTH_MODE=none', () => {
  it('is the anonymous cookie’s owner; reading plants no cookie, creating does', async () => {
    await useMode('none');
    expect(await getViewer()).toMatchObject({ ownerHash: null });
    expect((await mock).state.jar.has(OWNER_COOKIE)).toBe(false);
    const owner = await getOwner();
    const planted = (await mock).state.jar.get(OWNER_COOKIE)?.value ?? '';
    expect(owner.ownerHash).toBe(hashOwnerToken({ token: planted }));
    expect((await getViewer()).ownerHash).toBe(owner.ownerHash);
    expect(await getSignedInUser()).toBeNull();
    expect(await getOptionalOwnerHash()).toBe(owner.ownerHash);
  });
});

describe('caller: AUTH_MODE=password', () => {
  it('refuses a caller with no session, even one holding an anonymous owner cookie, and plants nothing', async () => {
    await useMode('password');
    await withAnonymousCookie();
    await expect(getViewer()).rejects.toBeInstanceOf(SignInRequiredError);
    await expect(getOwner()).rejects.toBeInstanceOf(SignInRequiredError);
    // Pages anyone may open (share links) ask without refusing: no session is no owner, whatever the cookie says.
    expect(await getOptionalOwnerHash()).toBeNull();
    expect([...(await mock).state.jar.keys()]).toEqual([OWNER_COOKIE]);
  });

  it('is the session user: the owner id is the user’s, never the anonymous cookie’s; the first account is admin', async () => {
    await useMode('password', { AUTH_SIGNUP_DOMAINS: 'team.example' });
    const token = await withAnonymousCookie();
    const { userId } = await signUp({ email: 'first@anywhere.example' });
    const viewer = await getViewer();
    expect(viewer.ownerHash).toBe(ownerHashOfUser({ userId }));
    expect(viewer.ownerHash).not.toBe(hashOwnerToken({ token }));
    expect((await getOwner()).ownerHash).toBe(viewer.ownerHash);
    expect(await getOptionalOwnerHash()).toBe(viewer.ownerHash);
    expect(await getSignedInUser()).toMatchObject({ id: userId, email: 'first@anywhere.example', role: 'admin' });

    const second = await signUp({ email: 'second@team.example' });
    expect(second.userId).not.toBe(userId);
    expect(await getSignedInUser()).toMatchObject({ id: second.userId, role: 'member' });
    expect((await getViewer()).ownerHash).toBe(ownerHashOfUser({ userId: second.userId }));
    await expect(signUp({ email: 'stranger@elsewhere.example' })).rejects.toThrow(/team\.example/);
  });

  it('a session cookie that is not a live session is no session', async () => {
    await useMode('password');
    await signUp({ email: 'a@b.example' });
    const { state } = await mock;
    state.headers = new Headers({ cookie: (state.headers.get('cookie') ?? '').replace(/=([^.;]+)/, '=forged') });
    await expect(getViewer()).rejects.toBeInstanceOf(SignInRequiredError);
  });
});

describe('caller: AUTH_MODE=oidc', () => {
  it('ignores the anonymous cookie and refuses without a session; no email+password sign-up', async () => {
    await useMode('oidc', { OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'app', OIDC_CLIENT_SECRET: 'secret' });
    await withAnonymousCookie();
    await expect(getViewer()).rejects.toBeInstanceOf(SignInRequiredError);
    await expect(getOwner()).rejects.toBeInstanceOf(SignInRequiredError);
    await expect(signUp({ email: 'someone@team.example' })).rejects.toThrow(/sign-up refused/);
  });
});
