/**
 * A small seller for the insights tests: three shops (Amazon US in USD, eBay DE in EUR, Amazon JP
 * in JPY), three SKUs (A with a cost, B without, C not in the catalogue), dated rates, and helpers
 * to add orders. Every number the tests expect is worked out by hand in insights.test.ts.
 */
import type { AccountId } from '../../shared/ids.js';
import type { OrderStatus } from '../../shared/domain.js';
import { upsertAccount, upsertOrders, upsertProducts } from '../store/ingest.js';
import { writeSettings } from '../store/queries/settings.js';
import {
  accountInput,
  orderInput,
  orderLineInput,
  productInput,
  temporaryStore,
  testClock,
  type TemporaryStore,
} from '../store/test-fixtures.js';
import { raw } from './filters.js';

export interface InsightsWorld extends TemporaryStore {
  clock: ReturnType<typeof testClock>;
  us: AccountId;
  de: AccountId;
  jp: AccountId;
  order(
    account: AccountId,
    remoteId: string,
    placedAt: string,
    lines: { sku: string; quantity: number; unitMinor: number }[],
    status?: OrderStatus,
    updatedAt?: string,
  ): void;
}

const CURRENCY = { US: 'USD', DE: 'EUR', JP: 'JPY' } as const;

export function insightsWorld(now = '2025-04-01T12:00:00.000Z'): InsightsWorld {
  const clock = testClock(now);
  const temporary = temporaryStore({ now: clock.now });
  const { store } = temporary;
  const ids = store.write((w) => {
    writeSettings(w, { timeZone: 'Europe/Berlin', homeCurrency: 'EUR' });
    const us = upsertAccount(w, accountInput({ shopId: 'US-1', displayName: 'Acme US' }));
    const de = upsertAccount(
      w,
      accountInput({
        marketplace: 'ebay',
        site: 'DE',
        shopId: 'DE-1',
        displayName: 'Acme DE',
        currency: 'EUR',
        locale: 'de-DE',
      }),
    );
    const jp = upsertAccount(
      w,
      accountInput({
        site: 'JP',
        shopId: 'JP-1',
        displayName: 'Acme JP',
        currency: 'JPY',
        locale: 'ja-JP',
      }),
    );
    upsertProducts(w, [
      productInput({
        sku: 'A',
        cost: { amountMinor: 400, currency: 'EUR' },
        stock: [
          { warehouse: 'SZ', onHand: 30, reserved: 5 },
          { warehouse: 'DE', onHand: 10, reserved: 0 },
        ],
      }),
      productInput({ sku: 'B', cost: null, stock: [{ warehouse: 'SZ', onHand: 2, reserved: 0 }] }),
    ]);
    // ECB-style EUR→USD: USD→EUR is the inverse. Nothing for JPY.
    for (const [date, rate] of [
      ['2025-03-28', '1.08'],
      ['2025-03-31', '1.10'],
    ] as const) {
      w.run(
        raw(
          `INSERT INTO fx_rates (base, quote, date, rate, source, fetched_at) VALUES ('EUR', 'USD', ?, ?, 'ecb', ?)`,
          [date, rate, now],
        ),
      );
    }
    return { us, de, jp };
  });
  const currencies = new Map<AccountId, string>([
    [ids.us, CURRENCY.US],
    [ids.de, CURRENCY.DE],
    [ids.jp, CURRENCY.JP],
  ]);
  return {
    ...temporary,
    clock,
    ...ids,
    order(account, remoteId, placedAt, lines, status = 'shipped', updatedAt = placedAt) {
      const currency = currencies.get(account)!;
      store.write((w) =>
        upsertOrders(w, account, [
          orderInput({
            remoteId,
            status,
            placedAt,
            updatedAt,
            total: {
              amountMinor: lines.reduce((sum, line) => sum + line.quantity * line.unitMinor, 0),
              currency,
            },
            lines: lines.map((line, index) =>
              orderLineInput({
                lineId: `L${index + 1}`,
                sku: line.sku,
                quantity: line.quantity,
                unitPrice: { amountMinor: line.unitMinor, currency },
              }),
            ),
          }),
        ]),
      );
    },
  };
}
