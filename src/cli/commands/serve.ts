/**
 * `silkroute serve`: browser mode. Opens the engine on the data folder (adding every built-in
 * sandbox shop — one simulated shop per marketplace — to a folder without shops, so a new user can
 * try everything without credentials), serves it with the built renderer on 127.0.0.1, prints the
 * address with its token on one line, and on SIGINT/SIGTERM closes the server and then the engine,
 * so nothing is cut off mid-write.
 *
 * First run: each shop is added at once (its first pull fills it in the background, page by page),
 * then one morning sync runs over all of them once those pulls are done: the simulated shops sell
 * the same SKUs, and that sync makes every shop show what their shared stock allows.
 */
import { existsSync } from 'node:fs';
import type { Engine, EngineOptions } from '../../engine/service/engine-types.js';
import type { SyncOutcome, SyncRequest } from '../../engine/sync/types.js';
import { startServer } from '../../engine/transport/http-server.js';
import { MARKETPLACES, type Marketplace } from '../../shared/domain.js';
import { createLogger } from '../../shared/log.js';
import type { CliIo } from '../io.js';

const log = createLogger('cli.serve');

export interface ServeCommand {
  dataDir: string;
  port: number;
  rendererDir: string;
  /** Resolves with the signal's name when the server should stop. */
  stopSignal: Promise<string>;
  openEngine: (options: EngineOptions) => ServedEngine | Promise<ServedEngine>;
}

/**
 * An engine that may also stop its sandbox shops and wait for them, and run a sync in this
 * process (LocalEngine does both).
 */
export type ServedEngine = Engine & {
  shutdown?: () => Promise<void>;
  sync?: (request: SyncRequest) => Promise<SyncOutcome>;
};

const MARKETPLACE_NAMES: Readonly<Record<Marketplace, string>> = {
  amazon: 'Amazon',
  ebay: 'eBay',
  aliexpress: 'AliExpress',
  wish: 'Wish',
  shopee: 'Shopee',
};

async function hasAccounts(engine: Engine): Promise<boolean> {
  const result = await engine.handle({ type: 'call', id: 0, method: 'accounts.list', input: {} });
  if (!result.ok) throw new Error(`Could not read the accounts: ${result.error.message}`);
  return Array.isArray(result.value) && result.value.length > 0;
}

/**
 * Which sandbox shops a first run opens on: `SILKROUTE_SANDBOX_SHOPS` (comma-separated
 * marketplace ids, e.g. `shopee,ebay`) narrows it; unset or empty means every marketplace.
 */
export function sandboxChoice(setting: string | undefined): readonly Marketplace[] {
  const names = (setting ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return MARKETPLACES;
  const unknown = names.filter((name) => !(MARKETPLACES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `SILKROUTE_SANDBOX_SHOPS names no marketplace: ${unknown.join(', ')} (use ${MARKETPLACES.join(', ')})`,
    );
  }
  return MARKETPLACES.filter((marketplace) => names.includes(marketplace));
}

/**
 * Adds the sandbox shop of every marketplace that has one (the engine answers `invalid_input` on
 * `marketplace` for one that has none); returns the marketplaces added.
 */
async function addSandboxShops(engine: Engine): Promise<Marketplace[]> {
  const added: Marketplace[] = [];
  for (const marketplace of sandboxChoice(process.env.SILKROUTE_SANDBOX_SHOPS)) {
    const result = await engine.handle({
      type: 'call',
      id: 0,
      method: 'accounts.addSandbox',
      input: { marketplace },
    });
    if (result.ok) {
      added.push(marketplace);
      continue;
    }
    const noShop =
      result.error.code === 'invalid_input' &&
      (result.error.issues ?? []).some((issue) => issue.path === 'marketplace');
    if (!noShop) {
      throw new Error(
        `Could not add the ${MARKETPLACE_NAMES[marketplace]} sandbox shop: ${result.error.message}`,
      );
    }
  }
  if (added.length === 0) throw new Error('This engine has no sandbox shops to open on');
  return added;
}

/** "A, B and C". */
function listed(names: readonly string[]): string {
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

const stopEngine = (engine: ServedEngine) =>
  engine.shutdown ? engine.shutdown() : Promise.resolve(engine.close());

export async function runServe(command: ServeCommand, io: CliIo): Promise<number> {
  const engine = await command.openEngine({ dataDir: command.dataDir });
  const firstSync = new AbortController();
  let firstRun: Promise<unknown> = Promise.resolve();
  try {
    if (!(await hasAccounts(engine))) {
      const added = await addSandboxShops(engine);
      const names = added.map((marketplace) => MARKETPLACE_NAMES[marketplace]);
      io.out(
        `No shops yet: opening on the built-in sandbox shops (simulated ${listed(names)}; no credentials needed). Their first sync runs in the background.`,
      );
      // Waits for the shops' first pulls inside the engine, then syncs them all once.
      firstRun = (
        engine.sync?.({ trigger: 'manual', signal: firstSync.signal }) ?? Promise.resolve()
      ).catch((error: unknown) => {
        if (!firstSync.signal.aborted)
          log.warn('the first sync of the sandbox shops failed', error);
      });
    }
  } catch (error) {
    await stopEngine(engine);
    throw error;
  }
  if (!existsSync(command.rendererDir)) {
    io.err(
      `The UI is not built (${command.rendererDir} is missing): run \`npm run build\`; the API works meanwhile.`,
    );
  }

  const stop = async () => {
    firstSync.abort();
    await stopEngine(engine);
    await firstRun;
  };
  const server = await startServer({
    engine,
    rendererDir: command.rendererDir,
    port: command.port,
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  io.out(`Silkroute is running at ${server.url} (data: ${command.dataDir}; Ctrl+C stops it)`);

  const signal = await command.stopSignal;
  await server.close();
  await stop();
  io.out(`Stopped on ${signal}; the store is closed.`);
  return 0;
}
