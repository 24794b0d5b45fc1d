/**
 * The listings workbench in real Chromium against `silkroute serve` with the built-in Shopee
 * sandbox shop: the bulk flow (filter, raise 500 prices by 5 % to the .99 ending, review the
 * diff, push, per-item results, revert) and the conflict flow (edit a price offline, the seller
 * changes it in Seller Centre, sync, keep mine, push), each checked against the simulated shop.
 *
 * `serve` runs in this process (runServe, the command's own code, with the composed engine) so
 * the test can reach the simulated shop's control surface, which the CLI keeps to itself: its
 * Seller Centre edit is how "changed on the marketplace" happens. The shop is larger than the
 * default (300 items: about 680 listings) so that 500 active listings exist, and its rate limit
 * is raised so a push of 500 prices takes seconds. Screenshots go to artifacts/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServe } from '../../src/cli/commands/serve.js';
import { createSandboxShops, openComposedEngine } from '../../src/cli/engine-compose.js';
import type { LocalEngine } from '../../src/engine/service/engine.js';
import { qb } from '../../src/engine/store/compiler.js';
import type { ShopeeSandbox } from '../../src/sandbox/index.js';
import type {
  ChangesSummary,
  PendingChangeRow,
  Page as ResultPage,
  SyncRunSummary,
  WorkbenchListingRow,
} from '../../src/shared/api/index.js';
import { launchChromium, type Browser } from './support/browser.js';
import { callApi, ensureBuilt, repoRoot, type Served } from './support/silkroute.js';

const screenshots = join(repoRoot, 'artifacts', 'screenshots');
const isMetaFrameAncestorsNotice = (text: string) => text.includes("'frame-ancestors'");

let dataDir = '';
let served: Served;
let engine: LocalEngine | undefined;
let sandbox: ShopeeSandbox | undefined;
let browser: Browser;
let page: Page;
let stopServer: (signal: string) => void = () => undefined;
let serving: Promise<number> | undefined;
const pageErrors: string[] = [];

/** Starts `serve` in this process and resolves with its printed address. */
function serveInProcess(): Promise<Served> {
  const stopSignal = new Promise<string>((resolve) => {
    stopServer = resolve;
  });
  return new Promise<Served>((resolve, reject) => {
    serving = runServe(
      {
        dataDir,
        port: 0,
        rendererDir: join(repoRoot, 'dist', 'renderer'),
        stopSignal,
        openEngine: (options) => {
          engine = openComposedEngine(
            { ...options, holder: 'e2e-workbench' },
            createSandboxShops({
              // The flows work on the Shopee shop; the other marketplaces' shops are not needed.
              marketplaces: ['shopee'],
              shopee: { items: 300, rateLimit: { requestsPerSecond: 200, burst: 50 } },
              onShopeeStarted: (started) => {
                sandbox = started;
              },
            }),
          );
          return engine;
        },
      },
      {
        out: (line) => {
          const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(line);
          if (!match?.[1]) return;
          const url = new URL(match[1]);
          resolve({
            url: match[1],
            origin: url.origin,
            token: url.searchParams.get('token') ?? '',
            stop: async () => {
              stopServer('SIGTERM');
              await serving;
            },
          });
        },
        err: () => undefined,
      },
    );
    serving.catch(reject);
  });
}

/** The marketplace's ids of a listing, read from the engine's store (the contract omits the variant id). */
function remoteKeyOf(listingId: number): { remoteId: string; remoteVariantId: string } {
  if (!engine) throw new Error('the engine did not start');
  const row = engine.store.read((r) =>
    r.first(
      qb
        .selectFrom('listings')
        .select(['remote_id', 'remote_variant_id'])
        .where('id', '=', listingId),
    ),
  );
  if (!row) throw new Error(`listing ${listingId} does not exist`);
  return { remoteId: row.remote_id, remoteVariantId: row.remote_variant_id };
}

const shop = (): ShopeeSandbox => {
  if (!sandbox) throw new Error('the sandbox shop did not start');
  return sandbox;
};

