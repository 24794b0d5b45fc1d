/**
 * The renderer-side client of the contract, independent of transport: give it a way to send a
 * frame and it returns the typed `SilkrouteApi`. The preload wraps a MessagePort with it; browser
 * mode wraps a WebSocket.
 */
import type { InputOf, MethodName, OutputOf } from './contract.js';
import { ApiError } from './errors.js';
import type { EventName, EventPayload } from './events.js';
import { ServerFrame, type CallFrame } from './wire.js';

export interface SilkrouteApi {
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
  /** Subscribes to an engine event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export interface FrameChannel {
  send(frame: CallFrame): void;
  /** Registers the handler for frames from the engine (raw, validated here). */
  onFrame(handler: (frame: unknown) => void): void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: ApiError) => void;
}

export function createApiClient(
  channel: FrameChannel,
): SilkrouteApi & { failAll(reason: string): void } {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  channel.onFrame((raw) => {
    const parsed = ServerFrame.safeParse(raw);
    if (!parsed.success) return; // Not ours or garbled: a stray frame never breaks the client.
    const frame = parsed.data;
    if (frame.type === 'event') {
      for (const listener of listeners.get(frame.name) ?? []) listener(frame.payload);
      return;
    }
    const waiter = pending.get(frame.id);
    if (!waiter) return;
    pending.delete(frame.id);
    if (frame.ok) waiter.resolve(frame.value);
    else waiter.reject(ApiError.fromPayload(frame.error));
  });

  return {
    call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
      const id = nextId++;
      return new Promise<OutputOf<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        try {
          channel.send({ type: 'call', id, method, input });
        } catch (error) {
          pending.delete(id);
          reject(new ApiError('unavailable', `The engine cannot be reached: ${String(error)}`));
        }
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      listeners.set(event, set);
      return () => set.delete(wrapped);
    },
    failAll(reason: string) {
      for (const waiter of pending.values()) waiter.reject(new ApiError('unavailable', reason));
      pending.clear();
    },
  };
}
