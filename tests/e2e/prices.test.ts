/**
 * The Prices view in real Chromium against `silkroute serve` on the built-in Shopee sandbox shop,
 * with both rate sources faked on 127.0.0.1 (src/sandbox/fx): refresh the rates and see each with
 * its source and date, enter a manual rate, then write a price rule, preview it and apply it —
 * the new prices land as ONE held change batch in the pending changes, nothing pushed.
 * Screenshots go to artifacts/screenshots/prices-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDaysBack } from '../../src/sandbox/fx/calendar.js';
import { FX_SANDBOX_API_KEY, startFxSandbox, type FxSandbox } from '../../src/sandbox/fx/index.js';
import type {
  AccountSummary,
  ChangesSummary,
  Page as ResultPage,
  SkuRow,
  SyncRunSummary,
} from '../../src/shared/api/index.js';
import { launchChromium, type Browser } from './support/browser.js';
import { callApi, ensureBuilt, repoRoot, serve, type Served } from './support/silkroute.js';

const screenshots = join(repoRoot, 'artifacts', 'screenshots');
const isMetaFrameAncestorsNotice = (text: string) => text.includes("'frame-ancestors'");

let dataDir = '';
let fx: FxSandbox;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(screenshots, `prices-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(screenshots, { recursive: true });
  fx = await startFxSandbox();
  dataDir = mkdtempSync(join(tmpdir(), 'silkroute-e2e-prices-'));
  served = await serve(dataDir, 60_000, {
    SILKROUTE_SANDBOX_SHOPS: 'shopee',
    SILKROUTE_FX_ECB_URL: fx.ecbDailyUrl,
    SILKROUTE_FX_PROVIDER_URL: fx.providerUrl,
    SILKROUTE_FX_API_KEY: FX_SANDBOX_API_KEY,
  });
  const deadline = Date.now() + 90_000;
  const finished = async () =>
    (await callApi<SyncRunSummary[]>(served, 'sync.runs', { limit: 5 })).some(
      (run) => run.state !== 'running',
    );
  while (!(await finished())) {
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
  await page.getByTestId('nav-prices').click();
  await page.getByTestId('view-prices').waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await fx?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('prices', () => {
  it('refreshes the rates and shows each with its source and date; takes a manual rate', async () => {
    await page.getByTestId('fx-refresh').click();
    const outcomes = page.getByTestId('fx-outcomes');
    await outcomes.waitFor();
    await expect.poll(() => outcomes.textContent()).toContain('openexchangerates');
    const day = businessDaysBack(new Date().toISOString().slice(0, 10), 7)[0]!;
    const rates = page.getByTestId('fx-rates');
    const usd = rates.locator('tr', { hasText: 'EUR → USD' });
    await expect.poll(() => usd.textContent()).toContain(fx.ecbRate('USD', day));
    expect(await usd.textContent()).toContain('ecb');
    expect(await usd.textContent()).toContain(day);
    const twd = rates.locator('tr', { hasText: 'USD → TWD' });
    expect(await twd.textContent()).toContain('openexchangerates');

    await page.getByTestId('manual-base').selectOption('USD');
    await page.getByTestId('manual-quote').selectOption('PEN');
    await page.getByTestId('manual-rate').fill('3.7512');
    await page.getByTestId('manual-save').click();
    const pen = rates.locator('tr', { hasText: 'USD → PEN' });
    await pen.waitFor();
    expect(await pen.textContent()).toContain('3.7512');
    expect(await pen.textContent()).toContain('manual');
    await shot('rates');
  });

  it('previews a rule and applies it as pending changes, nothing pushed', async () => {
    const [shop] = await callApi<AccountSummary[]>(served, 'accounts.list');
    expect(shop?.marketplace).toBe('shopee');
    // Sandbox products come without costs: price them from a SKU price of 5.00 USD.
    const skus = await callApi<ResultPage<SkuRow>>(served, 'catalog.listSkus', { limit: 500 });
    for (const sku of skus.rows) {
      await callApi(served, 'priceRules.setSkuPrice', {
        productId: sku.id,
        price: { amountMinor: 500, currency: 'USD' },
      });
    }
    const before = await callApi<ChangesSummary>(served, 'changes.summary', {});

    await page.getByTestId('rule-new').click();
    await page.getByTestId('rule-name').fill('Shopee sandbox');
    await page.getByTestId('rule-account').selectOption(String(shop!.id));
    await page.getByTestId('rule-base').selectOption('sku_price');
    await page.getByTestId('rule-markup').fill('40');
    await page.getByTestId('rule-fee').fill('8');
    await page.getByTestId('rule-min-margin').fill('');
    await page.getByTestId('rule-save').click();

    const preview = page.getByTestId('rule-preview');
    await preview.waitFor();
    const counts = page.getByTestId('preview-counts');
    await expect.poll(() => counts.textContent()).toMatch(/\d+ to change/);
    const changed = Number(/(\d+) to change/.exec((await counts.textContent()) ?? '')?.[1]);
    expect(changed).toBeGreaterThan(0);
    await shot('preview');

    await page.getByTestId('rule-apply').click();
    const outcome = page.getByTestId('apply-outcome');
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain(`${changed} prices changed`);
    await shot('applied');

    const after = await callApi<ChangesSummary>(served, 'changes.summary', {});
    expect(after.jobs.held - before.jobs.held).toBe(changed);
    expect(after.jobs.pending).toBe(before.jobs.pending);
    expect(after.batches[0]?.label).toContain('Shopee sandbox');
    expect(pageErrors).toEqual([]);
  });
});
