/**
 * The Insights view's time to interactive in headless Chromium against the built `silkroute serve`
 * on the benchmark data folder: from the hash change that opens the view until all five charts
 * have drawn their data (each sets data-rendered once ECharts reports 'finished'), measured inside
 * the page. The first opening loads the view's code (ECharts is split off); later ones are warm.
 * The period is given in the address, since the data set's orders lie in 2025.
 *
 * Each opening is traced, so a slow one can be explained: when it started (seconds since the
 * engine was started), the engine calls it waited for (sent → answered, from the page's WebSocket
 * frames) and what the served engine logged meanwhile (backups, syncs, summary rebuilds).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { backupDir } from '../src/engine/backup/manifest.js';
import { STORE_FILE_NAME } from '../src/engine/store/index.js';
import { percentile } from './stats.js';

const CHARTS = ['chart-sales', 'chart-skus', 'chart-cover', 'chart-returns', 'chart-margin'];

interface Served {
  url: string;
  stop: () => void;
  /** The engine's log lines, each with the ms since the engine was started. */
  lines: { at: number; text: string }[];
  startedAt: number;
}

const BUILT_CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'silkroute.mjs');

function serve(dataDir: string, cli: string): Promise<Served> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [cli, 'serve', '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const lines: Served['lines'] = [];
  let partial = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no address:\n${output}`)),
      60_000,
    );
    let resolved = false;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      partial += text;
      const complete = partial.split('\n');
      partial = complete.pop() ?? '';
      for (const line of complete) lines.push({ at: performance.now() - startedAt, text: line });
      if (resolved) return;
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (!match?.[1]) return;
      resolved = true;
      clearTimeout(timer);
      resolve({ url: match[1], stop: () => child.kill('SIGTERM'), lines, startedAt });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!resolved) reject(new Error(`serve exited with ${code}:\n${output}`));
    });
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

interface CallTrace {
  method: string;
  sentAt: number;
  ms: number | null;
}

/** Every engine call the page makes: its method, when it was sent and how long its answer took. */
function traceCalls(page: Page): CallTrace[] {
  const calls: CallTrace[] = [];
  const open = new Map<number, CallTrace>();
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const frame = parse(payload);
      if (frame?.type !== 'call' || typeof frame.id !== 'number') return;
      const call = { method: String(frame.method), sentAt: performance.now(), ms: null };
      calls.push(call);
      open.set(frame.id, call);
    });
    socket.on('framereceived', ({ payload }) => {
      const frame = parse(payload);
      if (frame?.type !== 'result' || typeof frame.id !== 'number') return;
      const call = open.get(frame.id);
      if (!call) return;
      open.delete(frame.id);
      call.ms = performance.now() - call.sentAt;
    });
  });
  return calls;
}

function parse(payload: string | Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(payload.toString());
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface ViewOpening {
  /** Seconds since the served engine was started. */
  startS: number;
  ms: number;
  /** Opened after the engine's start-up backups had ended. */
  settled: boolean;
  /** The slowest engine calls sent during the opening, "method ms". */
  slowestCalls: string[];
  /** What the engine logged during the opening (its warnings and errors). */
  engineLog: string[];
  /**
   * A backup's copy was being checked: a partial copy as large as the store at the start or end
   * of the opening, or a backup finished during it. (Copying goes in small steps between the
   * engine's answers; the check of the whole copy is one long step.)
   */
  duringBackupCheck: boolean;
}

/** The backup folder's files: finished ones (their manifests) and full-size partial copies. */
function backupState(
  dataDir: string,
  storeFile: string,
): { manifests: string[]; checking: boolean } {
  const dir = backupDir(dataDir);
  if (!existsSync(dir)) return { manifests: [], checking: false };
  const names = readdirSync(dir);
  const size = statSync(storeFile).size;
  return {
    manifests: names.filter((name) => name.endsWith('.json')),
    checking: names.some(
      (name) =>
        name.endsWith('.partial') &&
        (statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0) >= size,
    ),
  };
}

export interface ViewResult {
  rows: [string, number][];
  openings: ViewOpening[];
  /** The engine's log over the whole run, "seconds since start: scope: message". */
  engineLog: string[];
}

const shortLine = (text: string) => {
  const parsed = parse(text);
  return parsed
    ? `${String(parsed.scope)}: ${String(parsed.message)}`.slice(0, 120)
    : text.slice(0, 120);
};

/**
 * Waits until no backup is being taken (no partial copy for two looks a second apart, and at
 * least one backup finished: the engine takes them shortly after it starts); returns the seconds
 * waited. Gives up after `timeoutMs`, which the result's labels then show as the time waited.
 */
async function waitForBackups(dataDir: string, timeoutMs: number): Promise<number> {
  const start = performance.now();
  const dir = backupDir(dataDir);
  let quietLooks = 0;
  while (performance.now() - start < timeoutMs && quietLooks < 2) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const names = existsSync(dir) ? readdirSync(dir) : [];
    const busy = names.some((name) => name.endsWith('.partial'));
    const done = names.some((name) => name.endsWith('.json'));
    quietLooks = !busy && done ? quietLooks + 1 : 0;
  }
  return Math.round((performance.now() - start) / 1000);
}

export async function measureInsightsView(
  dataDir: string,
  period: { from: string; to: string },
  options: { repeats?: number; cli?: string; settleTimeoutMs?: number } = {},
): Promise<ViewResult> {
  const repeats = options.repeats ?? 5;
  const served = await serve(dataDir, options.cli ?? BUILT_CLI);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const calls = traceCalls(page);
    await page.goto(served.url);
    await page.getByTestId('view-inventory').waitFor({ timeout: 60_000 });
    const hash = `#/insights?from=${period.from}&to=${period.to}`;
    const storeFile = join(dataDir, STORE_FILE_NAME);
    const open = async (settled: boolean): Promise<ViewOpening> => {
      await page.evaluate(`window.location.hash = '#/inventory'`);
      await page.getByTestId('view-inventory').waitFor();
      const start = performance.now();
      const firstCall = calls.length;
      const firstLine = served.lines.length;
      const before = backupState(dataDir, storeFile);
      const ms = await page.evaluate<number>(OPEN_AND_WAIT(hash));
      const after = backupState(dataDir, storeFile);
      return {
        startS: (start - served.startedAt) / 1000,
        ms,
        settled,
        slowestCalls: calls
          .slice(firstCall)
          .sort((a, b) => (b.ms ?? Infinity) - (a.ms ?? Infinity))
          .slice(0, 3)
          .map((call) => `${call.method} ${call.ms === null ? 'unanswered' : call.ms.toFixed(0)}`),
        engineLog: served.lines.slice(firstLine).map((line) => shortLine(line.text)),
        duringBackupCheck:
          before.checking ||
          after.checking ||
          after.manifests.some((name) => !before.manifests.includes(name)),
      };
    };
    // The first opening and `repeats` warm ones right after the engine started, while its
    // start-up work (a missed morning sync, the backups) runs; then, once no backup is being
    // taken, `repeats` more: the view on an engine with nothing else to do.
    const openings: ViewOpening[] = [];
    for (let run = 0; run <= repeats; run++) openings.push(await open(false));
    const waitedS = await waitForBackups(dataDir, options.settleTimeoutMs ?? 120_000);
    for (let run = 0; run < repeats; run++) openings.push(await open(true));

    const first = openings[0]!;
    const warm = openings.slice(1).filter((opening) => !opening.settled);
    const settled = openings.filter((opening) => opening.settled).map((opening) => opening.ms);
    const quiet = warm.filter((opening) => !opening.duringBackupCheck).map((opening) => opening.ms);
    const during = warm.map((opening) => opening.ms);
    const rows: [string, number][] = [
      ['view interactive, first opening (loads the view’s code)', first.ms],
      [`view interactive, warm p50 of ${repeats} during start-up`, percentile(during, 50)],
      [`view interactive, warm worst of ${repeats} during start-up`, Math.max(...during)],
    ];
    if (quiet.length > 0 && quiet.length < warm.length) {
      rows.push([
        `view interactive, warm worst of the ${quiet.length} with no backup being checked`,
        Math.max(...quiet),
      ]);
    }
    rows.push(
      [
        `view interactive, warm p50 of ${repeats} once backups ended (${waitedS} s)`,
        percentile(settled, 50),
      ],
      [`view interactive, warm worst of ${repeats} once backups ended`, Math.max(...settled)],
    );
    return {
      rows,
      openings,
      engineLog: served.lines.map(
        (line) => `${(line.at / 1000).toFixed(1)} s: ${shortLine(line.text)}`,
      ),
    };
  } finally {
    await browser.close();
    served.stop();
  }
}
