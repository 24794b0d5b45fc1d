/**
 * The preload entry (bundled to dist/main/preload.cjs; it lives in main/ because only main/ may
 * import electron). Glue only: ask main for the engine's port, build the API with the bridge, and
 * expose exactly `SilkrouteApi` — no ipcRenderer, no Electron objects — to the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge, isEnginePort, type EnginePort } from '../preload/bridge.js';
import { CHANNELS } from '../preload/channels.js';
import type { SilkrouteApi } from '../shared/api/index.js';

const requestPort = () =>
  new Promise<EnginePort>((resolve) => {
    ipcRenderer.once(CHANNELS.port, (event) => {
      // Typed from the DOM in Electron's declarations, which this Node-typed project lacks.
      const ports: unknown = event.ports;
      const port = Array.isArray(ports) ? (ports[0] as unknown) : undefined;
      if (isEnginePort(port)) resolve(port);
    });
    ipcRenderer.send(CHANNELS.connect);
  });

const bridge = createBridge(requestPort);
ipcRenderer.on(CHANNELS.engine, (_event, state: unknown) => bridge.engineState(state));

const api = {
  call: (method, input) => bridge.api.call(method, input),
  on: (event, listener) => bridge.api.on(event, listener),
} satisfies SilkrouteApi;

contextBridge.exposeInMainWorld('silkroute', api);
