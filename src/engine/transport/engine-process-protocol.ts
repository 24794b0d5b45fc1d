/**
 * The few control messages between the Electron main process and the engine's utility process
 * (the wire protocol itself flows on the MessagePorts, not here). Main imports these too, so both
 * ends read one definition; whatever arrives is still validated, as at every edge.
 */
import { z } from 'zod';

/** Main → engine. `connect` carries one MessagePort (in the event's `ports`) for one window. */
export const ToEngineMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('connect'), windowId: z.number().int() }),
  z.strictObject({ type: z.literal('shutdown') }),
]);
export type ToEngineMessage = z.infer<typeof ToEngineMessage>;

/** Engine → main. */
export const FromEngineMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), dataDir: z.string() }),
  z.strictObject({ type: z.literal('failed'), message: z.string() }),
]);
export type FromEngineMessage = z.infer<typeof FromEngineMessage>;
