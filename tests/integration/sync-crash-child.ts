/**
 * The engine half of the crash test (sync-crash.integration.test.ts): one process that opens the
 * store in the given data folder, connects to the simulated shops the test process serves (any
 * marketplace: each connector is built by the connector registry from the settings the test
 * passes, as the app builds them), runs the morning sync once and exits — unless the test
 * SIGKILLs it first, anywhere.
 *
 *   node --import tsx tests/integration/sync-crash-child.ts '<json: CrashChildArgs>'
 *
 * (The test runs a bundle of this file, built once with esbuild, so that a child starts in a
 * fraction of the time a TypeScript loader takes.) Tokens live in memory, so every child authorises
 * anew with the consent callback (a one-time code) the test issued.
 * stdout carries one JSON object per line (CrashChildMessage): `ready` once authorised, `started`
 * once the run holds the lease, `phase` when an account's calls move to another phase (so the test
 * knows where its kill landed), `busy` while a killed predecessor's lease has not expired yet, and
 * `outcome` last. Logs go to stderr.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import type { Connector } from '../../src/connectors/connector.js';
import { createScaledClock } from '../../src/connectors/http/clock.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import { createConnectorRegistry } from '../../src/connectors/index.js';
import { openStore, STORE_FILE_NAME } from '../../src/engine/store/connection.js';
import { upsertAccount } from '../../src/engine/store/ingest.js';
import { runMorningSync, type AccountLink } from '../../src/engine/sync/morning.js';
import type { SyncOutcome } from '../../src/engine/sync/types.js';
import { Marketplace } from '../../src/shared/domain.js';
import type { AccountId } from '../../src/shared/ids.js';
import { setLogSink } from '../../src/shared/log.js';

export const CrashChildShop = z.object({
  marketplace: Marketplace,
  site: z.string().min(2),
  shopId: z.string().min(1),
  displayName: z.string().min(1),
  currency: z.string().length(3),
  locale: z.string().min(2),
  /** The connector's settings (validated by the registry), with the test's pacing and timeout. */
  settings: z.record(z.string(), z.unknown()),
  /** What the consent redirect brought back, with a one-time code the test issued for this child. */
  authorization: z.record(z.string(), z.string()),
  /** The shop's simulated clock: `simulated` ms when Date.now() was `at`, `scale` ms per ms. */
  clock: z.object({
    simulated: z.number().int(),
    at: z.number().int(),
    scale: z.number().positive(),
  }),
});

export const CrashChildArgs = z.object({
  dataDir: z.string().min(1),
  leaseTtlMs: z.number().int().positive(),
  shops: z.array(CrashChildShop).min(1),
});
export type CrashChildArgs = z.infer<typeof CrashChildArgs>;

export const CRASH_PHASES = ['orders', 'stock', 'listings', 'edits'] as const;
export type CrashPhase = (typeof CRASH_PHASES)[number];

export const CrashChildMessage = z.discriminatedUnion('event', [
  z.object({ event: z.literal('ready') }),
  z.object({ event: z.literal('busy'), until: z.string() }),
  z.object({ event: z.literal('started'), runId: z.number() }),
  z.object({ event: z.literal('phase'), phase: z.enum(CRASH_PHASES), accountId: z.number() }),
  z.object({
    event: z.literal('outcome'),
    state: z.string(),
    attention: z.array(z.string()),
    accounts: z.array(z.object({ accountId: z.number(), errors: z.array(z.string()) })),
  }),
]);
export type CrashChildMessage = z.infer<typeof CrashChildMessage>;

function say(message: CrashChildMessage): void {
  // Pipes are written synchronously on Linux and macOS, so a line said is a line the test sees,
  // even if a SIGKILL follows at once.
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** The connector, telling the test each time this account's calls enter another phase. */
function watched(connector: Connector, accountId: AccountId): Connector {
  let current: CrashPhase | null = null;
  const enter = (phase: CrashPhase) => {
    if (phase === current) return;
    current = phase;
    say({ event: 'phase', phase, accountId });
  };
  return {
    ...connector,
    listOrders: (request) => (enter('orders'), connector.listOrders(request)),
    getOrders: (remoteIds) => (enter('orders'), connector.getOrders(remoteIds)),
    updateStock: (updates) => (enter('stock'), connector.updateStock(updates)),
    listListings: (request) => (enter('listings'), connector.listListings(request)),
    getListing: (remoteId) => (enter('listings'), connector.getListing(remoteId)),
    updatePrices: (updates) => (enter('edits'), connector.updatePrices(updates)),
    updateListing: (remoteId, changes) => (
      enter('edits'),
      connector.updateListing(remoteId, changes)
    ),
  };
}

async function main(): Promise<void> {
  setLogSink((record) => process.stderr.write(`${JSON.stringify(record)}\n`), 'warn');
  const args = CrashChildArgs.parse(JSON.parse(process.argv[2] ?? 'null'));
  const store = openStore(join(args.dataDir, STORE_FILE_NAME));
  const links = new Map<AccountId, AccountLink>();
  const connectors: Connector[] = [];
  const registry = createConnectorRegistry();
  for (const shop of args.shops) {
    const { simulated, at, scale } = shop.clock;
    const clock = createScaledClock({ scale, origin: simulated + (Date.now() - at) * scale });
    const connector = registry.create(
      shop.marketplace,
      {
        account: {
          accountKey: `${shop.marketplace}-${shop.shopId}`,
          site: shop.site,
          shopId: null,
        },
        tokenStore: new InMemoryTokenStore(),
        clock,
      },
      shop.settings,
    );
    connectors.push(connector);
    await connector.completeAuthorization(shop.authorization);
    const accountId = store.write((w) =>
      upsertAccount(w, {
        marketplace: shop.marketplace,
        site: shop.site,
        shopId: shop.shopId,
        displayName: shop.displayName,
        sandbox: true,
        authState: 'connected',
        reauthorizeBy: null,
        currency: shop.currency,
        locale: shop.locale,
      }),
    );
    links.set(accountId, {
      connector: watched(connector, accountId),
      remoteNow: () => clock.now(),
    });
  }
  say({ event: 'ready' });

  let outcome: SyncOutcome;
  for (;;) {
    outcome = await runMorningSync(
      {
        store,
        link: (accountId) => links.get(accountId) ?? null,
        newKey: () => `crash-${randomUUID()}`,
        holder: `crash-child:${process.pid}`,
        leaseTtlMs: args.leaseTtlMs,
      },
      {
        trigger: 'manual',
        onStarted: (runId) => say({ event: 'started', runId }),
      },
    );
    if (outcome.state !== 'busy') break;
    // A killed predecessor still holds the lease: it expires by itself, without renewal.
    const until = outcome.heldBy?.expiresAt ?? new Date().toISOString();
    say({ event: 'busy', until });
    await delay(Math.max(0, Date.parse(until) - Date.now()) + 25);
  }
  for (const connector of connectors) await connector.close();
  store.close();
  say({
    event: 'outcome',
    state: outcome.state,
    attention: (outcome.report?.needsAttention ?? []).map(
      (item) => `${item.kind}: ${item.message}`,
    ),
    accounts: (outcome.report?.accounts ?? []).map((account) => ({
      accountId: account.accountId,
      errors: account.errors,
    })),
  });
}

// Imported by the test for its message schema; run only when started as a program.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
