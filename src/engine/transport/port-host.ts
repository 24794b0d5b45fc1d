/**
 * Serves the wire protocol on MessagePorts: the desktop app hands the engine process one port per
 * renderer window. Frames arrive as structured clones (no JSON), results go back on the port they
 * came from, events go to every port, and a port whose other end closed is dropped.
 *
 * Electron's MessagePortMain and Node's worker_threads MessagePort differ in one detail (Electron
 * wraps the payload in `{ data }`), so both are adapted to `HostedPort` here; tests drive the host
 * with Node's own MessageChannel, the engine process with Electron's ports.
 */
import type { MessagePort as NodeMessagePort } from 'node:worker_threads';
import type { Engine } from '../service/engine-types.js';
import { createConnectionHub } from './connection-hub.js';

export interface HostedPort {
  postMessage(message: unknown): void;
  onMessage(listener: (data: unknown) => void): void;
  onClose(listener: () => void): void;
  /** Starts delivery of queued messages (Electron ports queue until started). */
  start(): void;
  close(): void;
}

/** The part of Electron's MessagePortMain the host uses (typed here: engine/ never imports electron). */
export interface ElectronPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

export function fromNodePort(port: NodeMessagePort): HostedPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => void port.on('message', listener),
    onClose: (listener) => void port.on('close', listener),
    start: () => port.start(),
    close: () => port.close(),
  };
}

export function fromElectronPort(port: ElectronPortLike): HostedPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => void port.on('message', (event) => listener(event.data)),
    onClose: (listener) => void port.on('close', listener),
    start: () => port.start(),
    close: () => port.close(),
  };
}

export interface PortHost {
  addPort(port: HostedPort): void;
  /** Ports currently served. */
  readonly size: number;
  /** Closes every port and stops listening to the engine (the engine stays open). */
  close(): void;
  /** Resolves when every call received so far has been answered. */
  idle(): Promise<void>;
}

export function createPortHost(engine: Engine): PortHost {
  const hub = createConnectionHub(engine);
  const ports = new Set<HostedPort>();

  return {
    addPort(port) {
      ports.add(port);
      const attached = hub.attach({ send: (frame) => port.postMessage(frame) });
      port.onMessage((data) => attached.receive(data));
      port.onClose(() => {
        attached.detach();
        ports.delete(port);
      });
      port.start();
    },
    get size() {
      return ports.size;
    },
    close() {
      hub.close();
      for (const port of ports) port.close();
      ports.clear();
    },
    idle: () => hub.idle(),
  };
}
