import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { qb } from '../store/compiler.js';
import { applyListingEdit } from '../store/edits.js';
import { InvalidStoreInput } from '../store/errors.js';
import { applyOrderStockEffects } from './effects.js';
import { setChannelRule } from './levels.js';
import { queueStockPushes, targetQuantity } from './push-queue.js';
import { stockWorld, type StockWorld } from './test-support.js';

let world: StockWorld;
let shopA: number;
let shopB: number;

beforeEach(() => {
  world = stockWorld();
  shopA = world.account('A');
  shopB = world.account('B');
});

afterEach(() => world.close());

const queue = (...productIds: number[]) =>
  world.store.write((w) => queueStockPushes(w, productIds, { newKey: world.newKey }));
const target = (listingId: number) => world.store.read((r) => targetQuantity(r, listingId));
const setQuantity = (listingId: number, quantity: number) =>
  world.store.write((w) =>
    w.run(qb.updateTable('listings').set({ quantity }).where('id', '=', listingId)),
  );
const rule = (accountId: number, productId: number | null, values: Partial<RuleValues> = {}) =>
  world.store.write((w) =>
    setChannelRule(
      w,
      { accountId, productId, buffer: 0, maxQuantity: null, allocationPercent: 100, ...values },
      { newKey: world.newKey },
    ),
  );
type RuleValues = { buffer: number; maxQuantity: number | null; allocationPercent: number };

