import { describe, expect, it } from 'vitest';
import { frameAncestorsDirective, normalizeOrigin, parseAllowedOrigins, pickParentOrigin } from './embed-origins';

describe('EMBED_ALLOWED_ORIGINS', () => {
  it('parses a comma-separated list of origins, dropping blanks, trailing slashes and duplicates', () => {
    expect(parseAllowedOrigins(' https://blog.example.com/, http://127.0.0.1:3227 ,,https://blog.example.com')).toEqual({
      ok: true,
      origins: ['https://blog.example.com', 'http://127.0.0.1:3227'],
    });
    expect(parseAllowedOrigins(undefined)).toEqual({ ok: true, origins: [] });
    expect(parseAllowedOrigins('')).toEqual({ ok: true, origins: [] });
  });

  it('refuses anything that is not a bare http(s) origin, naming it', () => {
    expect(parseAllowedOrigins('https://ok.example, https://x.example/path, *, javascript:alert(1)')).toEqual({
      ok: false,
      invalid: ['https://x.example/path', '*', 'javascript:alert(1)'],
    });
    expect(normalizeOrigin('https://user:pw@x.example')).toBeNull();
    expect(normalizeOrigin('https://x.example?q=1')).toBeNull();
    expect(normalizeOrigin('HTTPS://X.Example:443')).toBe('https://x.example');
  });

  it("sends frame-ancestors 'none' when nothing is allowed", () => {
    expect(frameAncestorsDirective([])).toBe("frame-ancestors 'none'");
    expect(frameAncestorsDirective(['https://a.example', 'https://b.example'])).toBe('frame-ancestors https://a.example https://b.example');
  });
});

describe('pickParentOrigin', () => {
  const allowed = ['https://wiki.example.com'];

  it('takes the requested origin or the referrer only when it is allowed', () => {
    expect(pickParentOrigin({ requested: 'https://wiki.example.com', referrer: '', allowed })).toBe('https://wiki.example.com');
    expect(pickParentOrigin({ requested: null, referrer: 'https://wiki.example.com/page/1?x', allowed })).toBe('https://wiki.example.com');
    expect(pickParentOrigin({ requested: 'https://evil.example', referrer: 'https://wiki.example.com/', allowed })).toBe('https://wiki.example.com');
  });

  it('never falls back to a wildcard', () => {
    expect(pickParentOrigin({ requested: 'https://evil.example', referrer: 'https://evil.example/', allowed })).toBeNull();
    expect(pickParentOrigin({ requested: '*', referrer: '', allowed: ['*'] })).toBeNull();
    expect(pickParentOrigin({ requested: null, referrer: null, allowed: [] })).toBeNull();
  });
});
