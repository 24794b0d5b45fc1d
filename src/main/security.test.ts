import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RENDERER_CSP } from '../engine/transport/csp.js';
import { FakeSession, FakeWebContents, shell } from './testing/fake-electron.js';

vi.mock('electron', () => import('./testing/fake-electron.js'));
const { guardWebContents, hardenSession } = await import('./security.js');

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders: Record<string, string[]> }) => void,
) => void;

describe('hardenSession', () => {
  it('adds the CSP header to every response and keeps the others', () => {
    const session = new FakeSession();
    hardenSession(session as never);
    const listener = session.webRequest.onHeadersReceived.mock.calls[0]?.[0] as HeadersListener;
    const callback = vi.fn();
    listener({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: {
        'Content-Type': ['text/html'],
        'Content-Security-Policy': [RENDERER_CSP],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });

  it('denies every permission request and check', () => {
    const session = new FakeSession();
    hardenSession(session as never);
    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as () => boolean;
    expect(check()).toBe(false);
  });
});

describe('guardWebContents', () => {
  let contents: FakeWebContents;
  beforeEach(() => {
    shell.openExternal.mockClear();
    contents = new FakeWebContents();
    guardWebContents(contents as never);
  });

  const navigate = (kind: string, url: string) => {
    const event = { url, preventDefault: vi.fn() };
    contents.emit(kind, event, url);
    return event.preventDefault.mock.calls.length > 0;
  };

  it('denies window.open, sending only web links to the system browser', () => {
    expect(contents.windowOpenHandler?.({ url: 'https://sellercentral.amazon.com/' })).toEqual({
      action: 'deny',
    });
    expect(shell.openExternal).toHaveBeenCalledWith('https://sellercentral.amazon.com/');
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://silkroute/x',
      'smb://host/share',
    ]) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('blocks navigation and redirects away from the app origin', () => {
    for (const kind of ['will-navigate', 'will-redirect']) {
      expect(navigate(kind, 'https://evil.example/'), kind).toBe(true);
      expect(navigate(kind, 'file:///etc/passwd'), kind).toBe(true);
      expect(navigate(kind, 'app://other/index.html'), kind).toBe(true);
      expect(navigate(kind, 'app://silkroute/orders'), kind).toBe(false);
    }
  });

  it('refuses <webview>', () => {
    expect(navigate('will-attach-webview', 'app://silkroute/')).toBe(true);
  });
});
