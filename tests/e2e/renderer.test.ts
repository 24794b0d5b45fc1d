/**
 * The renderer in real Chromium against the real `silkroute serve` on a fresh demo data folder:
 * every view opens and shows the engine's data, the grid pages and answers the keyboard, and the
 * language switches to 中文 and back (persisting through settings.update). Screenshots of every
 * view in each language (and in the dark theme) go to artifacts/screenshots/ for review.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AppInfo,
  ListingDetail,
  ListingRow,
  Page as ResultPage,
} from '../../src/shared/api/index.js';
import { launchChromium, type Browser } from './support/browser.js';
import { callApi, ensureBuilt, repoRoot, runCli, serve, type Served } from './support/silkroute.js';

const VIEWS = [
  'inventory',
  'listings',
  'orders',
  'translations',
  'sync',
  'accounts',
  'settings',
] as const;
type View = (typeof VIEWS)[number];

/** Views whose grid must show rows of the demo seller. */
const GRID_VIEWS: readonly View[] = ['inventory', 'listings', 'orders', 'accounts'];

const NAV_TEXT = {
  en: {
    inventory: 'Inventory',
    listings: 'Listings',
    orders: 'Orders',
    translations: 'Translations',
    sync: 'Sync',
    accounts: 'Accounts',
    settings: 'Settings',
  },
  'zh-CN': {
    inventory: '库存',
    listings: '商品刊登',
    orders: '订单',
    translations: '翻译',
    sync: '同步',
    accounts: '店铺账号',
    settings: '设置',
  },
} as const;

const screenshots = join(repoRoot, 'artifacts', 'screenshots');
const isMetaFrameAncestorsNotice = (text: string) => text.includes("'frame-ancestors'");

let dataDir = '';
let served: Served;
let browser: Browser;
let page: Page;
let info: AppInfo;
const pageErrors: string[] = [];

async function openView(view: View): Promise<void> {
  await page.getByTestId(`nav-${view}`).click();
  await page.getByTestId(`view-${view}`).waitFor();
  if (GRID_VIEWS.includes(view)) {
    await page.getByTestId('grid-row').first().waitFor({ timeout: 20_000 });
  }
  // Let relative times, badges and the detail of a just-loaded page settle before a screenshot.
  await page.waitForLoadState('networkidle');
}

async function chooseSetting(testId: string, value: string): Promise<void> {
  await openView('settings');
  await page.getByTestId(testId).selectOption(value);
}

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'silkroute-e2e-data-'));
  runCli(['demo', '--data-dir', dataDir]);
  served = await serve(dataDir);
  info = await callApi<AppInfo>(served, 'app.info');
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