/** The shop's price of a listing (item or model), in cents. */
function shopPrice(remoteId: string, remoteVariantId: string): number {
  const item = shop()
    .groundTruth()
    .items.find((entry) => String(entry.item_id) === remoteId);
  if (!item) throw new Error(`the shop has no item ${remoteId}`);
  if (!remoteVariantId) return item.price_cents;
  const model = item.models.find((entry) => String(entry.model_id) === remoteVariantId);
  if (!model) throw new Error(`item ${remoteId} has no model ${remoteVariantId}`);
  return model.price_cents;
}

/** +5 %, rounded half up, then up to the next x.99 (what the bulk edit is asked for). */
function raisedTo99(cents: number): number {
  const raised = Math.floor((cents * 105 + 50) / 100);
  const below = Math.floor((raised - 99) / 100) * 100 + 99;
  return below >= raised ? below : below + 100;
}

async function waitForBatch(batchId: number, timeoutMs = 60_000): Promise<ChangesSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const summary = await callApi<ChangesSummary>(served, 'changes.summary', { limit: 50 });
    const batch = summary.batches.find((entry) => entry.id === batchId);
    const open = batch ? batch.jobs.held + batch.jobs.pending + batch.jobs.in_flight : 1;
    if (open === 0) return summary;
    if (Date.now() > deadline) {
      const stuck = await callApi<ResultPage<PendingChangeRow>>(served, 'changes.pending', {
        batchIds: [batchId],
        states: ['held', 'pending', 'in_flight'],
        limit: 5,
      });
      const detail = stuck.rows.map((row) => `${row.state} ×${row.attempts}: ${row.message}`);
      throw new Error(`batch ${batchId} still has ${open} jobs open (${detail.join('; ')})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function waitForIdleSync(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const runs = await callApi<SyncRunSummary[]>(served, 'sync.runs', { limit: 1 });
    if (runs[0]?.state !== 'running') return;
    if (Date.now() > deadline) throw new Error('the sync run did not finish');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Other simulated shops may sell the same SKUs: both flows work on the Shopee shop's listings. */
async function chooseShopee(): Promise<void> {
  await page.getByRole('combobox', { name: 'Marketplace', exact: true }).selectOption('shopee');
}

async function openListings(): Promise<void> {
  await page.getByTestId('nav-listings').click();
  await page.getByTestId('view-listings').waitFor();
  await page.getByTestId('tab-grid').click();
  await page.getByTestId('grid-row').first().waitFor({ timeout: 20_000 });
}

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'silkroute-e2e-workbench-'));
  served = await serveInProcess();
  // The sandbox shop's first pull runs in the background after it is added (and a first sync may
  // follow it): the flows start on a quiet engine.
  await engine?.idle();
  await waitForIdleSync();
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

describe('the listings workbench against the sandbox shop', () => {
  it('bulk flow: raises 500 prices by 5 % to .99, shows the diff, pushes, reverts', async () => {
    await openListings();
    const grid = page.getByRole('grid');
    await chooseShopee();
    await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('active');
    const active = await callApi<ResultPage<WorkbenchListingRow>>(served, 'listings.grid', {
      filter: { marketplaces: ['shopee'], statuses: ['active'] },
      limit: 1,
    });
    expect(active.total).toBeGreaterThanOrEqual(500);
    await expect
      .poll(() => page.locator('.grid-footer').textContent())
      .toContain(active.total.toLocaleString('en-US'));

    // Click the first row, then Shift+click the 500th.
    await grid.locator('[aria-rowindex="2"] [role="gridcell"]').nth(2).click();
    await grid.evaluate((element: { scrollTop: number }) => {
      element.scrollTop = 499 * 28 - 200;
    });
    const last = grid.locator('[aria-rowindex="501"] [role="gridcell"]').nth(2);
    await last.waitFor();
    await last.click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('500 selected');

    await page.getByTestId('bulk-price').click();
    const dialog = page.getByTestId('bulk-dialog');
    await dialog.getByTestId('bulk-value').fill('5');
    await dialog.getByTestId('bulk-ending').selectOption('charm');
    await dialog.getByTestId('bulk-direction').selectOption('up');
    await expect
      .poll(() => dialog.getByTestId('bulk-preview-counts').textContent(), { timeout: 10_000 })
      .toContain('500 selected: 500 will change');
    await page.screenshot({ path: join(screenshots, 'workbench-bulk-preview-en.png') });
    await dialog.getByTestId('bulk-apply').click();
    await expect
      .poll(() => page.getByTestId('workbench-notice').textContent())
      .toContain('500 changes saved');

    // Review the diff: 500 held jobs, each after = before + 5 % up to .99.
    await page.getByTestId('review-pending').click();
    await page.getByTestId('workbench-pending').waitFor();
    await page.getByTestId('pending-batch').first().waitFor();
    const pending = await callApi<ResultPage<PendingChangeRow>>(served, 'changes.pending', {
      states: ['held'],
      limit: 500,
    });
    expect(pending.total).toBe(500);
    const batchId = pending.rows[0]!.batchId!;
    for (const row of pending.rows) {
      expect(row.batchId).toBe(batchId);
      const [change] = row.changes;
      expect(change?.field).toBe('priceMinor');
      expect(change?.after).toBe(raisedTo99(change?.before as number));
    }
    await expect
      .poll(() => page.getByTestId('pending-after').first().textContent())
      .toMatch(/\.99$/);
    await page.screenshot({ path: join(screenshots, 'workbench-pending-en.png') });

    // Push: every item's result shows, and the shop has the new prices.
    await page.getByTestId('push-batch').first().click();
    const pushed = await waitForBatch(batchId);
    const batch = pushed.batches.find((entry) => entry.id === batchId)!;
    expect(batch.jobs.done).toBe(500);
    expect(batch.jobs.failed).toBe(0);
    await expect
      .poll(() => page.locator('[data-testid="pending-state"][data-state="done"]').count())
      .toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshots, 'workbench-push-results-en.png') });
    const results = await callApi<ResultPage<PendingChangeRow>>(served, 'changes.pending', {
      batchIds: [batchId],
      states: ['done'],
      limit: 500,
    });
    expect(results.total).toBe(500);
    for (const row of results.rows.slice(0, 50)) {
      const key = remoteKeyOf(row.listingId);
      expect(shopPrice(key.remoteId, key.remoteVariantId)).toBe(row.changes[0]!.after);
    }

    // Revert the batch and push the revert: the shop is back to the old prices.
    await page.getByTestId('revert-batch').first().click();
    await expect
      .poll(() => page.getByTestId('workbench-notice').textContent())
      .toContain('500 fields put back');
    await page.getByTestId('push-all').click();
    const summary = await callApi<ChangesSummary>(served, 'changes.summary', { limit: 5 });
    const revertBatch = summary.batches.find((entry) => entry.label.startsWith('Revert:'))!;
    await waitForBatch(revertBatch.id);
    for (const row of results.rows.slice(0, 50)) {
      const key = remoteKeyOf(row.listingId);
      expect(shopPrice(key.remoteId, key.remoteVariantId)).toBe(row.changes[0]!.before);
    }
    await page.screenshot({ path: join(screenshots, 'workbench-reverted-en.png') });
    expect(pageErrors).toEqual([]);
  });

  it('conflict flow: an offline price edit meets a Seller Centre change, keep mine, push', async () => {
    await openListings();
    const rows = await callApi<ResultPage<WorkbenchListingRow>>(served, 'listings.grid', {
      filter: { marketplaces: ['shopee'], statuses: ['active'], syncStates: ['synced'] },
      limit: 50,
    });
    const target = rows.rows.find((row) => row.price.amountMinor > 500)!;
    const remoteVariant = remoteKeyOf(target.id).remoteVariantId;
    const mine = target.price.amountMinor + 111;
    const theirs = target.price.amountMinor + 222;

    // Offline: edit the price in the grid (the change waits, held, for a push).
    await chooseShopee();
    await page.getByRole('searchbox').fill(target.sku);
    await expect.poll(() => page.getByTestId('grid-row').count()).toBe(1);
    const priceCell = page.getByTestId('grid-row').first().locator('[data-column="price"]');
    await priceCell.dblclick();
    const editor = page.locator('.grid-editor');
    await editor.fill((mine / 100).toFixed(2));
    await editor.press('Enter');
    await expect.poll(() => priceCell.textContent()).toContain((mine / 100).toFixed(2));

    // On the marketplace: the seller changes the same price in Seller Centre.
    shop().control.sellerEdit(Number(target.remoteId), {
      price_cents: theirs,
      ...(remoteVariant ? { modelId: Number(remoteVariant) } : {}),
    });

    // Sync: the pull finds both sides changed the price.
    await callApi(served, 'sync.run', {});
    await waitForIdleSync();
    await page.getByTestId('tab-conflicts').click();
    const row = page.getByTestId('conflict-row').filter({ hasText: target.sku });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('conflict-mine').textContent()).toContain((mine / 100).toFixed(2));
    expect(await row.getByTestId('conflict-theirs').textContent()).toContain(
      (theirs / 100).toFixed(2),
    );
    await page.screenshot({ path: join(screenshots, 'workbench-conflict-en.png') });

    // Settle: keep mine, push, and the shop shows my price.
    await row.getByTestId('keep-mine').click();
    await expect
      .poll(() => page.getByTestId('conflict-row').filter({ hasText: target.sku }).count())
      .toBe(0);
    await page.getByTestId('conflicts-push').click();
    await waitForIdleSync();
    await expect
      .poll(() => shopPrice(target.remoteId, remoteVariant), { timeout: 30_000 })
      .toBe(mine);
    const after = await callApi<{ syncState: string }>(served, 'listings.get', { id: target.id });
    expect(after.syncState).toBe('synced');
    expect(pageErrors).toEqual([]);
  });

  it('speaks 中文 on every tab: tabs, toolbars, buttons, headers and dialogs', async () => {
    await callApi(served, 'settings.update', { locale: 'zh-CN' });
    await openListings();
    await expect.poll(() => page.getByTestId('tab-grid').textContent()).toBe('刊登列表');
    // Words the UI keeps as they are in every language: codes, brands, key names.
    const kept = /^(SKU|Shopee|Ctrl|Shift|Alt|Esc|Enter|Tab|Space|PgUp|PgDn|Home|End|[A-Z]{3})$/;
    const english = async () => {
      const texts = await page
        .getByTestId('view-listings')
        .locator(
          '[role="tab"], button:visible, [role="columnheader"], th, label:visible, option:checked, [data-testid="help-overlay"] td',
        )
        .allTextContents();
      return texts.flatMap((text) =>
        (text.match(/[A-Za-z]{3,}/g) ?? []).filter((word) => !kept.test(word)),
      );
    };
    expect(await english()).toEqual([]);
    await page.screenshot({ path: join(screenshots, 'workbench-grid-zh-CN.png') });
    await page.getByTestId('grid-row').first().locator('[role="gridcell"]').nth(2).click();
    await page.getByTestId('bulk-price').click();
    await page.getByTestId('bulk-dialog').waitFor();
    expect(await english()).toEqual([]);
    await page.screenshot({ path: join(screenshots, 'workbench-bulk-dialog-zh-CN.png') });
    await page.keyboard.press('Escape');
    for (const tab of ['pending', 'conflicts'] as const) {
      await page.getByTestId(`tab-${tab}`).click();
      await page.getByTestId(`workbench-${tab}`).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await english()).toEqual([]);
      await page.screenshot({ path: join(screenshots, `workbench-${tab}-zh-CN.png`) });
    }
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').waitFor();
    expect(await english()).toEqual([]);
    await page.screenshot({ path: join(screenshots, 'workbench-help-zh-CN.png') });
    await page.keyboard.press('Escape');
    await callApi(served, 'settings.update', { locale: 'en' });
    await expect.poll(() => page.getByTestId('tab-grid').textContent()).toBe('Listings');
    expect(pageErrors).toEqual([]);
  });
});
