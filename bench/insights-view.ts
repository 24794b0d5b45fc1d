/**
 * The Insights view's time to interactive in headless Chromium against the built `silkroute serve`
 * on the benchmark data folder: from the hash change that opens the view until all five charts
 * have drawn their data (each sets data-rendered once ECharts reports 'finished'), measured inside
 * the page. The first opening loads the view's code (ECharts is split off); later ones are warm.
 * The period is given in the address, since the data set's orders lie in 2025.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { percentile } from './stats.js';

const CHARTS = ['chart-sales', 'chart-skus', 'chart-cover', 'chart-returns', 'chart-margin'];

function serve(dataDir: string): Promise<{ url: string; stop: () => void }> {
  const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'silkroute.mjs');
  const child = spawn(process.execPath, [cli, 'serve', '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no address:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

/** Opens #/insights for the period and resolves with the ms until every chart has drawn. */
const OPEN_AND_WAIT = (hash: string) => `new Promise((resolve) => {
  const charts = ${JSON.stringify(CHARTS)};
  const start = performance.now();
  window.location.hash = ${JSON.stringify(hash)};
  const check = () => {
    const drawn = charts.every((id) =>
      document.querySelector('[data-testid="' + id + '"][data-rendered="true"]'));
    if (drawn) resolve(performance.now() - start);
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})`;

export async function measureInsightsView(
  dataDir: string,
  period: { from: string; to: string },
  repeats = 5,
): Promise<[string, number][]> {
  const served = await serve(dataDir);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(served.url);
    await page.getByTestId('view-inventory').waitFor({ timeout: 60_000 });
    const hash = `#/insights?from=${period.from}&to=${period.to}`;
    const warm: number[] = [];
    let first = 0;
    for (let run = 0; run <= repeats; run++) {
      await page.evaluate(`window.location.hash = '#/inventory'`);
      await page.getByTestId('view-inventory').waitFor();
      const ms = await page.evaluate<number>(OPEN_AND_WAIT(hash));
      if (run === 0) first = ms;
      else warm.push(ms);
    }
    return [
      ['view interactive, first opening (loads the view’s code)', first],
      [`view interactive, warm p50 of ${repeats}`, percentile(warm, 50)],
      [`view interactive, warm worst of ${repeats}`, Math.max(...warm)],
    ];
  } finally {
    await browser.close();
    served.stop();
  }
}
