/**
 * Light or dark: the system's preference (`prefers-color-scheme`) unless the page's toggle chose
 * one, remembered in localStorage. The resolved theme is `data-theme` on <html>, which app.css
 * themes the page and the highlights by.
 */
import { useCallback, useEffect, useState } from 'react';
import { readStoredChoice, storeChoice } from '../view/stored-choice';

export const THEME_SETTINGS = ['system', 'light', 'dark'] as const;
export type ThemeSetting = (typeof THEME_SETTINGS)[number];

const STORAGE_KEY = 'korean-ner:theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

export function readThemeSetting(): ThemeSetting {
  return readStoredChoice(STORAGE_KEY, THEME_SETTINGS, 'system');
}

export function resolveTheme(setting: ThemeSetting, systemDark: boolean): 'light' | 'dark' {
  return setting === 'system' ? (systemDark ? 'dark' : 'light') : setting;
}

/** Sets <html data-theme> from the setting (main.tsx calls it before the first render, so the page never flashes light). */
export function applyTheme(setting: ThemeSetting): void {
  document.documentElement.dataset.theme = resolveTheme(setting, matchMedia(DARK_QUERY).matches);
}

/** The theme setting and its setter; follows the system's preference while the setting is "system". */
export function useTheme(): [ThemeSetting, (setting: ThemeSetting) => void] {
  const [setting, setSetting] = useState<ThemeSetting>(readThemeSetting);
  useEffect(() => {
    applyTheme(setting);
    if (setting !== 'system') return;
    const query = matchMedia(DARK_QUERY);
    const onChange = () => applyTheme('system');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [setting]);
  const choose = useCallback((next: ThemeSetting) => {
    setSetting(next);
    storeChoice(STORAGE_KEY, next);
  }, []);
  return [setting, choose];
}
