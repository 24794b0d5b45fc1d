/**
 * The wire protocol every transport carries (MessagePort in Electron, WebSocket in browser mode):
 * calls with ids, results matched by id, and pushed events. Frames are validated on receipt.
 */
import { z } from 'zod';
import { ApiErrorPayload } from './errors.js';

export const CallFrame = z.strictObject({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  input: z.unknown().optional(),
});
export type CallFrame = z.infer<typeof CallFrame>;

export const ResultFrame = z.discriminatedUnion('ok', [
  z.object({
    type: z.literal('result'),
    id: z.number().int(),
    ok: z.literal(true),
    value: z.unknown(),
  }),
  z.object({
    type: z.literal('result'),
    id: z.number().int(),
    ok: z.literal(false),
    error: ApiErrorPayload,
  }),
]);
export type ResultFrame = z.infer<typeof ResultFrame>;

export const EventFrame = z.object({
  type: z.literal('event'),
  name: z.string(),
  payload: z.unknown(),
});
export type EventFrame = z.infer<typeof EventFrame>;

export const ServerFrame = z.union([ResultFrame, EventFrame]);
export type ServerFrame = z.infer<typeof ServerFrame>;
