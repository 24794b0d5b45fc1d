/**
 * The translations view in real Chromium against `silkroute serve` on demo data (a Shenzhen
 * seller: zh-CN master SKUs listed on Amazon.de and other sites): select two missing German
 * texts, translate them with the sandbox translator (estimate, then what was spent), open one,
 * review it beside its source, publish it, and find its change waiting in the outbox as held.
 * Screenshots go to artifacts/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ChangesSummary,
  Page as ResultPage,
  TranslationRow,
} from '../../src/shared/api/index.js';
import { launchChromium, type Browser } from './support/browser.js';
import { callApi, ensureBuilt, repoRoot, runCli, serve, type Served } from './support/silkroute.js';

const screenshots = join(repoRoot, 'artifacts', 'screenshots');
const isMetaFrameAncestorsNotice = (text: string) => text.includes("'frame-ancestors'");

let dataDir = '';
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'silkroute-e2e-translate-'));
  runCli(['demo', '--data-dir', dataDir]);
  served = await serve(dataDir);
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

describe('translate, review and publish in the translations view', () => {
  it('translates selected rows with the sandbox translator, reviews one and publishes it', async () => {
    // Opening the view stores the missing texts of listings whose master SKU is in zh-CN.
    await page.getByTestId('nav-translations').click();
    await page.getByTestId('view-translations').waitFor();
    const missingGerman = async () =>
      (
        await callApi<ResultPage<TranslationRow>>(served, 'translations.query', {
          locale: 'de-DE',
          states: ['missing'],
          marketplaces: ['amazon'],
          limit: 5,
        })
      ).total;
    await expect.poll(missingGerman).toBeGreaterThan(1);

    await page
      .getByLabel('Language, e.g. de-DE')
      .or(page.getByPlaceholder('Language, e.g. de-DE'))
      .first()
      .fill('de-DE');
    await page.getByTestId('grid-row').first().waitFor({ timeout: 20_000 });
    const rows = page.getByTestId('grid-row');
    // The filter applies once typed: wait until the grid shows only German rows.
    await expect.poll(() => rows.nth(0).textContent()).toContain('de-DE');
    await expect.poll(() => rows.nth(1).textContent()).toContain('de-DE');
    await rows
      .nth(0)
      .locator('[role="gridcell"]')
      .nth(1)
      .click({ modifiers: ['Control'] });
    await rows
      .nth(1)
      .locator('[role="gridcell"]')
      .nth(1)
      .click({ modifiers: ['Control'] });
    await page.screenshot({ path: join(screenshots, 'translations-selected.png') });
    await expect.poll(() => page.getByTestId('translate-selected').textContent()).toContain('(2)');

    await page.getByTestId('translate-selected').click();
    const estimate = page.getByTestId('estimate-characters');
    await estimate.waitFor({ timeout: 20_000 });
    expect(Number((await estimate.textContent())?.replace(/\D/g, ''))).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshots, 'translations-estimate.png') });
    await page.getByTestId('translate-start').click();
    const spent = page.getByTestId('spent-characters');
    await spent.waitFor({ timeout: 30_000 });
    expect(Number((await spent.textContent())?.replace(/\D/g, ''))).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshots, 'translations-spent.png') });
    await page.getByTestId('translate-close').click();

    const translated = await callApi<ResultPage<TranslationRow>>(served, 'translations.query', {
      locale: 'de-DE',
      states: ['machine'],
      limit: 10,
    });
    expect(translated.total).toBe(2);
    const target = translated.rows[0]!;

    await page.getByPlaceholder('Search SKU or title').fill(target.sku);
    await expect.poll(() => page.getByTestId('grid-row').count()).toBe(1);
    await page.getByTestId('grid-row').first().locator('[role="gridcell"]').nth(2).click();
    const panel = page.getByTestId('translation-panel');
    await panel.waitFor();
    await expect
      .poll(() => panel.getByTestId('source-title').textContent())
      .toBe(target.sourceTitle);
    await expect.poll(() => panel.getByTestId('target-title').inputValue()).toBe(target.title);
    await panel.getByTestId('target-title').fill(`${target.title} (geprüft)`);
    await panel.getByTestId('save-reviewed').click();
    await expect
      .poll(
        async () =>
          (
            await callApi<ResultPage<TranslationRow>>(served, 'translations.query', {
              locale: 'de-DE',
              states: ['reviewed'],
            })
          ).total,
      )
      .toBe(1);
    await page.screenshot({ path: join(screenshots, 'translations-review.png') });

    const before = await callApi<ChangesSummary>(served, 'changes.summary', { limit: 10 });
    await panel.getByTestId('publish-text').click();
    // Publishing first reads the listing's title limit (an Amazon product type's may need a
    // call); under a loaded machine that takes more than the default second.
    const notice = panel.getByTestId('publish-message');
    await notice.waitFor({ timeout: 20_000 });
    // Read once it is there, so a refusal shows its own words in the failure.
    expect(await notice.textContent()).toContain('Published 1');
    const summary = await callApi<ChangesSummary>(served, 'changes.summary', { limit: 10 });
    expect(summary.jobs.held - before.jobs.held).toBe(1);
    const published = await callApi<ResultPage<TranslationRow>>(served, 'translations.query', {
      locale: 'de-DE',
      states: ['published'],
    });
    expect(published.rows.map((row) => row.title)).toEqual([`${target.title} (geprüft)`]);
    await page.screenshot({ path: join(screenshots, 'translations-published.png') });
    expect(pageErrors).toEqual([]);
  });
});
