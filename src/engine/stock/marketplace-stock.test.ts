import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../connectors/connector.js';
import type { AccountId, ProductId } from '../../shared/ids.js';
import type { MarketplaceHeldStock } from '../../shared/marketplace.js';
import { getSku } from '../store/queries/catalog.js';
import {
  heldStockOfProduct,
  marketplaceStockStep,
  pullMarketplaceStock,
} from './marketplace-stock.js';
import { stockWorld, type StockWorld } from './test-support.js';

let world: StockWorld;
beforeEach(() => {
  world = stockWorld();
});
afterEach(() => world.close());

const held = (sku: string, fulfillable: number, extra: Partial<MarketplaceHeldStock> = {}) => ({
  sku,
  fulfillable,
  inbound: 0,
  reserved: 0,
  unfulfillable: 0,
  updatedAt: '2024-05-01T08:00:00.000Z',
  ...extra,
});

/** A connector that answers marketplaceStock from a script and records what it was asked. */
function fbaConnector(answers: (MarketplaceHeldStock[] | Error)[]) {
  const asked: (string | null)[] = [];
  const connector = {
    marketplaceStock(changedSince: string | null) {
      asked.push(changedSince);
      const next = answers.shift();
      if (next instanceof Error) return Promise.reject(next);
      return Promise.resolve(next ?? []);
    },
  } as unknown as Connector;
  return { connector, asked };
}

describe('marketplace-held stock (FBA)', () => {
  it('reads everything first, then only changes since the last read, and shows it per SKU', async () => {
    const account = world.account('fba-shop') as AccountId;
    const product = world.product('MUG', [{ warehouse: 'SZ', onHand: 40 }]) as ProductId;
    world.listing(account, 'B0MUG', 'MUG', 5);
    let now = Date.parse('2024-05-02T10:00:00Z');
    const { connector, asked } = fbaConnector([
      [held('MUG', 12, { inbound: 30, reserved: 2 }), held('GONE', 4)],
      [held('MUG', 9, { unfulfillable: 1 })],
    ]);
    const options = { store: world.store, accountId: account, connector, remoteNow: () => now };

    expect(await pullMarketplaceStock(options)).toEqual({ received: 2, rejected: [], full: true });
    now += 86_400_000;
    expect(await pullMarketplaceStock(options)).toEqual({ received: 1, rejected: [], full: false });
    // The second read asks from when the first started, less the clock margin.
    expect(asked).toEqual([null, '2024-05-02T09:55:00.000Z']);

    const rows = world.store.read((r) => heldStockOfProduct(r, product));
    expect(rows).toEqual([
      {
        accountId: account,
        accountName: 'Shop fba-shop',
        marketplace: 'amazon',
        sku: 'MUG',
        fulfillable: 9,
        inbound: 0,
        reserved: 0,
        unfulfillable: 1,
        updatedAt: '2024-05-01T08:00:00.000Z',
      },
    ]);
    // Beside the seller's own stock, never in it.
    const detail = world.store.read((r) => getSku(r, product))!;
    expect(detail.onHand).toBe(40);
    expect(detail.heldStock.map((row) => row.fulfillable)).toEqual([9]);
    // A row the incremental read did not mention is kept.
    expect(
      world.store.raw.prepare("SELECT fulfillable FROM marketplace_stock WHERE sku = 'GONE'").get(),
    ).toEqual({ fulfillable: 4 });
  });

  it('keeps nothing from a failed read and asks from the same point next time', async () => {
    const account = world.account('fba-shop') as AccountId;
    const { connector, asked } = fbaConnector([
      [held('MUG', 3)],
      new Error('Amazon answered 503'),
      [held('MUG', 7)],
    ]);
    const now = Date.parse('2024-05-02T10:00:00Z');
    const options = { store: world.store, accountId: account, connector, remoteNow: () => now };
    await pullMarketplaceStock(options);
    expect(await marketplaceStockStep(options)).toEqual({
      error: 'marketplace stock: Amazon answered 503',
      attention: [],
    });
    await pullMarketplaceStock(options);
    expect(asked[1]).toBe(asked[2]);
    expect(
      world.store.raw.prepare("SELECT fulfillable FROM marketplace_stock WHERE sku = 'MUG'").get(),
    ).toEqual({ fulfillable: 7 });
  });

  it('refuses rows with impossible counts, names them, and keeps the sound ones', async () => {
    const account = world.account('fba-shop') as AccountId;
    const { connector } = fbaConnector([[held('OK', 2), held('NEG', -1), held('HALF', 1.5)]]);
    const step = await marketplaceStockStep({
      store: world.store,
      accountId: account,
      connector,
      remoteNow: () => Date.parse('2024-05-02T10:00:00Z'),
    });
    expect(step.error).toBeNull();
    expect(step.attention).toEqual([
      {
        kind: 'invalid_payload',
        message: 'marketplace stock: 2 row(s) with impossible counts were not kept (NEG, HALF)',
      },
    ]);
    expect(world.store.raw.prepare('SELECT sku FROM marketplace_stock ORDER BY sku').all()).toEqual(
      [{ sku: 'OK' }],
    );
  });

  it('does nothing for a connector without marketplace stock', async () => {
    const account = world.account('plain') as AccountId;
    const read = await pullMarketplaceStock({
      store: world.store,
      accountId: account,
      connector: {} as Connector,
      remoteNow: () => 0,
    });
    expect(read).toBeNull();
  });
});
