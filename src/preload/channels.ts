/**
 * The IPC channel names and the one message main sends the preload about the engine. They live on
 * the preload side because the preload may import only shared code and its own folder, while main
 * may import anything: one definition serves both ends.
 */
import { z } from 'zod';

export const CHANNELS = {
  /** Preload → main: "give this window a port to the engine". No payload. */
  connect: 'silkroute:connect',
  /** Main → preload: the port, transferred in the event's `ports`. */
  port: 'silkroute:port',
  /** Main → preload: the engine stopped, came back, or gave up (EngineState). */
  engine: 'silkroute:engine',
} as const;

export const EngineState = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('stopped') }),
  z.strictObject({ state: z.literal('restarted') }),
  z.strictObject({ state: z.literal('failed'), message: z.string().max(2000) }),
]);
export type EngineState = z.infer<typeof EngineState>;
