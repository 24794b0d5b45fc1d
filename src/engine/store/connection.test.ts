import { afterEach, describe, expect, it } from 'vitest';
import { qb } from './compiler.js';
import type { Writer } from './connection.js';
import { ConstraintViolation, StoreError, UnexpectedRowCount } from './errors.js';
import { upsertAccount, upsertListings } from './ingest.js';
import {
  accountInput,
  listingInput,
  temporaryStore,
  testClock,
  type TemporaryStore,
} from './test-fixtures.js';

let current: TemporaryStore | undefined;
afterEach(() => {
  current?.dispose();
  current = undefined;
});
function fresh(): TemporaryStore {
  current = temporaryStore({ now: testClock().now });
  return current;
}

const countAccounts = (t: TemporaryStore) =>
  t.store.read(
    (r) => r.first(qb.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')))!.n,
  );

function constraintOf(fn: () => unknown): ConstraintViolation {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConstraintViolation) return error;
    throw error;
  }
  throw new Error('expected a ConstraintViolation');
}

describe('store transactions', () => {
  it('commit what the callback wrote and return its value', () => {
    const t = fresh();
    const id = t.store.write((w) => upsertAccount(w, accountInput()));
    expect(id).toBe(1);
    expect(countAccounts(t)).toBe(1);
  });

  it('leave nothing behind when the callback throws after writing', () => {
    const t = fresh();
    expect(() =>
      t.store.write((w) => {
        upsertAccount(w, accountInput());
        upsertAccount(w, accountInput({ shopId: 'SELLER-2' }));
        throw new Error('changed my mind');
      }),
    ).toThrow('changed my mind');
    expect(countAccounts(t)).toBe(0);
  });

  it('roll back a whole page when one of its rows is refused', () => {
    const t = fresh();
    const account = t.store.write((w) => upsertAccount(w, accountInput()));
    expect(() =>
      t.store.write((w) =>
        upsertListings(w, account, [
          listingInput({ remoteId: 'A' }),
          listingInput({ remoteId: 'B', price: { amountMinor: -1, currency: 'USD' } }),
        ]),
      ),
    ).toThrow(ConstraintViolation);
    expect(t.store.read((r) => r.all(qb.selectFrom('listings').select('id')))).toEqual([]);
  });

  it('nest writes as savepoints: an inner failure undoes only the inner part', () => {
    const t = fresh();
    t.store.write((w) => {
      upsertAccount(w, accountInput());
      expect(() =>
        t.store.write((inner) => {
          upsertAccount(inner, accountInput({ shopId: 'INNER' }));
          throw new Error('inner failed');
        }),
      ).toThrow('inner failed');
    });
    const shops = t.store.read((r) => r.all(qb.selectFrom('accounts').select('shop_id')));
    expect(shops).toEqual([{ shop_id: 'SELLER-1' }]);
  });

  it('refuse asynchronous callbacks rather than committing half a job', () => {
    const t = fresh();
    expect(() => t.store.write(async () => Promise.resolve(1))).toThrow(/must be synchronous/);
    expect(() => t.store.read(async () => Promise.resolve(1))).toThrow(/must be synchronous/);
  });

  it('give Readers no way to write, even with a write statement', () => {
    const t = fresh();
    const insert = qb.insertInto('settings').values({ key: 'x', value: '1', updated_at: 'now' });
    expect(() => t.store.read((r) => r.all(insert))).toThrow(
      /A Reader cannot run a statement that writes/,
    );
    expect(() => t.store.write(() => t.store.read(() => 1))).not.toThrow();
  });

  it('make a Writer kept past its transaction unusable', () => {
    const t = fresh();
    let leaked: Writer | undefined;
    t.store.write((w) => {
      leaked = w;
    });
    expect(() => upsertAccount(leaked!, accountInput())).toThrow(StoreError);
    expect(countAccounts(t)).toBe(0);
  });

  it('check affected rows where exactly one is expected', () => {
    const t = fresh();
    expect(() =>
      t.store.write((w) =>
        w.expectOne(
          w.run(qb.updateTable('accounts').set({ display_name: 'x' }).where('id', '=', 42)),
          'account 42',
        ),
      ),
    ).toThrow(UnexpectedRowCount);
  });

  it('stamp one transaction with one time from the clock', () => {
    const t = fresh();
    const times = t.store.write((w) => [w.now(), w.now()]);
    expect(times).toEqual(['2024-06-01T12:00:00.000Z', '2024-06-01T12:00:00.000Z']);
  });
});

describe('constraint violations', () => {
  it('name the columns of a broken UNIQUE constraint', () => {
    const t = fresh();
    const error = constraintOf(() =>
      t.store.write((w) =>
        w.run(
          qb.insertInto('products').values([
            { sku: 'DUP', title: 'a', source_locale: 'en', created_at: 'x', updated_at: 'x' },
            { sku: 'DUP', title: 'b', source_locale: 'en', created_at: 'x', updated_at: 'x' },
          ]),
        ),
      ),
    );
    expect(error.kind).toBe('unique');
    expect(error.message).toMatch(/same products\.sku already exists/);
  });

  it('quote the rule of a broken CHECK constraint', () => {
    const t = fresh();
    const error = constraintOf(() =>
      t.store.write((w) =>
        w.run(
          qb
            .insertInto('stock')
            .values({ product_id: 1, warehouse: 'A', on_hand: -3, updated_at: 'x' }),
        ),
      ),
    );
    expect(error.kind).toBe('check');
    expect(error.message).toMatch(/on_hand >= 0/);
  });

  it('name the column of a missing required value and of a wrong type', () => {
    const t = fresh();
    const missing = constraintOf(() =>
      t.store.write((w) =>
        w.run(
          qb
            .insertInto('settings')
            .values({ key: 'k', value: null as unknown as string, updated_at: 'x' }),
        ),
      ),
    );
    expect(missing.kind).toBe('not_null');
    expect(missing.message).toMatch(/settings\.value/);
    const wrongType = constraintOf(() =>
      t.store.write((w) =>
        w.run(
          qb.insertInto('products').values({
            sku: 'W',
            title: 'w',
            source_locale: 'en',
            weight_grams: 1.5,
            created_at: 'x',
            updated_at: 'x',
          }),
        ),
      ),
    );
    expect(wrongType.kind).toBe('datatype');
    expect(wrongType.message).toMatch(/products\.weight_grams/);
  });

  it('report a dangling reference as a foreign-key violation', () => {
    const t = fresh();
    const error = constraintOf(() =>
      t.store.write((w) =>
        w.run(
          qb
            .insertInto('stock')
            .values({ product_id: 999, warehouse: 'A', on_hand: 1, updated_at: 'x' }),
        ),
      ),
    );
    expect(error.kind).toBe('foreign_key');
  });
});
