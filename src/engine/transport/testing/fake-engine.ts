/**
 * A small Engine for transport tests: the real dispatcher (so validation and error mapping are the
 * production ones) over canned handlers, plus a way to push events. Transports depend only on the
 * Engine interface, so they are tested without a store.
 */
import {
  ApiError,
  METHOD_NAMES,
  type EventFrame,
  type Page,
  type Settings,
} from '../../../shared/api/index.js';
import type { ListingId } from '../../../shared/ids.js';
import { createDispatcher, type Handlers } from '../../service/dispatch.js';
import type { Engine } from '../../service/engine-types.js';

export interface FakeEngine extends Engine {
  emit(frame: EventFrame): void;
  readonly closed: boolean;
  /** Method names in the order they were handled (after validation). */
  readonly calls: string[];
}

const emptyPage = <T>(input: { offset: number; limit: number }): Page<T> => ({
  rows: [],
  total: 0,
  offset: input.offset,
  limit: input.limit,
});

export function createFakeEngine(): FakeEngine {
  const calls: string[] = [];
  let settings: Settings = {
    locale: 'en',
    theme: 'system',
    homeCurrency: 'USD',
    timeZone: 'UTC',
    syncSchedule: '0 7 * * *',
  };
  const track = <T>(name: string, value: T): T => {
    calls.push(name);
    return value;
  };
  const canned: Partial<Handlers> = {
    'app.info': () =>
      track('app.info', {
        version: '0.0.0-test',
        dataDir: '/fake',
        schemaVersion: 1,
        sandboxOnly: true,
        counts: { accounts: 0, skus: 0, listings: 0, orders: 0 },
      }),
    'accounts.list': () => track('accounts.list', []),
    'accounts.addSandbox': () => {
      throw new ApiError('unavailable', 'The fake engine has no sandbox shops');
    },
    'catalog.listSkus': (input) => track('catalog.listSkus', emptyPage(input)),
    'catalog.getSku': () => {
      throw new ApiError('not_found', 'No such SKU');
    },
    'listings.query': (input) => track('listings.query', emptyPage(input)),
    'conflicts.list': (input) => track('conflicts.list', emptyPage(input)),
    'conflicts.resolve': () => {
      throw new ApiError('not_found', 'No such conflict');
    },
    'changes.revert': () => {
      throw new ApiError('not_found', 'No such change batch');
    },
    'sync.run': () => {
      throw new ApiError('unavailable', 'The fake engine cannot sync');
    },
    'sync.cancel': () => track('sync.cancel', { cancelled: false }),
    'stock.danger': () => track('stock.danger', []),
    'listings.get': (input) => {
      throw new ApiError('not_found', `No listing ${input.id as ListingId}`);
    },
    'listings.update': () => {
      throw new ApiError('conflict', 'The listing changed since this edit was made');
    },
    'orders.query': (input) => track('orders.query', emptyPage(input)),
    'orders.get': () => {
      throw new Error('the fake store exploded');
    },
    'translations.query': (input) => track('translations.query', emptyPage(input)),
    'changes.listBatches': () => track('changes.listBatches', []),
    'sync.runs': () => track('sync.runs', []),
    'settings.get': () => track('settings.get', settings),
    'settings.update': (patch) => {
      settings = { ...settings, ...patch };
      return track('settings.update', settings);
    },
  };
  // Methods the transport tests do not need answer as an engine without that feature would.
  const unavailable = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      () => {
        throw new ApiError('unavailable', `The fake engine does not implement ${method}`);
      },
    ]),
  ) as unknown as Handlers;
  const handlers: Handlers = { ...unavailable, ...canned };
  const dispatcher = createDispatcher(handlers, () => undefined);
  const listeners = new Set<(frame: EventFrame) => void>();
  let closed = false;
  return {
    handle: (frame) => dispatcher.handle(frame),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(frame) {
      for (const listener of listeners) listener(frame);
    },
    close() {
      closed = true;
    },
    get closed() {
      return closed;
    },
    calls,
  };
}
