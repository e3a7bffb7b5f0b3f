import { z } from 'zod';

/**
 * The analyst's colour theme: `system` follows prefers-color-scheme; `light` and `dark` are chosen with the toggle and
 * kept in localStorage under THEME_STORAGE_KEY (absent means `system`). Read before the first paint by the inline
 * script of ./theme-script.ts, which writes the effective theme to `<html data-theme>` (app/globals.css remaps the
 * palette under `[data-theme=dark]`).
 */
export const THEME_STORAGE_KEY = 'ayd-theme';

export const themePreferenceSchema = z.enum(['system', 'light', 'dark']);
export type ThemePreference = z.infer<typeof themePreferenceSchema>;
export type EffectiveTheme = 'light' | 'dark';

/** What a stored value means: anything but `light` or `dark` (missing, edited by hand) is `system`. */
export function parseStoredTheme({ stored }: { stored: string | null }): ThemePreference {
  const parsed = themePreferenceSchema.safeParse(stored);
  return parsed.success ? parsed.data : 'system';
}

export function effectiveTheme({ preference, systemDark }: { preference: ThemePreference; systemDark: boolean }): EffectiveTheme {
  if (preference === 'system') return systemDark ? 'dark' : 'light';
  return preference;
}
