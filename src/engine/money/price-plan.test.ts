import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountId } from '../../shared/ids.js';
import { qb } from '../store/compiler.js';
import { openStore, type Store } from '../store/connection.js';
import { upsertAccount, upsertListings, upsertOrders, upsertProducts } from '../store/ingest.js';
import { writeSettings } from '../store/queries/settings.js';
import {
  accountInput,
  listingInput,
  orderInput,
  orderLineInput,
  productInput,
} from '../store/test-fixtures.js';
import { writeFxConfig } from './fx-config.js';
import { applyPriceRule, previewPriceRule } from './price-plan.js';
import { listingMargins, orderMargin } from './margins.js';
import { saveRule, setSkuPrice, type PriceRuleRequest } from './price-rules.js';
import { saveRates } from './rate-store.js';

let store: Store;
let us: AccountId;
let keys = 0;
const newKey = () => `key-${++keys}`;

function ruleInput(overrides: Partial<PriceRuleRequest> = {}): PriceRuleRequest {
  return {
    name: 'Amazon US',
    scope: { kind: 'account', accountId: us },
    baseSource: 'cost',
    markupBp: 5_000,
    addonsCurrency: 'CNY',
    shippingMinor: 1_000,
    packagingMinor: 200,
    feeBp: 1_500,
    fixedFeeMinor: 30,
    fixedFeeCurrency: 'USD',
    ending: 'charm',
    minMarginBp: 1_000,
    ...overrides,
  };
}

beforeEach(() => {
  store = openStore(':memory:', { now: () => new Date('2026-04-07T12:00:00.000Z') });
  us = store.write((w) => {
    writeSettings(w, { homeCurrency: 'CNY' });
    writeFxConfig(w, { maxAgeDays: 4 });
    const usId = upsertAccount(w, accountInput());
    const ukId = upsertAccount(
      w,
      accountInput({
        marketplace: 'ebay',
        site: 'EBAY_GB',
        shopId: 'EB-1',
        currency: 'GBP',
        locale: 'en-GB',
      }),
    );
    upsertProducts(w, [
      productInput({ sku: 'LAMP', cost: { amountMinor: 2_500, currency: 'CNY' } }),
      productInput({ sku: 'NOCOST', cost: null }),
    ]);
    upsertListings(w, usId, [
      listingInput({ remoteId: 'A1', sku: 'LAMP', price: { amountMinor: 1_000, currency: 'USD' } }),
      listingInput({
        remoteId: 'A2',
        sku: 'NOCOST',
        price: { amountMinor: 1_500, currency: 'USD' },
      }),
      listingInput({ remoteId: 'A3', sku: 'LAMP', price: { amountMinor: 899, currency: 'USD' } }),
    ]);
    upsertListings(w, ukId, [
      listingInput({
        remoteId: 'E1',
        sku: 'LAMP',
        price: { amountMinor: 700, currency: 'GBP' },
        locale: 'en-GB',
      }),
    ]);
    saveRates(w, [
      { base: 'USD', quote: 'CNY', date: '2026-04-07', rate: '7.2', source: 'manual' },
      { base: 'EUR', quote: 'GBP', date: '2026-03-20', rate: '0.8541', source: 'ecb' },
      { base: 'EUR', quote: 'CNY', date: '2026-03-20', rate: '7.8912', source: 'ecb' },
    ]);
    return usId;
  });
});
afterEach(() => store.close());

const listingId = (remoteId: string) =>
  store.read((r) =>
    r.first(qb.selectFrom('listings').select('id').where('remote_id', '=', remoteId)),
  )!.id;

