/** Which palette to paint: the seller's choice, or the OS preference when the choice is 'system'. */
import type { Theme } from '../../shared/domain.js';

export type Palette = 'light' | 'dark';

export function resolvePalette(theme: Theme, osPrefersDark: boolean): Palette {
  if (theme === 'system') return osPrefersDark ? 'dark' : 'light';
  return theme;
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

export function osPrefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;
}

/** Subscribes to OS theme changes; returns the unsubscribe function. */
export function onOsThemeChange(listener: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => undefined;
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}
