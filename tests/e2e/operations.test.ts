/**
 * The operations views in real Chromium against the real `silkroute serve` on an empty data folder,
 * which opens on the built-in sandbox shop (a simulated Shopee running in the engine's process):
 *
 * - morning flow: Sync now, see the orders waiting to ship, mark one shipped with a tracking number,
 *   see the marketplace confirm it, and after the next sync read the order back from the fake as
 *   shipped (PROCESSED, the status Shopee gives an order once ship_order has arranged it);
 * - language flow: switch to 中文, and on the orders, inventory, sync and accounts views (details
 *   open) no English is left outside what is data (order numbers, titles, names: marked
 *   translate="no") and brand names.
 *
 * Screenshots of each view go to artifacts/screenshots/operations-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AccountSummary,
  AppInfo,
  OrderDetail,
  SyncRunSummary,
} from '../../src/shared/api/index.js';
import { launchChromium, type Browser } from './support/browser.js';
import { callApi, ensureBuilt, repoRoot, serve, type Served } from './support/silkroute.js';

const screenshots = join(repoRoot, 'artifacts', 'screenshots');
const isMetaFrameAncestorsNotice = (text: string) => text.includes("'frame-ancestors'");

let dataDir = '';
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(screenshots, `operations-${name}.png`) });
}

async function openView(view: 'inventory' | 'orders' | 'sync' | 'accounts' | 'settings') {
  await page.getByTestId(`nav-${view}`).click();
  await page.getByTestId(`view-${view}`).waitFor();
}

async function runs(): Promise<SyncRunSummary[]> {
  return callApi<SyncRunSummary[]>(served, 'sync.runs', { limit: 20 });
}

/** Waits until no run is recorded as running and one newer than `after` has finished. */
async function runFinishedAfter(after: number): Promise<SyncRunSummary> {
  let finished: SyncRunSummary | undefined;
  await expect
    .poll(
      async () => {
        const list = await runs();
        finished = list.find((run) => run.id > after && run.state !== 'running');
        return finished !== undefined && !list.some((run) => run.state === 'running');
      },
      { timeout: 90_000, interval: 250 },
    )
    .toBe(true);
  return finished!;
}

/**
 * An order the sandbox shop ships with the seller's own carrier (tracking number), ready to ship:
 * read from our own store, where the order's raw payload keeps the marketplace's shipping channel.
 */
function shippableOrder(): string | null {
  const database = new Sqlite(join(dataDir, 'silkroute.db'), { readonly: true });
  try {
    const row = database
      .prepare(
        `SELECT remote_id FROM orders
          WHERE raw_status = 'READY_TO_SHIP'
            AND json_extract(raw, '$.shipping_carrier') LIKE '%non-integrated%'
            AND id NOT IN (SELECT order_id FROM shipments)
          ORDER BY placed_at DESC LIMIT 1`,
      )
      .get() as { remote_id: string } | undefined;
    return row?.remote_id ?? null;
  } finally {
    database.close();
  }
}

/**
 * Visible words that are not data and not brand names. Data is marked translate="no" by the
 * views; `dataWords` adds names the UI builds into its own sentences or labels (shop names, the
 * default warehouse's name); all-capital codes (SG, SGD, PROCESSED) are the marketplaces' own.
 */
