import type { SilkrouteApi } from '../shared/api/index.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in browser mode (silkroute serve). */
    readonly silkroute?: SilkrouteApi;
  }
}

export {};
