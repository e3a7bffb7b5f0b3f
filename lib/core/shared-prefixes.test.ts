import { describe, expect, it } from 'vitest';
import { isInternalKey, parseSharedPrefixes, sharedPrefixOf } from './shared-prefixes';

describe('SHARED_PREFIXES', () => {
  it('parses a comma-separated list, adding the trailing slash so "exports" never shares "exports-private/"', () => {
    expect(parseSharedPrefixes(' exports , public/2024/,,exports/ ')).toEqual({ ok: true, prefixes: ['exports/', 'public/2024/'] });
    expect(parseSharedPrefixes(undefined)).toEqual({ ok: true, prefixes: [] });
    expect(sharedPrefixOf({ key: 'exports-private/pay.csv', sharedPrefixes: ['exports/'] })).toBeNull();
  });

  it.each(['datasets/', 'datasets', 'analyses/x/', 'owners', 'auth/', '/abs/', 'a//b/', '../up/', 'a/./b', '.signing-secret'])('refuses %j', (value) => {
    expect(parseSharedPrefixes(value)).toMatchObject({ ok: false });
  });

  it('never treats an internal key as shared, whatever is configured', () => {
    for (const key of ['datasets/AAAAAAAAAAAAAAAAAAAAAA/meta.json', 'analyses/x.json', 'owners/abc/x', '.tmp/x']) {
      expect(isInternalKey({ key })).toBe(true);
      expect(sharedPrefixOf({ key, sharedPrefixes: ['datasets/', 'analyses/', 'owners/', '.tmp/'] })).toBeNull();
    }
  });
});
