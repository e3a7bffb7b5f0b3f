import { freshPostgresDatabase } from '@/lib/testing/postgres-test-database';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

const mock = vi.hoisted(async () => (await import('@/lib/share/test-support/next-headers-mock')).createNextHeadersMock());
vi.mock('next/headers', async () => (await mock).module);

import { type AuthMode, authModeEnv } from '@/lib/access/test-support/auth-mode-env';
import { getAuth } from '@/lib/access/server/auth';
import { consumeInvitation, createInvitation, INVITE_HEADER } from '@/lib/access/server/invitations';
import { readActionResult } from '@/lib/core/action-result';
import { allowDomain, disallowDomain, inviteByEmail, loadAdminState, withdrawInvite } from './actions';
import { adminActionResults } from './admin-state';

/**
 * Invitations and sign-up domains, through the server actions and Better Auth's own sign-up endpoint on a throw-away
 * SQLite database: only an administrator may manage them; an invitation admits its one address, once.
 */

const KEYS = ['AUTH_MODE', 'DATA_DIR', 'BETTER_AUTH_URL', 'AUTH_SIGNUP_DOMAINS', 'DATABASE_URL'] as const;
const env = authModeEnv({ keys: KEYS, prefix: 'admin-' });
const PASSWORD = 'correct horse battery';

async function useMode(mode: AuthMode, extra: Record<string, string> = {}): Promise<void> {
  await env.use(mode, extra);
  const { state } = await mock;
  state.jar.clear();
  state.headers = new Headers();
}

/** Signs up through Better Auth; on success the session becomes the "request's" (like a browser after sign-up). */
async function signUp({ email, invite }: { email: string; invite?: string }): Promise<{ status: number; message: string }> {
  const auth = await getAuth();
  const response = await auth.api.signUpEmail({
    body: { email, password: PASSWORD, name: 'T' },
    headers: new Headers(invite ? { [INVITE_HEADER]: invite } : {}),
    asResponse: true,
  });
  const body = z
    .object({ message: z.string().optional() })
    .loose()
    .parse(await response.json());
  if (response.ok)
    (await mock).state.headers = new Headers({
      cookie: response.headers
        .getSetCookie()
        .map((line: string) => line.split(';')[0])
        .join('; '),
    });
  return { status: response.status, message: body.message ?? '' };
}

const tokenOf = (link: string) => new URL(link).searchParams.get('invite') ?? '';

afterEach(() => env.restore());

