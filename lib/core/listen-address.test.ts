import { describe, expect, it } from 'vitest';
import { decideListenAddress } from './listen-address.mjs';

describe('where npm start listens', () => {
  it('AUTH_MODE=none (and unset): loopback, and says so', () => {
    for (const env of [{}, { AUTH_MODE: 'none' }, { AUTH_MODE: '' }]) {
      const decision = decideListenAddress(env);
      expect(decision).toMatchObject({ ok: true, host: '127.0.0.1', port: '3000' });
      expect(decision.ok && decision.notice).toMatch(/loopback only/);
    }
    expect(decideListenAddress({ HOST: '::1', PORT: '8080' })).toMatchObject({ ok: true, host: '::1', port: '8080' });
  });

  it('AUTH_MODE=none on another address needs ALLOW_PUBLIC_ANONYMOUS=true as well', () => {
    expect(decideListenAddress({ HOST: '0.0.0.0' })).toMatchObject({ ok: false, message: expect.stringMatching(/ALLOW_PUBLIC_ANONYMOUS=true/) });
    expect(decideListenAddress({ HOST: '192.168.1.5', ALLOW_PUBLIC_ANONYMOUS: 'false' })).toMatchObject({ ok: false });
    expect(decideListenAddress({ ALLOW_PUBLIC_ANONYMOUS: 'true' })).toMatchObject({ ok: true, host: '127.0.0.1' });
    expect(decideListenAddress({ HOST: '0.0.0.0', ALLOW_PUBLIC_ANONYMOUS: 'true' })).toMatchObject({ ok: true, host: '0.0.0.0' });
    expect(decideListenAddress({ HOST: '0.0.0.0', ALLOW_PUBLIC_ANONYMOUS: 'yes please' })).toMatchObject({ ok: false });
  });

  it('sign-in modes listen where Next would (or HOST); bad values are refused with the variable named', () => {
    expect(decideListenAddress({ AUTH_MODE: 'password' })).toMatchObject({ ok: true, host: undefined });
    expect(decideListenAddress({ AUTH_MODE: 'oidc', HOST: '0.0.0.0' })).toMatchObject({ ok: true, host: '0.0.0.0' });
    expect(decideListenAddress({ AUTH_MODE: 'passwd' })).toMatchObject({ ok: false, message: expect.stringMatching(/AUTH_MODE/) });
    expect(decideListenAddress({ PORT: '99999' })).toMatchObject({ ok: false, message: expect.stringMatching(/PORT/) });
  });
});
