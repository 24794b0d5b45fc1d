/**
 * The engine half of the eBay crash test (ebay-sync-crash.integration.test.ts): one process that
 * opens the store in the given data folder, connects to the simulated eBay sellers the test process
 * serves, runs the morning sync once and exits — unless the test SIGKILLs it first, anywhere.
 *
 *   node --import tsx tests/integration/ebay-sync-crash-child.ts '<json: EbayCrashChildArgs>'
 *
 * Tokens live in memory, so every child authorises anew with the one-time code the test issued.
 * stdout carries one JSON line per event: `started` once the run holds the lease, `busy` while a
 * killed predecessor's lease has not expired, `outcome` last. Logs go to stderr.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { createScaledClock } from '../../src/connectors/http/clock.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import {
  createEbayConnector,
  EbaySettings,
  type EbayConnector,
} from '../../src/connectors/ebay/connector.js';
import { openStore, STORE_FILE_NAME } from '../../src/engine/store/connection.js';
import { upsertAccount } from '../../src/engine/store/ingest.js';
import { runMorningSync, type AccountLink } from '../../src/engine/sync/morning.js';
import type { SyncOutcome } from '../../src/engine/sync/types.js';
import type { AccountId } from '../../src/shared/ids.js';
import { setLogSink } from '../../src/shared/log.js';

export const EbayCrashSeller = z.object({
  connection: z.record(z.string(), z.unknown()),
  site: z.string().min(1),
  currency: z.string().length(3),
  locale: z.string().min(2),
  displayName: z.string().min(1),
  /** One-time authorisation code the test issued for this child. */
  code: z.string().min(1),
  /** The seller's simulated clock minus Date.now() when the test spawned the child. */
  clockOffsetMs: z.number().int(),
});

export const EbayCrashChildArgs = z.object({
  dataDir: z.string().min(1),
  leaseTtlMs: z.number().int().positive(),
  timeoutMs: z.number().int().positive(),
  clientRate: z.object({
    requestsPerSecond: z.number().positive(),
    burst: z.number().int().min(1),
  }),
  sellers: z.array(EbayCrashSeller).min(1),
});
export type EbayCrashChildArgs = z.infer<typeof EbayCrashChildArgs>;

export const EbayCrashChildMessage = z.discriminatedUnion('event', [
  z.object({ event: z.literal('busy'), until: z.string() }),
  z.object({ event: z.literal('started'), runId: z.number() }),
  z.object({ event: z.literal('outcome'), state: z.string(), attention: z.array(z.string()) }),
]);
export type EbayCrashChildMessage = z.infer<typeof EbayCrashChildMessage>;

function say(message: EbayCrashChildMessage): void {
  // Pipes are written synchronously on Linux: a line said is a line the test sees, even if a
  // SIGKILL follows at once.
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function main(): Promise<void> {
  setLogSink((record) => process.stderr.write(`${JSON.stringify(record)}\n`), 'warn');
  const args = EbayCrashChildArgs.parse(JSON.parse(process.argv[2] ?? 'null'));
  const store = openStore(join(args.dataDir, STORE_FILE_NAME));
  const links = new Map<AccountId, AccountLink>();
  const connectors: EbayConnector[] = [];
  for (const seller of args.sellers) {
    const clock = createScaledClock({ scale: 1, origin: Date.now() + seller.clockOffsetMs });
    const connector = createEbayConnector(
      {
        account: { accountKey: `ebay-${seller.displayName}`, site: seller.site, shopId: null },
        tokenStore: new InMemoryTokenStore(),
        clock,
      },
      EbaySettings.parse({
        ...seller.connection,
        timeoutMs: args.timeoutMs,
        rateLimits: { inventory: args.clientRate, fulfillment: args.clientRate },
      }),
    );
    connectors.push(connector);
    const { shopId } = await connector.completeAuthorization({ code: seller.code });
    const accountId = store.write((w) =>
      upsertAccount(w, {
        marketplace: 'ebay',
        site: seller.site,
        shopId,
        displayName: seller.displayName,
        sandbox: true,
        authState: 'connected',
        reauthorizeBy: null,
        currency: seller.currency,
        locale: seller.locale,
      }),
    );
    links.set(accountId, { connector, remoteNow: () => clock.now() });
  }

  let outcome: SyncOutcome;
  for (;;) {
    outcome = await runMorningSync(
      {
        store,
        link: (accountId) => links.get(accountId) ?? null,
        newKey: () => `ebay-crash-${randomUUID()}`,
        holder: `ebay-crash-child:${process.pid}`,
        leaseTtlMs: args.leaseTtlMs,
      },
      { trigger: 'manual', onStarted: (runId) => say({ event: 'started', runId }) },
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