describe('the renderer against silkroute serve', () => {
  it('drops the access token from the address bar', () => {
    expect(page.url()).not.toContain('token=');
  });

  it('has demo data to show', () => {
    expect(info.counts.skus).toBeGreaterThan(0);
    expect(info.counts.listings).toBeGreaterThan(0);
    expect(info.counts.orders).toBeGreaterThan(0);
    expect(info.counts.accounts).toBeGreaterThan(0);
  });

  it('opens every view with the engine’s data, in English', async () => {
    for (const view of VIEWS) {
      await openView(view);
      await expect
        .poll(() => page.getByTestId(`nav-${view}`).textContent())
        .toContain(NAV_TEXT.en[view]);
      await page.screenshot({ path: join(screenshots, `${view}-en.png`) });
    }
    expect(pageErrors).toEqual([]);
  });

  it('shows the engine’s row counts and marks sandbox-only data on every screen alike', async () => {
    await openView('listings');
    const footer = page.locator('.grid-footer');
    await expect
      .poll(() => footer.textContent())
      .toContain(info.counts.listings.toLocaleString('en-US'));
    const grid = page.getByRole('grid');
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(info.counts.listings + 1));
    // Only the rows on screen exist in the page, never the whole result.
    expect(await page.getByTestId('grid-row').count()).toBeLessThan(120);

    for (const view of VIEWS) {
      await openView(view);
      expect(await page.getByTestId('sandbox-badge').count()).toBe(info.sandboxOnly ? 1 : 0);
    }
  });

  it('moves through the grid with the keyboard and opens a detail with Enter', async () => {
    await openView('orders');
    const grid = page.getByRole('grid');
    await grid.focus();
    await page.keyboard.press('Control+End');
    await expect
      .poll(() => grid.getAttribute('aria-activedescendant'))
      .toMatch(new RegExp(`-r${info.counts.orders - 1}-c0$`));
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => grid.getAttribute('aria-activedescendant')).toMatch(/-r1-c1$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('order-detail').waitFor();
    await expect
      .poll(() => page.getByTestId('order-detail').locator('h2').textContent())
      .toBeTruthy();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('order-detail').count()).toBe(0);
  });

  it('edits a listing inline and shows a change made elsewhere without a reload', async () => {
    await openView('listings');
    const page1 = await callApi<ResultPage<ListingRow>>(served, 'listings.query', { limit: 1 });
    const first = page1.rows[0];
    if (!first) throw new Error('the demo seller has no listings');
    const row = page.getByTestId('grid-row').first();
    const quantityCell = row.locator('[role="gridcell"][data-column="quantity"]');
    await expect.poll(() => row.locator('[role="gridcell"]').nth(2).textContent()).toBe(first.sku);
    await row.click();
    const detail = page.getByTestId('listing-detail');
    await expect.poll(() => detail.locator('h2').textContent()).toBe(first.sku);

    // A value the form refuses never reaches the engine.
    await page.getByTestId('edit-price').fill('abc');
    await detail.getByRole('button', { name: 'Save change' }).click();
    await expect.poll(() => detail.locator('.field-error').textContent()).toContain('amount');

    const quantity = first.quantity + 7;
    await page.getByTestId('edit-price').fill('');
    await detail.getByRole('button', { name: 'Discard' }).click();
    await page.getByTestId('edit-quantity').fill(String(quantity));
    await detail.getByRole('button', { name: 'Save change' }).click();
    await expect.poll(() => detail.getByRole('status').first().textContent()).toContain('Saved');
    await expect.poll(() => quantityCell.textContent()).toBe(quantity.toLocaleString('en-US'));
    const saved = await callApi<ListingDetail>(served, 'listings.get', { id: first.id });
    expect(saved.quantity).toBe(quantity);

    // Another client edits the same listing: data.changed refreshes the grid and the open detail.
    await callApi(served, 'listings.update', {
      id: first.id,
      baseVersion: saved.localVersion,
      changes: { title: `${saved.title} (edited elsewhere)` },
    });
    await expect
      .poll(() => page.getByTestId('edit-title').inputValue())
      .toBe(`${saved.title} (edited elsewhere)`);
    await expect
      .poll(() => row.locator('[role="gridcell"]').nth(3).textContent())
      .toContain('(edited elsewhere)');
    expect(pageErrors).toEqual([]);
  });

  it('switches to 中文 at once, keeps it after a reload, and switches back', async () => {
    await chooseSetting('language-select', 'zh-CN');
    await expect.poll(() => page.getByTestId('nav-inventory').textContent()).toContain('库存');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    await page.reload();
    await page.getByTestId('view-settings').waitFor();
    await expect.poll(() => page.getByTestId('nav-settings').textContent()).toContain('设置');

    for (const view of VIEWS) {
      await openView(view);
      await expect
        .poll(() => page.getByTestId(`nav-${view}`).textContent())
        .toContain(NAV_TEXT['zh-CN'][view]);
      await page.screenshot({ path: join(screenshots, `${view}-zh-CN.png`) });
    }
    await openView('listings');
    await expect.poll(() => page.locator('.grid-footer').textContent()).toMatch(/^共 [\d,]+ 行/);

    await chooseSetting('language-select', 'en');
    await expect.poll(() => page.getByTestId('nav-inventory').textContent()).toContain('Inventory');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(pageErrors).toEqual([]);
  });

  it('paints the dark theme when chosen and back to light', async () => {
    await chooseSetting('theme-select', 'dark');
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    for (const view of VIEWS) {
      await openView(view);
      await page.screenshot({ path: join(screenshots, `${view}-en-dark.png`) });
    }
    // A string expression: this project compiles without DOM types.
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(background).not.toBe('rgb(243, 244, 246)');
    await chooseSetting('theme-select', 'light');
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('light');
    expect(pageErrors).toEqual([]);
  });

  // Last: it stops the server.
  it('says so, without blocking the window, when the engine goes away', async () => {
    await openView('orders');
    await served.stop();
    const banner = page.getByTestId('connection-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toContain('Engine disconnected, reconnecting');
    await page.screenshot({ path: join(screenshots, 'disconnected-en.png') });
    // The rows already on screen stay readable and the navigation still works.
    expect(await page.getByTestId('grid-row').count()).toBeGreaterThan(0);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('view-settings').waitFor();
  });
});
