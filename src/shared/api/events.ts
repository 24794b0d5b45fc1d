/** Events the engine pushes to every connected renderer, typed like the methods. */
import { z } from 'zod';

export const DataEntity = z.enum([
  'accounts',
  'catalog',
  'listings',
  'orders',
  'translations',
  'sync',
  'settings',
  'changes',
]);
export type DataEntity = z.infer<typeof DataEntity>;

export const events = {
  'data.changed': z.object({ entities: z.array(DataEntity) }),
  'sync.progress': z.object({
    runId: z.number().int(),
    accountId: z.number().int(),
    stream: z.enum(['orders', 'listings', 'push']),
    pages: z.number().int(),
    items: z.number().int(),
    queueDepth: z.number().int(),
    etaSeconds: z.number().nullable(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
