import { describe, expect, it, vi } from 'vitest';
import { FakeFrame, FakeWebContents, ipcMain } from './testing/fake-electron.js';

vi.mock('electron', () => import('./testing/fake-electron.js'));
const { handleConnect, registerConnectHandler, senderRefusal } = await import('./connect.js');

function connectEvent(contents: FakeWebContents, frame: FakeFrame | null = contents.mainFrame) {
  return { sender: contents, senderFrame: frame } as never;
}

describe('the connect request', () => {
  const ours = new FakeWebContents();
  const isOurWindow = (contents: unknown) => contents === ours;

  it('is served for our window’s main frame on the app origin', () => {
    expect(senderRefusal(connectEvent(ours), isOurWindow)).toBeUndefined();
  });

  it('is refused for another WebContents, a sub-frame, a gone frame or a foreign page', () => {
    const stranger = new FakeWebContents();
    expect(senderRefusal(connectEvent(stranger), isOurWindow)).toMatch(/window/);
    const subFrame = new FakeFrame(ours.mainFrame.processId, 99, 'app://silkroute/index.html');
    expect(senderRefusal(connectEvent(ours, subFrame), isOurWindow)).toMatch(/sub-frame/);
    expect(senderRefusal(connectEvent(ours, null), isOurWindow)).toMatch(/gone/);
    const navigated = new FakeWebContents();
    navigated.mainFrame.url = 'https://evil.example/';
    expect(
      senderRefusal(connectEvent(navigated), (contents: unknown) => contents === navigated),
    ).toMatch(/not the app/);
  });

  it('hands the window its end of a new channel, and nothing to a refused sender', () => {
    const engine = { connect: vi.fn(() => ({ name: 'window-end' })) };
    handleConnect(connectEvent(ours), { isOurWindow, engine: engine as never });
    expect(engine.connect).toHaveBeenCalledWith(ours.id);
    expect(ours.postMessage).toHaveBeenCalledWith('silkroute:port', null, [{ name: 'window-end' }]);

    const stranger = new FakeWebContents();
    handleConnect(connectEvent(stranger), { isOurWindow, engine: engine as never });
    expect(engine.connect).toHaveBeenCalledTimes(1);
    expect(stranger.postMessage).not.toHaveBeenCalled();
  });

  it('listens on ipcMain until unregistered', () => {
    const engine = { connect: vi.fn(() => ({ name: 'end' })) };
    const stop = registerConnectHandler({ isOurWindow, engine: engine as never });
    ipcMain.emit('silkroute:connect', connectEvent(ours));
    stop();
    ipcMain.emit('silkroute:connect', connectEvent(ours));
    expect(engine.connect).toHaveBeenCalledTimes(1);
  });
});