describe('queueStockPushes', () => {
  it('queues one stock job per listing whose channel shows another quantity', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10, reserved: 3 }]);
    const onA = world.listing(shopA, 'A1', 'EAR', 12);
    const onB = world.listing(shopB, 'B1', 'EAR', 7);
    expect(queue(product)).toEqual({ queued: 1, listingIds: [onA] });
    const [job] = world.jobs();
    expect(job).toMatchObject({
      listing_id: onA,
      account_id: shopA,
      kind: 'listing.quantity',
      source: 'stock',
      state: 'pending',
      batch_id: null,
      base_version: 0,
      idempotency_key: 'stock-key-1',
      quantity: 7,
    });
    const payload = world.store.read(
      (r) => r.first(qb.selectFrom('outbox').select('payload').where('id', '=', job!.id))!.payload,
    );
    expect(JSON.parse(payload)).toEqual({
      listingId: onA,
      remoteId: 'A1',
      remoteVariantId: '',
      values: { quantity: 7 },
      changed: ['quantity'],
    });
    expect(world.jobs(onB)).toEqual([]);
  });

  it('writes nothing the second time', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    world.listing(shopA, 'A1', 'EAR', 12);
    queue(product);
    expect(queue(product)).toEqual({ queued: 0, listingIds: [] });
    expect(world.jobs()).toHaveLength(1);
  });

  it('supersedes a pending job that carries another value', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const listing = world.listing(shopA, 'A1', 'EAR', 12);
    queue(product);
    world.store.write((w) =>
      w.run(qb.updateTable('stock').set({ reserved: 4 }).where('product_id', '=', product)),
    );
    expect(queue(product)).toEqual({ queued: 1, listingIds: [listing] });
    expect(
      world.jobs(listing).map(({ state, last_error, quantity }) => [state, last_error, quantity]),
    ).toEqual([
      ['cancelled', 'superseded', 10],
      ['pending', null, 6],
    ]);
  });

  it('cancels waiting stock jobs once the channel shows the target', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const listing = world.listing(shopA, 'A1', 'EAR', 12);
    queue(product);
    setQuantity(listing, 10);
    expect(queue(product)).toEqual({ queued: 0, listingIds: [] });
    expect(world.jobs(listing)).toMatchObject([{ state: 'cancelled' }]);
  });

  it('queues the target again when a stock job with another value is in flight', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const listing = world.listing(shopA, 'A1', 'EAR', 10);
    setQuantity(listing, 12);
    queue(product);
    world.store.write((w) => w.run(qb.updateTable('outbox').set({ state: 'in_flight' })));
    setQuantity(listing, 10);
    world.store.write((w) =>
      w.run(qb.updateTable('stock').set({ on_hand: 12 }).where('product_id', '=', product)),
    );
    setQuantity(listing, 12);
    // The channel shows 12, the target is 12, but a job sending 10 is in flight: set it back.
    expect(queue(product)).toEqual({ queued: 1, listingIds: [listing] });
    expect(world.jobs(listing).map((job) => [job.state, job.quantity])).toEqual([
      ['in_flight', 10],
      ['pending', 12],
    ]);
  });

  it("supersedes a seller's pending quantity edit of a managed listing", () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const listing = world.listing(shopA, 'A1', 'EAR', 10);
    world.store.write((w) =>
      applyListingEdit(
        w,
        { id: listing, baseVersion: 0, changes: { quantity: 30, priceMinor: 1999 } },
        world.newKey,
      ),
    );
    queue(product);
    const jobs = world.jobs(listing);
    expect(jobs.map((job) => [job.kind, job.source, job.state, job.quantity])).toEqual([
      ['listing.price', 'edit', 'pending', undefined],
      ['listing.quantity', 'edit', 'cancelled', 30],
      ['listing.quantity', 'stock', 'pending', 10],
    ]);
    expect(jobs[2]!.base_version).toBe(1);
  });

  it('applies each account its own rule: product rule, master rule, default, none', () => {
    const master = world.product('EAR', []);
    const variant = world.store.write(
      (w) =>
        w.run(
          qb.insertInto('products').values({
            sku: 'EAR-RED',
            parent_id: master,
            title: 'Red',
            source_locale: 'en',
            weight_grams: null,
            length_mm: null,
            width_mm: null,
            height_mm: null,
            cost_minor: null,
            cost_currency: null,
            hs_code: null,
            declared_value_minor: null,
            declared_value_currency: null,
            country_of_origin: null,
            created_at: w.now(),
            updated_at: w.now(),
          }),
        ).lastInsertRowid,
    );
    world.store.write((w) =>
      w.run(
        qb.insertInto('stock').values({
          product_id: variant,
          warehouse: 'SZ',
          on_hand: 100,
          updated_at: w.now(),
        }),
      ),
    );
    const shopC = world.account('C');
    const shopD = world.account('D');
    const onA = world.listing(shopA, 'A1', 'EAR-RED', 0);
    const onB = world.listing(shopB, 'B1', 'EAR-RED', 0);
    const onC = world.listing(shopC, 'C1', 'EAR-RED', 0);
    const onD = world.listing(shopD, 'D1', 'EAR-RED', 0);
    rule(shopA, variant, { maxQuantity: 5 });
    rule(shopA, null, { maxQuantity: 1 });
    rule(shopB, master, { buffer: 10, allocationPercent: 50 });
    rule(shopB, null, { maxQuantity: 1 });
    rule(shopC, null, { allocationPercent: 33 });
    expect([onA, onB, onC, onD].map(target)).toEqual([5, 45, 33, 100]);
    // Each rule change queued its own channel's listing; D has no rule and waits for a stock pass.
    expect(queue(variant)).toEqual({ queued: 1, listingIds: [onD] });
    expect(
      world
        .jobs()
        .filter((job) => job.state === 'pending')
        .map((job) => job.quantity),
    ).toEqual([5, 45, 33, 100]);
  });

  it('leaves unmanaged, unlinked, deleted, blocked and draft listings alone', () => {
    const bare = world.product('BARE');
    const onBare = world.listing(shopA, 'A1', 'BARE', 4);
    const loose = world.listing(shopA, 'A2', 'NOPRODUCT', 4);
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 1 }]);
    const gone = world.listing(shopA, 'A3', 'EAR', 4);
    const blocked = world.listing(shopA, 'A4', 'EAR', 4);
    const inReview = world.listing(shopA, 'A5', 'EAR', 4);
    world.store.write((w) => {
      w.run(qb.updateTable('listings').set({ status: 'deleted' }).where('id', '=', gone));
      w.run(qb.updateTable('listings').set({ status: 'error' }).where('id', '=', blocked));
      w.run(qb.updateTable('listings').set({ status: 'draft' }).where('id', '=', inReview));
    });
    expect(queue(bare, product)).toEqual({ queued: 0, listingIds: [] });
    expect([onBare, loose, gone, blocked, inReview, 9999].map(target)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('leaves listings the marketplace stocks itself (Amazon FBA) to the marketplace', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 3 }]);
    const fba = world.listing(shopA, 'A1', 'EAR', 0);
    const own = world.listing(shopA, 'A2', 'EAR', 0);
    world.store.write((w) => {
      w.run(
        qb
          .updateTable('listings')
          .set({ attributes: JSON.stringify({ 'amazon.fulfillmentChannel': 'AMAZON_NA' }) })
          .where('id', '=', fba),
      );
      w.run(
        qb
          .updateTable('listings')
          .set({ attributes: JSON.stringify({ 'amazon.fulfillmentChannel': 'DEFAULT' }) })
          .where('id', '=', own),
      );
    });
    expect(queue(product)).toEqual({ queued: 1, listingIds: [own] });
    expect([fba, own].map(target)).toEqual([null, 3]);
  });

  it('follows orders: a new order on one shop lowers what the other shows', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 5 }]);
    world.listing(shopA, 'A1', 'EAR', 5);
    const onB = world.listing(shopB, 'B1', 'EAR', 5);
    const order = world.order(shopA, 'O1', 'to_ship', [['L1', 'EAR', 2]]);
    const result = world.store.write((w) => {
      const { productIds } = applyOrderStockEffects(w, [order]);
      expect(productIds).toEqual([product]);
      return queueStockPushes(w, productIds, { newKey: world.newKey });
    });
    expect(result.queued).toBe(2);
    expect(world.jobs(onB)).toMatchObject([{ quantity: 3, state: 'pending' }]);
  });

  it('refuses bad product ids before writing anything', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    world.listing(shopA, 'A1', 'EAR', 12);
    expect(() => queue(product, 0)).toThrow(InvalidStoreInput);
    expect(() => queue(Number.NaN)).toThrow(/product ids/);
    expect(world.jobs()).toEqual([]);
  });
});