describe('invitations (AUTH_MODE=password)', () => {
  beforeEach(async () => {
    await useMode('password', { AUTH_SIGNUP_DOMAINS: 'team.example' });
    expect((await signUp({ email: 'admin@anywhere.example' })).status).toBe(200);
  });

  it('an admin’s link admits its one address once; a stranger, another address and a second use are refused', async () => {
    const invited = await inviteByEmail({ email: 'Bob@Elsewhere.example', days: 7 });
    if (!invited.ok) throw new Error(invited.message);
    expect(invited.link).toMatch(/^http:\/\/127\.0\.0\.1:3000\/sign-in\?invite=[A-Za-z0-9_-]{43}$/);
    expect(invited.invitation).toMatchObject({ email: 'bob@elsewhere.example', expired: false });
    const token = tokenOf(invited.link);

    expect(await signUp({ email: 'stranger@elsewhere.example' })).toMatchObject({ status: 403, message: expect.stringMatching(/team\.example only/) });
    expect(await signUp({ email: 'carol@elsewhere.example', invite: token })).toMatchObject({
      status: 403,
      message: expect.stringMatching(/not valid for this address/),
    });
    expect((await signUp({ email: 'bob@elsewhere.example', invite: token })).status).toBe(200);
    expect(await signUp({ email: 'bob2@elsewhere.example', invite: token })).toMatchObject({ status: 403, message: expect.stringMatching(/already used/) });
    const context = await (await getAuth()).$context;
    const users = z.array(z.object({ email: z.string(), role: z.string() })).parse(await context.adapter.findMany({ model: 'user' }));
    expect(Object.fromEntries(users.map((user) => [user.email, user.role]))).toEqual({ 'admin@anywhere.example': 'admin', 'bob@elsewhere.example': 'member' });
  });

  it('a member, a signed-out caller and the embedded mode cannot administer; nothing changes', async () => {
    expect(await allowDomain({ domain: 'extra.example' })).toMatchObject({ ok: true });
    const before = await loadAdminState({});
    expect((await signUp({ email: 'member@team.example' })).status).toBe(200);
    for (const call of [
      () => inviteByEmail({ email: 'x@y.example', days: 1 }),
      () => allowDomain({ domain: 'evil.example' }),
      () => disallowDomain({ domain: 'extra.example' }),
      () => loadAdminState({}),
    ]) {
      expect(await call()).toMatchObject({ ok: false, code: 'forbidden' });
    }
    (await mock).state.headers = new Headers();
    expect(await inviteByEmail({ email: 'x@y.example', days: 1 })).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(await withdrawInvite({ id: 'x' })).toMatchObject({ ok: false, code: 'unauthenticated' });
    // The refusals changed nothing: one added domain, no invitation.
    const context = await (await getAuth()).$context;
    expect(await context.adapter.count({ model: 'aydSignupDomain' })).toBe(1);
    expect(before).toMatchObject({ ok: true, state: { addedDomains: ['extra.example'], invitations: [] } });
  });

  it('domains an admin adds open sign-up; removing closes it; AUTH_SIGNUP_DOMAINS stays the floor', async () => {
    expect(await allowDomain({ domain: '@Partner.example' })).toMatchObject({ ok: true });
    expect(await loadAdminState({})).toMatchObject({ ok: true, state: { floorDomains: ['team.example'], addedDomains: ['partner.example'] } });
    expect(await disallowDomain({ domain: 'team.example' })).toMatchObject({
      ok: false,
      code: 'forbidden',
      message: expect.stringMatching(/AUTH_SIGNUP_DOMAINS/),
    });
    expect(await disallowDomain({ domain: 'partner.example' })).toMatchObject({ ok: true });
    expect(await signUp({ email: 'x@partner.example' })).toMatchObject({ status: 403 });
    expect(await allowDomain({ domain: 'partner.example' })).toMatchObject({ ok: true });
    expect((await signUp({ email: 'y@partner.example' })).status).toBe(200);
    expect(await allowDomain({ domain: 'not a domain' })).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('every answer, success or refusal, reads back unchanged through the schema the page parses it with', async () => {
    const pageReads = (action: keyof typeof adminActionResults, result: unknown) =>
      expect(readActionResult({ action, schema: adminActionResults[action], result }), action).toEqual(result);
    const invited = await inviteByEmail({ email: 'fay@elsewhere.example', days: 3 });
    pageReads('inviteByEmail', invited);
    pageReads('allowDomain', await allowDomain({ domain: 'partner.example' }));
    pageReads('loadAdminState', await loadAdminState({}));
    pageReads('disallowDomain', await disallowDomain({ domain: 'team.example' }));
    pageReads('inviteByEmail', await inviteByEmail({ email: 'admin@anywhere.example', days: 1 }));
    if (!invited.ok) throw new Error(invited.message);
    pageReads('withdrawInvite', await withdrawInvite({ id: invited.invitation.id }));
    (await mock).state.headers = new Headers();
    pageReads('loadAdminState', await loadAdminState({}));
    pageReads('allowDomain', await allowDomain({ domain: 'not a domain' }));
  });

  it('withdrawn and expired invitations admit nobody; an existing account cannot be invited', async () => {
    const invited = await inviteByEmail({ email: 'dan@elsewhere.example', days: 1 });
    if (!invited.ok) throw new Error(invited.message);
    expect(await withdrawInvite({ id: invited.invitation.id })).toMatchObject({ ok: true });
    expect((await signUp({ email: 'dan@elsewhere.example', invite: tokenOf(invited.link) })).status).toBe(403);
    expect(await inviteByEmail({ email: 'admin@anywhere.example', days: 1 })).toMatchObject({ ok: false, code: 'conflict' });
    const adapter = (await (await getAuth()).$context).adapter;
    const { token } = await createInvitation({ adapter, email: 'eve@elsewhere.example', createdBy: 'x', days: 1 });
    expect(await consumeInvitation({ adapter, token, email: 'eve@elsewhere.example', now: new Date(Date.now() + 2 * 86_400_000) })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/expired/),
    });
  });
});

describe('administration elsewhere', () => {
  it('AUTH_MODE=none: not_found (no accounts)', async () => {
    await useMode('none');
    expect(await loadAdminState({})).toMatchObject({ ok: false, code: 'not_found' });
    expect(await inviteByEmail({ email: 'x@y.example', days: 1 })).toMatchObject({ ok: false, code: 'not_found' });
  });
});

describe('invitations on Postgres (TEST_DATABASE_URL; skipped without it)', () => {
  const postgres = process.env.TEST_DATABASE_URL;
  it.skipIf(!postgres)('five sign-ups racing with one link on separate connections: exactly one account', async () => {
    await useMode('password', { DATABASE_URL: await freshPostgresDatabase({ serverUrl: postgres ?? '', prefix: 'invite' }) });
    expect((await signUp({ email: 'admin@anywhere.example' })).status).toBe(200);
    const invited = await inviteByEmail({ email: 'bob@elsewhere.example', days: 1 });
    if (!invited.ok) throw new Error(invited.message);
    const auth = await getAuth();
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () =>
        auth.api
          .signUpEmail({
            body: { email: 'bob@elsewhere.example', password: PASSWORD, name: 'B' },
            headers: new Headers({ [INVITE_HEADER]: tokenOf(invited.link) }),
            asResponse: true,
          })
          .then((response) => response.status),
      ),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    const users = z.array(z.object({ email: z.string(), role: z.string() })).parse(await (await auth.$context).adapter.findMany({ model: 'user' }));
    expect(users.map((user) => `${user.email}:${user.role}`).sort()).toEqual(['admin@anywhere.example:admin', 'bob@elsewhere.example:member']);
  });
});
