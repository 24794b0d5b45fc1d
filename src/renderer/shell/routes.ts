/** The views and the hash route that picks one (#/orders). Hash routes work from file:// too. */
import { useSyncExternalStore } from 'react';

export const VIEWS = [
  'inventory',
  'listings',
  'orders',
  'prices',
  'insights',
  'translations',
  'sync',
  'accounts',
  'settings',
] as const;
export type ViewName = (typeof VIEWS)[number];

export function viewFromHash(hash: string): ViewName {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (VIEWS as readonly string[]).includes(name) ? (name as ViewName) : 'inventory';
}

export function hrefOf(view: ViewName): string {
  return `#/${view}`;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useCurrentView(): ViewName {
  return useSyncExternalStore(subscribe, () => viewFromHash(window.location.hash));
}

/** The address's hash (#/orders?…), re-rendering its readers when it changes. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
