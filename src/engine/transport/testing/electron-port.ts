/** Plays Electron's MessagePortMain (`{ data }` message events) with one end of a Node channel. */
import { EventEmitter } from 'node:events';
import type { MessagePort } from 'node:worker_threads';
import type { ElectronPortLike } from '../port-host.js';

export function electronPortFrom(port: MessagePort): ElectronPortLike {
  const emitter = new EventEmitter();
  port.on('message', (data: unknown) => emitter.emit('message', { data }));
  port.on('close', () => emitter.emit('close'));
  return Object.assign(emitter, {
    postMessage: (message: unknown) => port.postMessage(message),
    start: () => port.start(),
    close: () => port.close(),
  });
}
