import { afterEach, describe, expect, it } from 'vitest';
import { NeedsUserError, type Connector, type PriceUpdate } from '../../connectors/index.js';
import type { AccountId } from '../../shared/ids.js';
import { qb } from '../store/compiler.js';
import type { Store } from '../store/connection.js';
import { applyListingEdit } from '../store/edits.js';
import { upsertAccount, upsertListings } from '../store/ingest.js';
import {
  accountInput,
  listingInput,
  temporaryStore,
  testClock,
  type TemporaryStore,
} from '../store/test-fixtures.js';
import { drainOutbox } from './push.js';

let current: TemporaryStore | undefined;
afterEach(() => {
  current?.dispose();
  current = undefined;
});

let keys = 0;
const newKey = () => `push-test-${++keys}`;

function setup() {
  current = temporaryStore({ now: testClock().now });
  const { store } = current;
  const accountId = store.write((w) => upsertAccount(w, accountInput()));
  store.write((w) => upsertListings(w, accountId, [listingInput()]));
  return { store, accountId };
}

function editPrice(store: Store, priceMinor: number): number[] {
  return store.write((w) => {
    const row = w.first(qb.selectFrom('listings').select('local_version').where('id', '=', 1))!;
    return applyListingEdit(
      w,
      { id: 1, baseVersion: row.local_version, changes: { priceMinor } },
      newKey,
    ).outboxJobIds;
  });
}

/** A connector whose price writes succeed, recorded call by call; `during` runs inside a call. */
function priceConnector(during?: () => void): { connector: Connector; calls: PriceUpdate[][] } {
  const calls: PriceUpdate[][] = [];
  const connector = {
    updatePrices(updates: PriceUpdate[]) {
      calls.push(updates);
      during?.();
      return Promise.resolve(
        updates.map((update) => ({
          remoteId: update.remoteId,
          remoteVariantId: update.remoteVariantId,
          ok: true as const,
        })),
      );
    },
  } as unknown as Connector;
  return { connector, calls };
}

const drain = (store: Store, accountId: AccountId, connector: Connector) =>
  drainOutbox({ store, accountId, connector, scope: 'all', targetQuantity: () => null });

const listing = (store: Store) =>
  store.read((r) =>
    r.first(
      qb
        .selectFrom('listings')
        .select(['price_minor', 'dirty', 'sync_state', 'base'])
        .where('id', '=', 1),
    ),
  )!;

const jobStates = (store: Store) =>
  store.read((r) =>
    r.all(qb.selectFrom('outbox').select(['id', 'state', 'last_error']).orderBy('id')),
  );

describe('drainOutbox', () => {
  it('sends only the newest job of a group: an older one left in flight by a crash is superseded, not sent', async () => {
    const { store, accountId } = setup();
    const [older] = editPrice(store, 3100);
    // A killed run had claimed the older job: in flight, sent, no answer recorded.
    store.write((w) =>
      w.run(
        qb
          .updateTable('outbox')
          .set({ state: 'in_flight', sent_at: w.now(), attempts: 1 })
          .where('id', '=', older!),
      ),
    );
    const [newer] = editPrice(store, 3200);
    const { connector, calls } = priceConnector();

    const outcome = await drain(store, accountId, connector);

    expect(calls).toEqual([
      [
        {
          remoteId: 'B0EAR001',
          remoteVariantId: '',
          price: { amountMinor: 3200, currency: 'USD' },
        },
      ],
    ]);
    expect(outcome).toMatchObject({ succeeded: 1, cancelled: 1, sent: 1 });
    expect(jobStates(store)).toEqual([
      { id: older, state: 'cancelled', last_error: 'superseded by a newer job' },
      { id: newer, state: 'done', last_error: null },
    ]);
    expect(listing(store)).toMatchObject({ price_minor: 3200, dirty: 0, sync_state: 'synced' });
  });

  it('keeps a value the seller set while the push was under way, and pushes it next', async () => {
    const { store, accountId } = setup();
    editPrice(store, 3100);
    let seenBySecondCall: ReturnType<typeof listing> | undefined;
    const { connector, calls } = priceConnector(() => {
      if (calls.length === 1) editPrice(store, 3300);
      else seenBySecondCall = listing(store);
    });

    await drain(store, accountId, connector);

    // After the first answer the marketplace had 3100 (the base) and the row still held the
    // seller's newer 3300, which the same drain then pushed.
    expect(seenBySecondCall).toMatchObject({ price_minor: 3300, dirty: 1, sync_state: 'pending' });
    expect(JSON.parse(seenBySecondCall!.base!)).toMatchObject({ priceMinor: 3100 });
    expect(calls.map((call) => call[0]!.price.amountMinor)).toEqual([3100, 3300]);
    expect(listing(store)).toMatchObject({ price_minor: 3300, dirty: 0, sync_state: 'synced' });
    expect(jobStates(store).map((job) => job.state)).toEqual(['done', 'done']);
  });

  it('leaves held jobs alone until the seller pushes them', async () => {
    const { store, accountId } = setup();
    store.write((w) =>
      applyListingEdit(
        w,
        { id: 1, baseVersion: 0, changes: { priceMinor: 4100 }, hold: true },
        newKey,
      ),
    );
    const { connector, calls } = priceConnector();
    const outcome = await drain(store, accountId, connector);
    expect(calls).toEqual([]);
    expect(outcome.sent).toBe(0);
    expect(jobStates(store).map((job) => job.state)).toEqual(['held']);
  });

  it('stops when the marketplace pauses the account for its quota; the jobs wait until it lifts', async () => {
    const { store, accountId } = setup();
    editPrice(store, 3100);
    let calls = 0;
    const connector = {
      updatePrices() {
        calls++;
        return Promise.reject(
          new NeedsUserError('The daily call quota of this app key is used up', 'quota', {
            marketplace: 'aliexpress',
            operation: 'batch.product.price.update',
            marketplaceCode: 'ApiCallLimit',
            until: '2024-06-01T16:00:00.000Z',
          }),
        );
      },
    } as unknown as Connector;
    const outcome = await drain(store, accountId, connector);
    expect(calls).toBe(1);
    expect(outcome.paused).toEqual({
      message: 'The daily call quota of this app key is used up',
      until: '2024-06-01T16:00:00.000Z',
    });
    const job = store.read((r) =>
      r.first(qb.selectFrom('outbox').select(['state', 'not_before', 'last_error'])),
    );
    expect(job).toEqual({
      state: 'pending',
      not_before: '2024-06-01T16:00:00.000Z',
      last_error: 'The daily call quota of this app key is used up',
    });
    // Before it lifts, a new drain finds nothing due and calls nothing.
    await drain(store, accountId, connector);
    expect(calls).toBe(1);
  });

  it('does not resend a price whose item answer was "try again" (its reply may have been cut after it applied)', async () => {
    const { store, accountId } = setup();
    editPrice(store, 3100);
    let calls = 0;
    const connector = {
      updatePrices(updates: PriceUpdate[]) {
        calls++;
        return Promise.resolve(
          updates.map((update) => ({
            remoteId: update.remoteId,
            remoteVariantId: update.remoteVariantId,
            ok: false as const,
            kind: 'retryable' as const,
            code: null,
            message: 'the reply was cut off',
          })),
        );
      },
    } as unknown as Connector;
    const outcome = await drain(store, accountId, connector);
    expect(calls).toBe(1);
    expect(outcome.leftInFlight).toHaveLength(1);
    expect(jobStates(store)).toMatchObject([{ state: 'in_flight' }]);
  });
});
