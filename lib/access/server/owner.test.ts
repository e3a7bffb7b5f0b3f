import { beforeEach, describe, expect, it, vi } from 'vitest';

const mock = vi.hoisted(async () => (await import('@/lib/share/test-support/next-headers-mock')).createNextHeadersMock());
vi.mock('next/headers', async () => (await mock).module);

import { ensureOwnerHash, ensureOwnerToken, getOwnerHash, getOwnerToken } from './owner';
import { hashOwnerToken, isOwnerToken, isSecureRequest, newOwnerToken, OWNER_COOKIE, ownerCookieOptions } from './owner-token';

describe('owner tokens', () => {
  it('are 32 random bytes in base64url, stored only as their SHA-256', () => {
    const tokens = Array.from({ length: 100 }, () => newOwnerToken());
    expect(new Set(tokens).size).toBe(100);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(isOwnerToken(token)).toBe(true);
    }
    expect(hashOwnerToken({ token: 'abc' })).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const bad of ['', 'short', `${tokens[0]}x`, `${tokens[0]!.slice(0, 42)}=`, null]) expect(isOwnerToken(bad)).toBe(false);
  });

  it('marks the cookie Secure exactly when the browser used https', () => {
    const secure = (init: Record<string, string>) => isSecureRequest({ headers: new Headers(init) });
    expect(secure({ 'x-forwarded-proto': 'https' })).toBe(true);
    expect(secure({ 'x-forwarded-proto': 'HTTPS, http' })).toBe(true);
    expect(secure({ 'x-forwarded-proto': 'http', origin: 'https://app.example' })).toBe(false);
    expect(secure({ origin: 'https://app.example' })).toBe(true);
    expect(secure({})).toBe(false);
    expect(ownerCookieOptions({ secure: true })).toEqual({ httpOnly: true, sameSite: 'lax', secure: true, path: '/', maxAge: 400 * 86_400 });
  });
});

describe('owner cookie (next/headers)', () => {
  beforeEach(async () => {
    const { state } = await mock;
    state.jar.clear();
    state.headers = new Headers();
  });

  it('is created once, on the first save, as an httpOnly SameSite=Lax cookie', async () => {
    const { state } = await mock;
    state.headers = new Headers({ 'x-forwarded-proto': 'https' });
    expect(await getOwnerToken()).toBeNull();
    expect(await getOwnerHash()).toBeNull();
    expect(state.jar.size).toBe(0);
    const token = await ensureOwnerToken();
    expect(state.jar.get(OWNER_COOKIE)).toEqual({ value: token, options: ownerCookieOptions({ secure: true }) });
    expect(await ensureOwnerToken()).toBe(token);
    expect(await ensureOwnerHash()).toBe(hashOwnerToken({ token }));
    expect(await getOwnerHash()).toBe(hashOwnerToken({ token }));
  });

  it('ignores a cookie that is not one of ours and replaces it on save', async () => {
    const { state } = await mock;
    state.jar.set(OWNER_COOKIE, { value: '../../forged' });
    expect(await getOwnerToken()).toBeNull();
    const token = await ensureOwnerToken();
    expect(token).not.toBe('../../forged');
    expect(state.jar.get(OWNER_COOKIE)?.options).toMatchObject({ httpOnly: true, secure: false });
  });
});
