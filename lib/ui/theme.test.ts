import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { inlineScriptHashes } from '@/lib/share/server/page-cache/inline-script-hashes';
import { effectiveTheme, parseStoredTheme, THEME_STORAGE_KEY } from './theme-preference';
import { THEME_SCRIPT } from './theme-script';

describe('theme preference', () => {
  it.each([
    [null, 'system'],
    ['dark', 'dark'],
    ['light', 'light'],
    ['system', 'system'],
    ['neon', 'system'],
    ['', 'system'],
  ] as const)('stored %j means %s', (stored, expected) => {
    expect(parseStoredTheme({ stored })).toBe(expected);
  });

  it('system follows the system; a choice overrides it', () => {
    expect(effectiveTheme({ preference: 'system', systemDark: true })).toBe('dark');
    expect(effectiveTheme({ preference: 'system', systemDark: false })).toBe('light');
    expect(effectiveTheme({ preference: 'light', systemDark: true })).toBe('light');
    expect(effectiveTheme({ preference: 'dark', systemDark: false })).toBe('dark');
  });
});

/** Runs the inline script against a minimal page: what it writes to <html data-theme>, and the listeners it leaves. */
function runScript({
  path,
  search = '',
  stored,
  systemDark,
  storageThrows = false,
}: {
  path: string;
  search?: string;
  stored: string | null;
  systemDark: boolean;
  storageThrows?: boolean;
}) {
  const attributes = new Map<string, string>();
  const listeners: Array<() => void> = [];
  const media = { matches: systemDark, addEventListener: (_type: string, listener: () => void) => listeners.push(listener) };
  let value = stored;
  const storage = {
    getItem: (key: string) => {
      if (storageThrows) throw new Error('SecurityError');
      return key === THEME_STORAGE_KEY ? value : null;
    },
  };
  const window = { matchMedia: () => media, addEventListener: (_type: string, listener: () => void) => listeners.push(listener) };
  runInNewContext(THEME_SCRIPT, {
    window,
    document: { documentElement: { setAttribute: (name: string, next: string) => attributes.set(name, next) } },
    location: { pathname: path, search },
    localStorage: storage,
    URLSearchParams,
  });
  return {
    theme: () => attributes.get('data-theme'),
    setSystemDark: (dark: boolean) => {
      media.matches = dark;
      listeners.forEach((listener) => listener());
    },
    setStored: (next: string | null) => {
      value = next;
      listeners.forEach((listener) => listener());
    },
  };
}

describe('the inline theme script', () => {
  it('applies the stored choice, else the system theme, and follows later changes', () => {
    expect(runScript({ path: '/', stored: 'dark', systemDark: false }).theme()).toBe('dark');
    expect(runScript({ path: '/analyses', stored: 'light', systemDark: true }).theme()).toBe('light');
    const page = runScript({ path: '/', stored: null, systemDark: true });
    expect(page.theme()).toBe('dark');
    page.setSystemDark(false);
    expect(page.theme()).toBe('light');
    page.setStored('dark');
    expect(page.theme()).toBe('dark');
  });

  it('falls back to the system theme when storage is blocked', () => {
    expect(runScript({ path: '/', stored: 'light', systemDark: true, storageThrows: true }).theme()).toBe('dark');
  });

  it("lets the embedding page choose the embed's theme, never the analyst's stored choice", () => {
    expect(runScript({ path: '/embed/abc', search: '?theme=dark', stored: 'light', systemDark: false }).theme()).toBe('dark');
    expect(runScript({ path: '/embed/abc', search: '', stored: 'dark', systemDark: true }).theme()).toBe('light');
    expect(runScript({ path: '/embed/abc', search: '?theme=neon', stored: null, systemDark: true }).theme()).toBe('light');
  });

  it('is one fixed text, so a cached share page can trust it by its hash', () => {
    const html = `<head><script nonce="abc">${THEME_SCRIPT}</script></head>`;
    expect(inlineScriptHashes({ html })).toHaveLength(1);
    expect(THEME_SCRIPT).not.toMatch(/<\/script|<!--/i);
  });
});
