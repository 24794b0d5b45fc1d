/**
 * A stand-in for the parts of the `electron` module main/ uses, for `vi.mock('electron', …)`.
 * The Electron binary is not needed (nor installable here): each fake records what main asked of
 * it, and tests drive the events Electron would emit.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class FakeFrame {
  constructor(
    public processId: number,
    public routingId: number,
    public url: string,
  ) {}
}

let nextContentsId = 1;
export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  mainFrame = new FakeFrame(this.id, 1, 'app://silkroute/index.html');
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly send = vi.fn();
  readonly postMessage = vi.fn();
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(() => Promise.resolve());
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
}

export class FakeUtilityProcess extends EventEmitter {
  readonly postMessage = vi.fn();
  readonly kill = vi.fn(() => {
    this.emit('exit', 9);
    return true;
  });
  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: Record<string, unknown>,
  ) {
    super();
  }
}

export const forked: FakeUtilityProcess[] = [];
export const utilityProcess = {
  fork: vi.fn((modulePath: string, args: string[] = [], options: Record<string, unknown> = {}) => {
    const child = new FakeUtilityProcess(modulePath, args, options);
    forked.push(child);
    return child;
  }),
};

let nextPort = 1;
export class MessageChannelMain {
  readonly port1 = { name: `port${nextPort}-engine-end` };
  readonly port2 = { name: `port${nextPort++}-window-end` };
}

export const ipcMain = new EventEmitter();

export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn(),
};

export const shell = { openExternal: vi.fn(() => Promise.resolve()) };

export class FakeSession {
  readonly webRequest = { onHeadersReceived: vi.fn() };
  readonly setPermissionRequestHandler = vi.fn();
  readonly setPermissionCheckHandler = vi.fn();
}
export const session = { defaultSession: new FakeSession() };

class FakeApp extends EventEmitter {
  singleInstance = true;
  ready = false;
  private releaseReady: () => void = () => undefined;
  private readonly readyPromise = new Promise<void>((resolve) => (this.releaseReady = resolve));
  readonly setName = vi.fn();
  readonly setPath = vi.fn();
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => this.singleInstance);
  whenReady() {
    return this.readyPromise;
  }
  isReady() {
    return this.ready;
  }
  /** Test hook: fire `ready`. */
  becomeReady() {
    this.ready = true;
    this.releaseReady();
    return this.readyPromise;
  }
}
export const app = new FakeApp();
