/**
 * The Insights view in real Chromium against the real `silkroute serve` on a fresh demo data
 * folder (3,000 orders over the last 60 days, in seven currencies) with a year of dated EUR→X
 * rates written beside it, so that amounts convert at the rate of their day:
 * - every chart draws and has its table; the totals agree with insights.sales over the API;
 * - a number opens the orders behind it in place, and from there the orders view with the filter
 *   in its address;
 * - a chart exports as a PNG file;
 * - the view in 中文 and in the dark theme.
 * Screenshots: artifacts/screenshots/insights-{en,zh-CN,dark}.png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesInsight, Settings } from '../../src/shared/api/index.js';
import { launchChromium, type Browser } from './support/browser.js';
import { callApi, ensureBuilt, repoRoot, runCli, serve, type Served } from './support/silkroute.js';

/** The English labels of the statuses an Insights link may carry (as the orders grid shows them). */
const ORDER_STATUS_LABELS: Record<string, string> = {
  to_ship: 'To ship',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  returned: 'Returned',
};

const screenshots = join(repoRoot, 'artifacts', 'screenshots');
const isMetaFrameAncestorsNotice = (text: string) => text.includes("'frame-ancestors'");
const CHARTS = ['chart-sales', 'chart-skus', 'chart-cover', 'chart-returns', 'chart-margin'];
const EUR_RATES: Record<string, string> = {
  USD: '1.0812',
  GBP: '0.8511',
  JPY: '162.37',
  BRL: '6.1033',
  SGD: '1.4521',
  THB: '37.214',
  CNY: '7.8102',
  MXN: '18.903',
  AUD: '1.6402',
  CAD: '1.4713',
};

let dataDir = '';
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** Weekday rates (as ECB publishes) for the last 400 days, written before the engine starts. */
function seedRates(): void {
  const database = new Sqlite(join(dataDir, 'silkroute.db'));
  try {
    const insert = database.prepare(
      `INSERT OR REPLACE INTO fx_rates (base, quote, date, rate, source, fetched_at)
       VALUES ('EUR', ?, ?, ?, 'e2e', ?)`,
    );
    const now = new Date().toISOString();
    database.transaction(() => {
      for (let back = 0; back < 400; back++) {
        const date = new Date(Date.now() - back * 86_400_000);
        if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
        for (const [quote, rate] of Object.entries(EUR_RATES)) {
          insert.run(quote, date.toISOString().slice(0, 10), rate, now);
        }
      }
    })();
  } finally {
    database.close();
  }
}

async function chartsDrawn(): Promise<void> {
  for (const chart of CHARTS) {
    await page
      .locator(`[data-testid="${chart}"][data-rendered="true"]`)
      .waitFor({ timeout: 30_000 });
  }
}

async function openInsights(): Promise<void> {
  await page.getByTestId('nav-insights').click();
  await page.getByTestId('view-insights').waitFor();
  await chartsDrawn();
}

async function shot(name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(screenshots, `insights-${name}.png`), fullPage: true });
}

async function setSettings(patch: Partial<Settings>): Promise<void> {
  await callApi<Settings>(served, 'settings.update', patch);
}

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'silkroute-e2e-insights-'));
  runCli(['demo', '--data-dir', dataDir]);
  seedRates();
  served = await serve(dataDir);
  await setSettings({
    homeCurrency: 'USD',
    timeZone: 'Europe/Berlin',
    locale: 'en',
    theme: 'light',
  });
  browser = await launchChromium();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  // Tall enough for the cards to be seen together in the screenshots.
  await page.setViewportSize({ width: 1440, height: 2600 });
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

describe('the Insights view', () => {
  it('draws every chart with its table, totals as the engine computes them', async () => {
    await openInsights();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
      new Date(),
    );
    const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const sales = await callApi<SalesInsight>(served, 'insights.sales', {
      from,
      to: today,
      split: 'marketplace',
    });
    expect(sales.totals.orders).toBeGreaterThan(0);
    // Every demo currency has a rate: nothing is left out of the totals.
    expect(sales.conversion.unconverted).toEqual([]);
    const totals = await page.getByTestId('insights-sales-totals').textContent();
    expect(totals).toContain(new Intl.NumberFormat('en').format(sales.totals.orders));
    for (const card of [
      'insights-sales',
      'insights-skus',
      'insights-cover',
      'insights-returns',
      'insights-margin',
    ]) {
      expect(await page.getByTestId(card).locator('table').count()).toBeGreaterThan(0);
    }
    await shot('en');
    expect(pageErrors).toEqual([]);
  });

  it('exports a chart as a PNG file', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('chart-sales-png').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^sales-.*\.png$/);
    const path = join(dataDir, 'sales.png');
    await file.saveAs(path);
    // The PNG signature.
    expect([...readFileSync(path).subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  });

  it('shows the orders behind a number, and opens them in the orders view', async () => {
    // The first bucket is a whole day (today's may have just begun).
    await page.getByTestId('insights-sales').locator('table a').first().click();
    const drill = page.getByTestId('insights-drill');
    await drill.waitFor();
    await drill.locator('tbody tr').first().waitFor();
    expect(await drill.locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByTestId('insights-drill-open').click();
    await page.getByTestId('view-orders').waitFor();
    const hash = await page.evaluate<string>('window.location.hash');
    expect(hash).toMatch(/^#\/orders\?placedFrom=.+&placedTo=.+&status=to_ship/);
    // The orders view applies the linked filter, says so, and lets it go.
    const chip = page.getByTestId('orders-linked-filter');
    await chip.waitFor();
    const statuses = page.getByTestId('grid-row').locator('[data-column="status"]');
    await statuses.first().waitFor();
    const shown = await statuses.allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    const linked = new URLSearchParams(hash.split('?')[1]).getAll('status');
    const labels = linked.map((status) => ORDER_STATUS_LABELS[status]);
    for (const label of shown) expect(labels).toContain(label);
    await chip.getByRole('button').click();
    await chip.waitFor({ state: 'detached' });
    expect(await page.evaluate<string>('window.location.hash')).toBe('#/orders');
  });

  it('reads in 中文 and in the dark theme', async () => {
    await setSettings({ locale: 'zh-CN' });
    await openInsights();
    await expect
      .poll(() => page.getByTestId('insights-sales').locator('h2').textContent())
      .toBe('销售');
    await shot('zh-CN');
    await setSettings({ locale: 'en', theme: 'dark' });
    await openInsights();
    await expect
      .poll(() => page.evaluate<string>('document.documentElement.dataset.theme'))
      .toBe('dark');
    await shot('dark');
    expect(pageErrors).toEqual([]);
  });
});
