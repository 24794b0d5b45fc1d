/**
 * Hardening that applies to every page Electron shows, whatever created it: a CSP header on every
 * response, every permission (camera, notifications, geolocation…) denied, no new windows (web
 * links go to the system browser), no navigation or redirect away from the app's origin, and no
 * <webview>. A renderer that is somehow compromised still cannot leave its box through these doors.
 */
import { shell, type Session, type WebContents } from 'electron';
import { RENDERER_CSP } from '../engine/transport/csp.js';
import { createLogger } from '../shared/log.js';
import { isAppUrl, isExternalWebUrl } from './app-origin.js';

const log = createLogger('main.security');

export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [RENDERER_CSP],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('permission request denied', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

export function guardWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) {
      // Only http(s) links reach openExternal (isExternalWebUrl, tested): no file:, smb: or custom
      // schemes that would launch a local program.
      shell // eng-disable OPEN_EXTERNAL_JS_CHECK
        .openExternal(url)
        .catch((error: unknown) => log.warn('could not open link', error));
    } else {
      log.warn('window.open refused', { url });
    }
    return { action: 'deny' };
  });
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log.warn('navigation away from the app refused', { url });
  };
  contents.on('will-navigate', (event) => stayHome(event, event.url));
  contents.on('will-redirect', (event) => stayHome(event, event.url));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview refused');
  });
}
