/**
 * Settings → Backups in real Chromium against `silkroute serve` (issue 12): back up now, change
 * something, restore the backup through the confirmation, and the change is undone while the engine
 * keeps running; the state that was replaced is listed as a before-restore backup. Also: no token
 * of the sandbox shop appears in the page. Screenshot: artifacts/screenshots/backups-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupSummary, Settings, SyncRunSummary } from '../../src/shared/api/index.js';
import { launchChromium, type Browser } from './support/browser.js';
import { callApi, ensureBuilt, repoRoot, serve, type Served } from './support/silkroute.js';

const screenshots = join(repoRoot, 'artifacts', 'screenshots');
let dataDir = '';
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureBuilt();
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'silkroute-e2e-backups-'));
  served = await serve(dataDir, 60_000, { SILKROUTE_SANDBOX_SHOPS: 'shopee' });
  // The sandbox shop's first pull runs in the background: wait for it to finish.
  const deadline = Date.now() + 90_000;
  while (
    !(await callApi<SyncRunSummary[]>(served, 'sync.runs', { limit: 5 })).some(
      (run) => run.state !== 'running',
    )
  ) {
    if (Date.now() > deadline) throw new Error('the sandbox shop’s first pull did not finish');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  browser = await launchChromium();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(served.url);
  await page.getByTestId('view-inventory').waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('Settings → Backups', () => {
  it('backs up, restores through the confirmation, and the running engine shows the restored data', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('backups-panel').waitFor();
    const before = await callApi<Settings>(served, 'settings.get');

    await page.getByTestId('backup-now').click();
    await page.getByTestId('backup-notice').waitFor();
    await expect.poll(() => page.getByTestId('backup-row').count()).toBeGreaterThanOrEqual(1);
    const [made] = (await callApi<BackupSummary[]>(served, 'backups.list')).filter(
      (entry) => entry.reason === 'manual',
    );
    expect(made?.integrity).toBe('ok');

    const changed = before.syncSchedule === '15 6 * * *' ? '45 5 * * *' : '15 6 * * *';
    await callApi<Settings>(served, 'settings.update', { syncSchedule: changed });
    expect((await callApi<Settings>(served, 'settings.get')).syncSchedule).toBe(changed);

    const rows = await callApi<BackupSummary[]>(served, 'backups.list');
    const row = page
      .getByTestId('backup-row')
      .nth(rows.findIndex((entry) => entry.file === made!.file));
    await row.getByRole('button').click();
    await page.getByTestId('backup-confirm').waitFor();
    await page.screenshot({ path: join(screenshots, 'backups-confirm.png') });
    await page.getByTestId('backup-confirm-restore').click();
    await expect
      .poll(async () => (await callApi<Settings>(served, 'settings.get')).syncSchedule, {
        timeout: 30_000,
      })
      .toBe(before.syncSchedule);
    await page.getByTestId('backup-notice').waitFor();
    const after = await callApi<BackupSummary[]>(served, 'backups.list');
    expect(after.some((entry) => entry.reason === 'before-restore')).toBe(true);
    await expect.poll(() => page.getByTestId('backup-row').count()).toBe(after.length);
    await page.screenshot({ path: join(screenshots, 'backups-restored.png') });
    expect(pageErrors).toEqual([]);
  });
});
