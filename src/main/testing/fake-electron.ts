/**
 * A stand-in for the parts of the `electron` module main/ uses, for `vi.mock('electron', …)`.
 * The Electron binary is not needed (nor installable here): each fake records what main asked of
 * it, and tests drive the events Electron would emit.
 */
import { EventEmitter } from 'node:events';
import { vi, type Mock } from 'vitest';

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
  readonly send: Mock = vi.fn();
  readonly postMessage: Mock = vi.fn();
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadURL: Mock<(url: string) => Promise<void>> = vi.fn(() => Promise.resolve());
  readonly show: Mock = vi.fn();
  readonly focus: Mock = vi.fn();
  readonly restore: Mock = vi.fn();
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
  readonly postMessage: Mock = vi.fn();
  readonly kill: Mock<() => boolean> = vi.fn(() => {
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
type Fork = (
  modulePath: string,
  args?: string[],
  options?: Record<string, unknown>,
) => FakeUtilityProcess;
export const utilityProcess: { fork: Mock<Fork> } = {
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

export const protocol: { registerSchemesAsPrivileged: Mock; handle: Mock } = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn(),
};

export const shell: { openExternal: Mock<(url: string) => Promise<void>> } = {
  openExternal: vi.fn(() => Promise.resolve()),
};

export class FakeSession {
  readonly webRequest: { onHeadersReceived: Mock } = { onHeadersReceived: vi.fn() };
  readonly setPermissionRequestHandler: Mock = vi.fn();
  readonly setPermissionCheckHandler: Mock = vi.fn();
}
export const session = { defaultSession: new FakeSession() };

/** An OS keychain that "encrypts" by reversing bytes behind a marker: enough to round-trip. */
const KEYCHAIN_MARK = 'fake-keychain:';
export const safeStorage = {
  isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(true)),
  getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
  encryptStringAsync: vi.fn((text: string) =>
    Promise.resolve(Buffer.from(KEYCHAIN_MARK + [...text].reverse().join(''))),
  ),
  decryptStringAsync: vi.fn((sealed: Buffer) => {
    const text = sealed.toString();
    if (!text.startsWith(KEYCHAIN_MARK)) return Promise.reject(new Error('not ours'));
    const result = [...text.slice(KEYCHAIN_MARK.length)].reverse().join('');
    return Promise.resolve({ result, shouldReEncrypt: false });
  }),
};

class FakeApp extends EventEmitter {
  singleInstance = true;
  ready = false;
  private releaseReady: () => void = () => undefined;
  private readonly readyPromise = new Promise<void>((resolve) => (this.releaseReady = resolve));
  readonly setName: Mock = vi.fn();
  readonly setPath: Mock = vi.fn();
  readonly quit: Mock = vi.fn();
  readonly exit: Mock = vi.fn();
  readonly requestSingleInstanceLock: Mock<() => boolean> = vi.fn(() => this.singleInstance);
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