describe('price rules → pending change batch', () => {
  it('previews the rule: new prices with margins, refusals with reasons, nothing written', () => {
    const rule = store.write((w) => saveRule(w, ruleInput()));
    const preview = store.read((r) => previewPriceRule(r, { ruleId: rule.id, limit: 50 }));
    expect(preview).toMatchObject({
      selected: 3,
      changed: 1,
      unchanged: 1,
      refused: 1,
      homeCurrency: 'CNY',
    });
    expect(
      preview.rows.map((row) => [
        row.sku,
        row.refusal?.code ?? null,
        row.after?.amountMinor ?? null,
      ]),
    ).toEqual([
      ['NOCOST', 'no_cost', null],
      ['LAMP', null, 899],
    ]);
    expect(preview.rows[1]?.figure).toMatchObject({
      margin: { amountMinor: 1_585, currency: 'CNY' },
      marginBp: 2_449,
    });
    expect(
      store.read((r) =>
        r.first(qb.selectFrom('listings').select('price_minor').where('remote_id', '=', 'A1')),
      ),
    ).toEqual({ price_minor: 1_000 });
  });

  it('applies as one held batch: the price changes locally, nothing is queued for push', () => {
    const rule = store.write((w) => saveRule(w, ruleInput()));
    const outcome = store.write((w) => applyPriceRule(w, { ruleId: rule.id }, newKey));
    expect(outcome).toMatchObject({ changed: 1, unchanged: 1, refused: 1 });
    expect(outcome.refusals.map((row) => row.refusal?.code)).toEqual(['no_cost']);
    expect(outcome.batchId).not.toBeNull();
    const jobs = store.read((r) =>
      r.all(qb.selectFrom('outbox').select(['listing_id', 'kind', 'state', 'batch_id'])),
    );
    expect(jobs).toEqual([
      {
        listing_id: listingId('A1'),
        kind: 'listing.price',
        state: 'held',
        batch_id: outcome.batchId,
      },
    ]);
    expect(
      store.read((r) =>
        r.first(
          qb
            .selectFrom('listings')
            .select(['price_minor', 'sync_state'])
            .where('remote_id', '=', 'A1'),
        ),
      ),
    ).toEqual({ price_minor: 899, sync_state: 'pending' });
  });

  it('refuses listings whose rate is stale, and those under the margin guard, changing none of them', () => {
    const siteRule = store.write((w) =>
      saveRule(
        w,
        ruleInput({
          name: 'eBay UK',
          scope: { kind: 'site', marketplace: 'ebay', site: 'EBAY_GB' },
        }),
      ),
    );
    const stale = store.write((w) => applyPriceRule(w, { ruleId: siteRule.id }, newKey));
    expect(stale).toMatchObject({ batchId: null, changed: 0, refused: 1 });
    expect(stale.refusals[0]?.refusal).toMatchObject({
      code: 'rate_stale',
      message: expect.stringContaining('2026-03-20') as string,
    });
    const greedy = store.write((w) =>
      saveRule(w, ruleInput({ name: 'Greedy', markupBp: 0, minMarginBp: 4_000 })),
    );
    const guarded = store.write((w) => applyPriceRule(w, { ruleId: greedy.id }, newKey));
    expect(guarded.refusals.map((row) => row.refusal?.code).sort()).toEqual([
      'no_cost',
      'under_margin_guard',
      'under_margin_guard',
    ]);
    expect(guarded.batchId).toBeNull();
    expect(store.read((r) => r.all(qb.selectFrom('outbox').select('id')))).toEqual([]);
  });

  it('lets an account rule win over its site rule, and says so for a listing outside the rule', () => {
    store.write((w) =>
      saveRule(
        w,
        ruleInput({ name: 'US site', scope: { kind: 'site', marketplace: 'amazon', site: 'US' } }),
      ),
    );
    const own = store.write((w) => saveRule(w, ruleInput({ name: 'Own', ending: 'whole' })));
    const preview = store.read((r) =>
      previewPriceRule(r, {
        ruleId: own.id,
        listingIds: [listingId('A1'), listingId('E1')],
        limit: 10,
      }),
    );
    expect(
      preview.rows.map((row) => [
        row.sku,
        row.refusal?.code ?? null,
        row.after?.amountMinor ?? null,
      ]),
    ).toEqual([
      ['LAMP', 'no_rule', null],
      ['LAMP', null, 900],
    ]);
    expect(() =>
      store.write((w) =>
        saveRule(w, ruleInput({ name: 'Twice', scope: { kind: 'account', accountId: us } })),
      ),
    ).toThrow('Rule "Own" already prices this shop: edit it instead');
  });

  it('prices from the SKU price when the rule says so', () => {
    const lamp = store.read((r) =>
      r.first(qb.selectFrom('products').select('id').where('sku', '=', 'LAMP')),
    )!.id;
    store.write((w) => setSkuPrice(w, lamp, { amountMinor: 7_200, currency: 'CNY' }));
    const rule = store.write((w) =>
      saveRule(
        w,
        ruleInput({
          baseSource: 'sku_price',
          markupBp: 0,
          shippingMinor: 0,
          packagingMinor: 0,
          feeBp: 0,
          fixedFeeMinor: 0,
          ending: 'none',
          minMarginBp: null,
        }),
      ),
    );
    const preview = store.read((r) =>
      previewPriceRule(r, {
        ruleId: rule.id,
        listingIds: [listingId('A1'), listingId('A2')],
        limit: 10,
      }),
    );
    // 72.00 CNY ÷ 7.2 = 10.00 USD: unchanged; NOCOST has no SKU price.
    expect(preview).toMatchObject({ changed: 0, unchanged: 1, refused: 1 });
    expect(preview.rows[0]?.refusal?.code).toBe('no_sku_price');
  });
});