async function englishLeft(dataWords: readonly string[]): Promise<string[]> {
  const script = `(() => {
    const allowed = new Set(${JSON.stringify(['Silkroute', 'Shopee', 'Amazon', 'eBay', 'AliExpress', 'Wish', 'SKU', 'Cron', ...dataWords])});
    const words = (text) => (text.match(/[A-Za-z][A-Za-z'’]+/g) || [])
      .filter((word) => !allowed.has(word) && !/^[A-Z]{2,4}$/.test(word));
    // A detail panel is titled with its record's own name (order number, SKU, shop).
    const skipped = (element) =>
      !element || element.closest('[translate="no"], script, style, noscript, .detail-heading h2');
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (skipped(node.parentElement)) continue;
      for (const word of words(node.textContent || '')) found.push(word + ' ← "' + node.textContent.trim().slice(0, 80) + '"');
    }
    for (const element of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
      if (skipped(element)) continue;
      for (const name of ['placeholder', 'title', 'aria-label']) {
        const value = element.getAttribute(name);
        if (value) for (const word of words(value)) found.push(word + ' ← ' + name + '="' + value.slice(0, 80) + '"');
      }
    }
    return [...new Set(found)];
  })()`;
  return page.evaluate<string[]>(script);
}

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'silkroute-e2e-operations-'));
  // The flows use the Shopee shop (own-carrier orders to ship); it alone is opened.
  served = await serve(dataDir, 60_000, { SILKROUTE_SANDBOX_SHOPS: 'shopee' });
  // The sandbox shop's first pull runs in the background: wait for it to finish.
  const deadline = Date.now() + 90_000;
  while (!(await runs()).some((run) => run.state !== 'running')) {
    if (Date.now() > deadline) throw new Error('the sandbox shop’s first pull did not finish');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  browser = await launchChromium();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !isMetaFrameAncestorsNotice(message.text())) {
      pageErrors.push(message.text());
    }
  });
  await page.goto(served.url);
  await page.getByTestId('view-inventory').waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the morning flow on the sandbox shop', () => {
  it('opens on the sandbox, marked as such, with one click to connect real shops', async () => {
    const info = await callApi<AppInfo>(served, 'app.info');
    expect(info.sandboxOnly).toBe(true);
    await page.getByTestId('sandbox-notice').waitFor();
    await page.getByTestId('sandbox-notice').getByRole('link').click();
    await page.getByTestId('view-accounts').waitFor();
    await page.getByTestId('connect-dialog').waitFor();
    await expect.poll(() => page.getByTestId('connect-dialog').textContent()).toContain('Shopee');
    await shot('connect-en');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('connect-dialog').count()).toBe(0);
    await page.getByTestId('grid-row').first().waitFor();
    await shot('accounts-en');
  });

  it('syncs, shows live progress and the report, and lists the orders to ship', async () => {
    const before = Math.max(0, ...(await runs()).map((run) => run.id));
    await openView('sync');
    await page.getByTestId('sync-now').click();
    // While it runs, the live card shows its progress.
    await expect
      .poll(async () => (await runs()).some((run) => run.id > before), { timeout: 30_000 })
      .toBe(true);
    const run = await runFinishedAfter(before);
    expect(['succeeded', 'partial']).toContain(run.state);
    await page.getByTestId('last-run').waitFor();
    await expect.poll(() => page.getByTestId('last-run').textContent()).toBeTruthy();
    await shot('sync-en');

    await openView('orders');
    await page.getByTestId('filter-shipment').selectOption('none');
    await page.getByTestId('grid-row').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('grid-row').count()).toBeGreaterThan(0);
    await shot('orders-en');
  });

  it('marks an order shipped, sees the marketplace confirm it, and reads it back as shipped', async () => {
    // Wait for the Shopee shop's first pull.
    let found: string | null = null;
    await expect
      .poll(() => (found = shippableOrder()), { timeout: 90_000, interval: 500 })
      .not.toBeNull();
    const orderNumber = found!;
    await openView('orders');
    await page.getByRole('searchbox').fill(orderNumber);
    await page.getByRole('searchbox').press('Enter');
    const row = page.getByTestId('grid-row').filter({ hasText: orderNumber });
    await row.first().waitFor({ timeout: 20_000 });
    await row.first().click();
    const detail = page.getByTestId('order-detail');
    await expect.poll(() => detail.locator('h2').textContent()).toBe(orderNumber);

    // Keyboard only: the carrier, the tracking number, Enter.
    await page.getByTestId('ship-carrier').focus();
    await page.keyboard.type('Ninja Van');
    await page.keyboard.press('Tab');
    await page.keyboard.type('NV-E2E-000123');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('ship-message').textContent()).toContain('Recorded');

    const state = detail.getByTestId('shipment-state');
    await expect
      .poll(() => state.getAttribute('data-state'), { timeout: 30_000 })
      .toBe('confirmed');
    await shot('order-shipped-en');

    // The next sync pulls the order again: the fake now has it arranged for shipping.
    const before = Math.max(...(await runs()).map((run) => run.id));
    await callApi(served, 'sync.run', { steps: ['orders'] });
    await runFinishedAfter(before);
    await expect
      .poll(() => detail.getByTestId('order-raw-status').textContent(), { timeout: 20_000 })
      .toBe('PROCESSED');
    const page1 = await callApi<{ rows: { id: number }[] }>(served, 'orders.query', {
      search: orderNumber,
    });
    const order = await callApi<OrderDetail>(served, 'orders.get', { id: page1.rows[0]!.id });
    expect(order.shipments).toEqual([
      expect.objectContaining({
        carrier: 'Ninja Van',
        trackingNumber: 'NV-E2E-000123',
        state: 'confirmed',
      }),
    ]);
    await shot('order-confirmed-en');

    // The same order cannot be marked shipped twice: its form is gone.
    expect(await page.getByTestId('ship-carrier').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('checks pasted rows one by one before shipping any', async () => {
    await openView('orders');
    await page.getByTestId('bulk-ship-open').click();
    const dialog = page.getByTestId('bulk-ship-dialog');
    await dialog.waitFor();
    await page.getByTestId('bulk-text').fill('NO-SUCH-ORDER, DHL, JD1\nANOTHER, , ');
    await page.getByTestId('bulk-check').click();
    const results = page.getByTestId('bulk-results');
    await results.waitFor();
    await expect.poll(() => results.locator('tbody tr').count()).toBe(2);
    expect(await results.textContent()).toContain('No order with this number');
    expect(await page.getByTestId('bulk-ship').isDisabled()).toBe(true);
    await shot('bulk-ship-en');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });
});

describe('the language flow', () => {
  it('leaves no English on the operations views in 中文', async () => {
    const accounts = await callApi<AccountSummary[]>(served, 'accounts.list');
    const dataWords = [
      'default',
      ...accounts.flatMap((account) => account.displayName.split(/[^A-Za-z]+/)),
    ].filter(Boolean);
    await openView('settings');
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('nav-orders').textContent()).toContain('订单');

    await openView('orders');
    await page.getByTestId('grid-row').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('grid-row').first().click();
    await page.getByTestId('order-detail').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await englishLeft(dataWords)).toEqual([]);
    await shot('orders-zh-CN');

    await openView('inventory');
    await page.getByTestId('grid-row').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('grid-row').first().click();
    await page.getByTestId('sku-detail').waitFor();
    await page.getByTestId('sku-channels').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await englishLeft(dataWords)).toEqual([]);
    await shot('inventory-zh-CN');

    await openView('sync');
    await page.getByTestId('last-run').waitFor();
    await page.getByTestId('schedule-next').waitFor();
    await page.getByTestId('grid-row').first().click();
    await page.getByTestId('sync-detail').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await englishLeft(dataWords)).toEqual([]);
    await shot('sync-zh-CN');

    await openView('accounts');
    await page.getByTestId('grid-row').first().click();
    await page.getByTestId('account-detail').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await englishLeft(dataWords)).toEqual([]);
    await shot('accounts-zh-CN');

    await openView('settings');
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => page.getByTestId('nav-orders').textContent()).toContain('Orders');
    expect(pageErrors).toEqual([]);
  });
});
