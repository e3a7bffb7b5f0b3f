'use client';

import { useEffect, useState } from 'react';
import { effectiveTheme, parseStoredTheme, THEME_STORAGE_KEY, themePreferenceSchema, type ThemePreference } from '@/lib/ui/theme-preference';

const LABELS: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' };

function readStored(): ThemePreference {
  try {
    return parseStoredTheme({ stored: window.localStorage.getItem(THEME_STORAGE_KEY) });
  } catch {
    // Storage can be switched off; the system's theme still applies.
    return 'system';
  }
}

/**
 * System / Light / Dark. The choice is remembered in localStorage and applied at once to <html data-theme>; the
 * inline script of lib/ui/theme-script.ts applies it again before the first paint of every later page.
 */
export function ThemeToggle() {
  // The server cannot know the stored choice: render `system`, then show the stored one once mounted.
  const [preference, setPreference] = useState<ThemePreference>('system');
  useEffect(() => setPreference(readStored()), []);

  const choose = (value: string) => {
    const next = themePreferenceSchema.catch('system').parse(value);
    setPreference(next);
    try {
      if (next === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
      else window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Not remembered, but still applied to this page.
    }
    const systemDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.setAttribute('data-theme', effectiveTheme({ preference: next, systemDark }));
  };

  return (
    <label className="flex items-center gap-1 text-xs text-slate-600">
      Theme
      <select
        data-testid="theme-toggle"
        value={preference}
        onChange={(event) => choose(event.target.value)}
        className="rounded border border-slate-300 bg-white px-1 py-0.5 text-slate-900"
      >
        {themePreferenceSchema.options.map((option) => (
          <option key={option} value={option}>
            {LABELS[option]}
          </option>
        ))}
      </select>
    </label>
  );
}