describe('margins', () => {
  it('gives a page of listings their margins at current prices, or the reason there is none', () => {
    store.write((w) => saveRule(w, ruleInput()));
    const margins = store.read((r) =>
      listingMargins(r, [listingId('A3'), listingId('A2'), listingId('E1')]),
    );
    expect(margins[0]?.figure).toMatchObject({
      margin: { amountMinor: 1_585 },
      marginBp: 2_449,
      underGuard: false,
    });
    expect(margins[1]?.refusal?.code).toBe('no_cost');
    // E1 has no rule (no fees known) but its GBP rate is stale: refused, not guessed.
    expect(margins[2]?.refusal?.code).toBe('rate_stale');
  });

  it('gives an order its line margins at the rate of the day it was placed, the fixed fee split exactly', () => {
    store.write((w) => {
      saveRule(w, ruleInput({ fixedFeeMinor: 31 }));
      upsertOrders(w, us, [
        orderInput({
          placedAt: '2026-04-07T08:00:00Z',
          total: { amountMinor: 2_798, currency: 'USD' },
          lines: [
            orderLineInput({
              lineId: 'L1',
              sku: 'LAMP',
              quantity: 2,
              unitPrice: { amountMinor: 899, currency: 'USD' },
            }),
            orderLineInput({
              lineId: 'L2',
              sku: 'LAMP',
              quantity: 1,
              unitPrice: { amountMinor: 1_000, currency: 'USD' },
            }),
          ],
        }),
      ]);
    });
    const orderId = store.read((r) => r.first(qb.selectFrom('orders').select('id')))!.id;
    const margin = store.read((r) => orderMargin(r, orderId));
    // L1: revenue 17.98 USD = 129.46 CNY (129.456); fee 2.697 → 2.70 USD = 19.44; fixed-fee share
    // 31 × 1798/2798 = 19.92 → 20 cents = 1.44; cost 50.00; add-ons 24.00 → margin 34.58 CNY.
    // L2: revenue 72.00; fee 1.50 USD = 10.80; share 11 cents = 0.79 (0.792); cost 25; add-ons 12 → 23.41.
    expect(margin.lines.map((line) => line.figure?.margin.amountMinor)).toEqual([3_458, 2_341]);
    expect(margin.total).toEqual({ amountMinor: 5_799, currency: 'CNY' });
  });
});

describe('margins at a previewed price', () => {
  it('computes the margin at the price given instead of the stored one', () => {
    store.write((w) => saveRule(w, ruleInput()));
    const [atStored] = store.read((r) => listingMargins(r, [listingId('A1')]));
    const [atPreview] = store.read((r) =>
      listingMargins(r, [listingId('A1')], new Map([[listingId('A1'), 899]])),
    );
    // Stored 10.00 USD: revenue 72.00 CNY, fee 1.50 USD = 10.80, fixed 2.16, cost 25, add-ons 12 → 22.04.
    expect(atStored?.figure?.margin.amountMinor).toBe(2_204);
    expect(atPreview?.figure?.margin.amountMinor).toBe(1_585);
  });
});
