/**
 * Runs the engine's process entry (src/cli/engine-process.ts) inside a worker thread as if Electron's
 * utilityProcess had started it: `process.parentPort` is played by the worker's parent port, and
 * transferred MessagePorts are presented the way Electron presents them. Messages from the test
 * are `{ data, ports }`, mirroring Electron's parentPort message event.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { ParentPortLike } from '../../engine/transport/engine-process.js';
import { electronPortFrom } from '../../engine/transport/testing/electron-port.js';

if (!parentPort) throw new Error('run this file in a worker thread');
const channel = parentPort;

const shim: ParentPortLike = {
  on(_event, listener) {
    channel.on('message', (message: { data: unknown; ports?: MessagePort[] }) =>
      listener({ data: message.data, ports: (message.ports ?? []).map(electronPortFrom) }),
    );
    return shim;
  },
  postMessage: (message) => channel.postMessage(message),
};
Object.assign(process, { parentPort: shim });

await import('../engine-process.js');
