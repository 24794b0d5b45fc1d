/**
 * The spreadsheet round-trip in real Chromium against `silkroute serve` with the built-in Shopee
 * sandbox shop: export the listings view to CSV (the browser downloads it), change one listing's
 * quantity in the file, import it, see the preview (before → after, nothing written yet), apply,
 * and find the change held in the pending changes as one batch. Screenshots go to
 * artifacts/screenshots/sheets-*.png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Page as ResultPage,
  PendingChangeRow,
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

const runs = () => callApi<SyncRunSummary[]>(served, 'sync.runs', { limit: 20 });
const held = () =>
  callApi<ResultPage<PendingChangeRow>>(served, 'changes.pending', { states: ['held'] });

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'silkroute-e2e-sheets-'));
  served = await serve(dataDir, 60_000, { SILKROUTE_SANDBOX_SHOPS: 'shopee' });
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
  await page.getByTestId('nav-listings').click();
  await page.getByTestId('view-listings').waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('spreadsheet round-trip from the listings view', () => {
  it('exports, imports an edited file with a preview, and applies it as held changes', async () => {
    await page.getByTestId('sheet-export-open-listings').click();
    await page.getByTestId('sheet-export-dialog').waitFor();
    await page.getByTestId('sheet-format-csv').check();
    const downloading = page.waitForEvent('download');
    await page.getByTestId('sheet-export-run').click();
    const download = await downloading;
    const exported = join(dataDir, 'exported.csv');
    await download.saveAs(exported);
    await page.getByTestId('sheet-exported').waitFor();
    await page.screenshot({ path: join(screenshots, 'sheets-export.png') });
    await page.keyboard.press('Escape');

    const text = readFileSync(exported, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    expect(header).toContain('Listing ID');
    const quantity = header!.indexOf('Quantity');
    const row = rows.find((cells) => /^\d+$/.test(cells[quantity] ?? ''))!;
    const before = row[quantity]!;
    const after = String(Number(before) + 3);
    row[quantity] = after;
    const edited = join(dataDir, 'edited.csv');
    writeFileSync(edited, `\uFEFF${Papa.unparse([header!, ...rows])}`);
    const heldBefore = (await held()).total;

    await page.getByTestId('sheet-import-open-listings').click();
    await page.getByTestId('sheet-import-dialog').waitFor();
    await page.getByTestId('sheet-import-file').setInputFiles(edited);
    await page.getByTestId('sheet-import-summary').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sheet-import-summary').textContent()).toMatch(
      /1 with changes.*0 with errors/,
    );
    const changes = page.getByTestId('sheet-import-changes');
    expect(await changes.textContent()).toContain(before);
    expect(await changes.textContent()).toContain(after);
    // Previewed, not written.
    expect((await held()).total).toBe(heldBefore);
    await page.screenshot({ path: join(screenshots, 'sheets-preview.png') });

    await page.getByTestId('sheet-import-apply').click();
    await page.getByTestId('sheet-import-applied').waitFor();
    await expect.poll(async () => (await held()).total).toBe(heldBefore + 1);
    const job = (await held()).rows.find((change) => change.kind === 'listing.quantity');
    expect(job).toBeDefined();
    await page.screenshot({ path: join(screenshots, 'sheets-applied.png') });
    expect(pageErrors).toEqual([]);
  });
});
