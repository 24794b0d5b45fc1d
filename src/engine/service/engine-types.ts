/**
 * What a transport needs from a running engine. The store-backed implementation is `openEngine`
 * (engine.ts); transports (MessagePort host, HTTP/WebSocket server) depend only on this interface.
 */
import type { EventFrame, ResultFrame } from '../../shared/api/index.js';

export interface Engine {
  /** Handles one raw call frame from any transport; always resolves to a result frame. */
  handle(frame: unknown): Promise<ResultFrame>;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (frame: EventFrame) => void): () => void;
  close(): void;
}

export interface EngineOptions {
  dataDir: string;
}
