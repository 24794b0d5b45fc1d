import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/api/index.js';
import { createDispatcher, type Handlers } from './dispatch.js';

function fakeHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const refuse = () => {
    throw new Error('not used in this test');
  };
  const base = Object.fromEntries(
    [
      'app.info',
      'accounts.list',
      'catalog.listSkus',
      'catalog.getSku',
      'listings.query',
      'listings.get',
      'listings.update',
      'orders.query',
      'orders.get',
      'translations.query',
      'changes.listBatches',
      'sync.runs',
      'settings.get',
      'settings.update',
    ].map((name) => [name, refuse]),
  ) as unknown as Handlers;
  return { ...base, ...overrides };
}

describe('createDispatcher', () => {
  it('passes parsed input with defaults to the handler', async () => {
    const seen: unknown[] = [];
    const dispatcher = createDispatcher(
      fakeHandlers({
        'listings.query': (input) => {
          seen.push(input);
          return { rows: [], total: 0, offset: input.offset, limit: input.limit };
        },
      }),
      () => {},
    );
    const result = await dispatcher.handle({
      type: 'call',
      id: 7,
      method: 'listings.query',
      input: { search: ' case ' },
    });
    expect(result).toEqual({
      type: 'result',
      id: 7,
      ok: true,
      value: { rows: [], total: 0, offset: 0, limit: 200 },
    });
    expect(seen).toEqual([{ search: 'case', offset: 0, limit: 200 }]);
  });

  it('names every offending field and never calls the handler on bad input', async () => {
    const handler = vi.fn();
    const dispatcher = createDispatcher(fakeHandlers({ 'listings.update': handler }), () => {});
    const result = await dispatcher.handle({
      type: 'call',
      id: 1,
      method: 'listings.update',
      input: { id: -3, baseVersion: 0, changes: { priceMinor: 19.99, colour: 'red' } },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    const paths = result.error.issues?.map((issue) => issue.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['id', 'changes.priceMinor', 'changes']));
    expect(result.error.message).toMatch(/listings\.update/);
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers unknown methods and malformed frames without throwing', async () => {
    const dispatcher = createDispatcher(fakeHandlers(), () => {});
    const unknown = await dispatcher.handle({
      type: 'call',
      id: 2,
      method: 'listings.drop',
      input: {},
    });
    expect(unknown).toMatchObject({ ok: false, id: 2, error: { code: 'unknown_method' } });
    const garbled = await dispatcher.handle('not a frame');
    expect(garbled).toMatchObject({ ok: false, id: -1, error: { code: 'invalid_input' } });
    const noId = await dispatcher.handle({ type: 'call', method: 'app.info' });
    expect(noId).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'id' }] },
    });
  });

  it('keeps ApiErrors and hides internal errors behind a generic message', async () => {
    const logged: unknown[] = [];
    const dispatcher = createDispatcher(
      fakeHandlers({
        'listings.get': () => {
          throw new ApiError('not_found', 'Listing 9 does not exist');
        },
        'orders.get': () => {
          throw new Error('SQLITE_CORRUPT with secret details');
        },
      }),
      (method, error) => logged.push([method, error]),
    );
    const notFound = await dispatcher.handle({
      type: 'call',
      id: 3,
      method: 'listings.get',
      input: { id: 9 },
    });
    expect(notFound).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'Listing 9 does not exist' },
    });
    const internal = await dispatcher.handle({
      type: 'call',
      id: 4,
      method: 'orders.get',
      input: { id: 1 },
    });
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!internal.ok) expect(internal.error.message).not.toMatch(/secret/);
    expect(logged).toHaveLength(1);
  });
});
