/**
 * Hands a window its port to the engine. The request is honoured only from our own window's main
 * frame showing a page of the app's own origin: an iframe, another WebContents, or a page that
 * navigated elsewhere gets nothing, so foreign content can never reach the store.
 */
import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import { CHANNELS } from '../preload/channels.js';
import { createLogger } from '../shared/log.js';
import { isAppUrl } from './app-origin.js';
import type { EngineHost } from './engine-host.js';

const log = createLogger('main.connect');

export interface ConnectDeps {
  isOurWindow: (contents: WebContents) => boolean;
  engine: Pick<EngineHost, 'connect'>;
}

/** Why a connect request must be refused, or undefined when it may be served. */
export function senderRefusal(
  event: IpcMainEvent,
  isOurWindow: (contents: WebContents) => boolean,
): string | undefined {
  if (!isOurWindow(event.sender)) return 'the request did not come from the Silkroute window';
  const frame = event.senderFrame;
  if (!frame) return 'the requesting frame is gone';
  const main = event.sender.mainFrame;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) {
    return 'the request came from a sub-frame';
  }
  if (!isAppUrl(frame.url)) return 'the requesting page is not the app';
  return undefined;
}

export function handleConnect(event: IpcMainEvent, deps: ConnectDeps): void {
  const refusal = senderRefusal(event, deps.isOurWindow);
  if (refusal) {
    log.warn('engine connection refused', { reason: refusal, url: event.senderFrame?.url });
    return;
  }
  const port = deps.engine.connect(event.sender.id);
  event.sender.postMessage(CHANNELS.port, null, [port]);
}

/** Listens for connect requests; returns the function that stops listening. */
export function registerConnectHandler(deps: ConnectDeps): () => void {
  const listener = (event: IpcMainEvent) => handleConnect(event, deps);
  ipcMain.on(CHANNELS.connect, listener);
  return () => {
    ipcMain.removeListener(CHANNELS.connect, listener);
  };
}
