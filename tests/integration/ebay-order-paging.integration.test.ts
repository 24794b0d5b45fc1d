/**
 * Offset paging over orders that move while the pull runs. eBay does not document how getOrders
 * sorts; the fake can sort three ways, and after every page it modifies orders (more than the
 * connector's overlap covers, so the pull must notice and look back). Whatever the sort, one pull
 * returns every order that existed when it started, none twice in one state, and the next window
 * brings the rest: together, the ground truth. A pull stopped between pages resumes from its
 * checkpoint in a new connector without losing or repeating an order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NormalizedOrder } from '../../src/shared/marketplace.js';
import type { OrderSort } from '../../src/sandbox/ebay/index.js';
import {
  authorize,
  latestOrders,
  orderDifferences,
  pullAllOrders,
  startHarness,
  type Harness,
} from './ebay-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function sameStateTwice(orders: NormalizedOrder[]): string[] {
  const seen = new Set<string>();
  return orders.flatMap((order) => {
    const key = `${order.remoteId}@${order.updatedAt}`;
    const twice = seen.has(key);
    seen.add(key);
    return twice ? [key] : [];
  });
}

const SORTS: OrderSort[] = ['lastmodified_asc', 'lastmodified_desc', 'creation_desc'];

describe('eBay order paging over a moving set', () => {
  for (const orderSort of SORTS) {
    it(`loses and doubles nothing when the fake sorts by ${orderSort} and 30 orders move per page`, async () => {
      harness = await startHarness({
        seed: 9,
        items: 300,
        orders: 1_200,
        orderDays: 60,
        timeScale: 50,
        rateLimit: null,
        orderSort,
        churnPerOrdersPage: 30,
      });
      const { sandbox, connector } = harness;
      await authorize(harness);
      const existing = sandbox.groundTruth().orders.map((order) => order.orderId);
      const start = sandbox.now();
      const window = {
        from: new Date(start - 70 * 86_400_000).toISOString(),
        to: new Date(start).toISOString(),
      };
      const first = await pullAllOrders(connector, window);
      expect(first.problems).toEqual([]);
      expect(sameStateTwice(first.items)).toEqual([]);
      // More orders moved between two pages than the overlap covers: some pages were asked again
      // further back (more getOrders calls than pages).
      const calls = sandbox.stats().requests['GET /sell/fulfillment/v1/order'] ?? 0;
      expect(calls).toBeGreaterThan(first.pages);
      const ids = new Set(first.items.map((order) => order.remoteId));
      if (orderSort === 'lastmodified_asc') {
        // A moved order goes to the end of an open-ended set, so even the re-check sees it.
        expect(existing.filter((id) => !ids.has(id))).toEqual([]);
      } else {
        // Elsewhere an order moved during the last pass may be left to the next window.
        expect(existing.filter((id) => !ids.has(id)).length).toBeLessThanOrEqual(30);
      }
      sandbox.control.setOrderChurn(0);
      sandbox.advance(60_000);
      const second = await pullAllOrders(connector, {
        from: new Date(start - 10 * 60_000).toISOString(),
        to: new Date(sandbox.now()).toISOString(),
      });
      expect(sameStateTwice(second.items)).toEqual([]);
      expect(
        orderDifferences(latestOrders([...first.items, ...second.items]), sandbox.groundTruth()),
      ).toEqual([]);
    }, 120_000);
  }

  it('asks each page with a percent-encoded lastmodifieddate filter only, 200 at a time', async () => {
    harness = await startHarness({
      seed: 3,
      items: 50,
      orders: 450,
      orderDays: 20,
      timeScale: 50,
      rateLimit: null,
    });
    await authorize(harness);
    const now = harness.sandbox.now();
    await pullAllOrders(harness.connector, {
      from: new Date(now - 25 * 86_400_000).toISOString(),
      to: new Date(now).toISOString(),
    });
    const calls = harness.sandbox
      .exchanges()
      .filter((exchange) => exchange.path === '/sell/fulfillment/v1/order');
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (const call of calls) {
      expect(call.search).toMatch(/filter=lastmodifieddate%3A%5B/);
      expect(call.search).not.toMatch(/creationdate|[[\]{}|]/);
      expect(call.query.limit).toEqual(['200']);
    }
  }, 60_000);

  it('resumes a pull from its checkpoint in a new connector without losing or repeating orders', async () => {
    harness = await startHarness({
      seed: 4,
      items: 100,
      orders: 900,
      orderDays: 40,
      timeScale: 50,
      rateLimit: null,
    });
    await authorize(harness);
    const now = harness.sandbox.now();
    const window = {
      from: new Date(now - 45 * 86_400_000).toISOString(),
      to: new Date(now).toISOString(),
    };
    const firstPage = await harness.connector.listOrders({ window, checkpoint: null });
    const secondPage = await harness.connector.listOrders({
      window,
      checkpoint: firstPage.checkpoint,
    });
    expect(secondPage.checkpoint).not.toBeNull();
    // "Crash": a new connector (same token store) picks the pull up from the stored checkpoint.
    const resumedHarness = harness;
    await resumedHarness.connector.close();
    const { createEbayConnector, EbaySettings } =
      await import('../../src/connectors/ebay/connector.js');
    const connector = createEbayConnector(
      {
        account: {
          accountKey: 'ebay-test',
          site: resumedHarness.sandbox.marketplaceId,
          shopId: null,
        },
        tokenStore: resumedHarness.tokens,
        usageStore: resumedHarness.usage,
        clock: resumedHarness.clock,
      },
      EbaySettings.parse(resumedHarness.sandbox.account.connection),
    );
    harness = {
      ...resumedHarness,
      connector,
      close: async () => {
        await connector.close();
        await resumedHarness.sandbox.close();
      },
    };
    const orders = [...firstPage.orders, ...secondPage.orders];
    let checkpoint = secondPage.checkpoint;
    while (checkpoint !== null) {
      const page = await connector.listOrders({ window, checkpoint });
      orders.push(...page.orders);
      checkpoint = page.checkpoint;
    }
    expect(sameStateTwice(orders)).toEqual([]);
    expect(new Set(orders.map((order) => order.remoteId)).size).toBe(
      harness.sandbox.groundTruth().orders.length,
    );
  }, 60_000);
});
