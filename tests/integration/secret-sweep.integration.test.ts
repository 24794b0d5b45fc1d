/**
 * Issue 12's sweep: after a full sandbox run through the composed engine (five simulated shops
 * added, pulled and synced) and a real-flow Shopee connection whose tokens are stored sealed,
 * no token or secret any fake issued appears in clear in the data folder (database, WAL, backups,
 * key files, CSV exports), in the captured logs, in the run report, or in what the contract hands
 * the renderer.
 * The real shop's tokens also survive a restart: a new engine session refreshes with them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createSandboxShops } from '../../src/cli/engine-compose.js';
import { createConnectorRegistry, InMemoryTokenStore } from '../../src/connectors/index.js';
import { createBackup } from '../../src/engine/backup/index.js';
import { secretStoreFor, SecretTokenStore, SECRET_SCOPES } from '../../src/engine/secrets/index.js';
import { AccountConnections } from '../../src/engine/service/account-connections.js';
import { openEngine, type LocalEngine } from '../../src/engine/service/engine.js';
import { openStore } from '../../src/engine/store/connection.js';
import { startShopeeSandbox, type ShopeeSandbox } from '../../src/sandbox/shopee/index.js';
import type { ResultFrame } from '../../src/shared/api/index.js';
import { MARKETPLACES } from '../../src/shared/domain.js';
import { setLogSink, type LogRecord } from '../../src/shared/log.js';

const root = mkdtempSync(join(tmpdir(), 'silkroute-sweep-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FAST = { requestsPerSecond: 200, burst: 50 };

async function call<T>(engine: LocalEngine, method: string, input: unknown = {}): Promise<T> {
  const frame: ResultFrame = await engine.handle({ type: 'call', id: 1, method, input });
  if (!frame.ok) throw new Error(`${method}: ${frame.error.code} ${frame.error.message}`);
  return frame.value as T;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Where each secret was found in clear: `<secret prefix> in <place>`. */
function findings(secrets: Set<string>, places: Map<string, Buffer>): string[] {
  const found: string[] = [];
  for (const [place, bytes] of places) {
    for (const secret of secrets) {
      if (bytes.includes(secret)) found.push(`${secret.slice(0, 6)}… in ${place}`);
    }
  }
  return found;
}

function dataFolder(dir: string): Map<string, Buffer> {
  return new Map(filesUnder(dir).map((path) => [path.slice(dir.length), readFileSync(path)]));
}

/** Long string values under secret-sounding keys, at any depth. */
function secretValues(value: unknown, into: Set<string>): void {
  if (!value || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'string' && /key|secret|token|password/i.test(key) && inner.length >= 8)
      into.add(inner);
    else secretValues(inner, into);
  }
}

describe('secrets at rest', () => {
  it('leaves no issued token or secret in clear anywhere after a full sandbox run', async () => {
    const dataDir = join(root, 'data');
    const secrets = new Set<string>();
    const remember = (tokens: { accessToken: string; refreshToken: string }) => {
      secrets.add(tokens.accessToken);
      secrets.add(tokens.refreshToken);
    };
    // Spies call through: they only record every token pair the fakes issued as it is saved.
    const memorySave = vi.spyOn(InMemoryTokenStore.prototype, 'save');
    const sealedSave = vi.spyOn(SecretTokenStore.prototype, 'save');
    const logs: LogRecord[] = [];
    setLogSink((record) => logs.push(record), 'debug');
    let shopee: ShopeeSandbox | undefined;
    let engine: LocalEngine | undefined;
    try {
      const shops = createSandboxShops({
        shopee: { items: 30, orders: 40, rateLimit: FAST },
        aliexpress: { items: 20, orders: 30, rateLimit: FAST },
        amazon: { listings: 20, orders: 30, rateLimit: FAST },
        ebay: { items: 20, orders: 30, rateLimit: FAST },
        wish: { items: 20, orders: 30, rateLimit: FAST },
      });
      const startShop = shops.start.bind(shops);
      const sandboxShops = {
        marketplaces: shops.marketplaces,
        async start(...args: Parameters<typeof shops.start>) {
          const shop = await startShop(...args);
          secretValues(shop.connectorSettings, secrets);
          return shop;
        },
      };
      engine = openEngine({ dataDir, sandboxShops });
      for (const marketplace of MARKETPLACES) {
        await call(engine, 'accounts.addSandbox', { marketplace });
      }
      await engine.idle();
      const outcome = await engine.sync({ trigger: 'manual' });
      // 'attention': the run finished and has something for the seller (e.g. oversell danger).
      expect(['succeeded', 'attention']).toContain(outcome.state);

      // A shop connected the real way: consent page, code, tokens stored sealed in the store.
      shopee = await startShopeeSandbox({ items: 2, orders: 2 });
      const fake = shopee;
      secrets.add(fake.partnerKey);
      const settings = (marketplace: string) =>
        marketplace === 'shopee'
          ? {
              environment: 'local',
              baseUrl: fake.baseUrl,
              partnerId: fake.partnerId,
              partnerKey: fake.partnerKey,
            }
          : null;
      const connections = new AccountConnections({
        store: engine.store,
        registry: createConnectorRegistry(),
        settings,
      });
      const start = await connections.begin({
        marketplace: 'shopee',
        site: 'SG',
        redirectUrl: 'http://127.0.0.1:9/',
      });
      const consent = await fetch(start.consentUrl, { redirect: 'manual' });
      const accountId = await connections.complete({
        sessionId: start.sessionId,
        callback: consent.headers.get('location')!,
      });
      await connections.close();
      const providerKey = `sk-translate-${randomBytes(12).toString('hex')}`;
      secrets.add(providerKey);
      await secretStoreFor(engine.store, dataDir).put({
        scope: SECRET_SCOPES.translateProvider,
        name: 'deepl',
        value: providerKey,
      });
      await createBackup(engine.store, { reason: 'manual' });
      // Exports land in the data folder (exports/), as CSV so a clear-text search means something.
      for (const kind of ['listings', 'orders', 'inventory']) {
        await call(engine, 'sheets.export', { kind, format: 'csv' });
      }

      for (const call of [...memorySave.mock.calls, ...sealedSave.mock.calls]) remember(call[1]);
      // Every fake issued tokens, the real-flow shop included (five sandboxes + one real).
      expect(memorySave.mock.calls.length).toBeGreaterThanOrEqual(MARKETPLACES.length);
      expect(sealedSave.mock.calls.length).toBeGreaterThanOrEqual(1);
      expect(secrets.size).toBeGreaterThanOrEqual(2 * (MARKETPLACES.length + 1));

      const places = dataFolder(dataDir);
      expect([...places.keys()].some((path) => path.endsWith('-wal'))).toBe(true);
      expect([...places.keys()].some((path) => path.includes('backups'))).toBe(true);
      expect([...places.keys()].filter((path) => path.endsWith('.csv'))).toHaveLength(3);
      const runs = await call<unknown>(engine, 'sync.runs');
      places.set('run report', Buffer.from(JSON.stringify([outcome.report, runs])));
      const renderer = await Promise.all(
        ['accounts.list', 'listings.query', 'orders.query', 'app.info'].map((method) =>
          call<unknown>(engine!, method),
        ),
      );
      places.set('contract answers', Buffer.from(JSON.stringify(renderer)));
      places.set('logs', Buffer.from(JSON.stringify(logs)));

      // The scan finds what is there: a canary written in clear is reported.
      const canary = `canary-${randomBytes(8).toString('hex')}`;
      writeFileSync(join(dataDir, 'canary.txt'), canary);
      expect(findings(new Set([canary]), dataFolder(dataDir))).toEqual(['canary… in /canary.txt']);
      rmSync(join(dataDir, 'canary.txt'));

      expect(findings(secrets, places)).toEqual([]);
      await engine.shutdown();
      engine = undefined;
      expect(findings(secrets, dataFolder(dataDir))).toEqual([]);

      // After a restart the real shop's stored tokens are read back and refresh works with them.
      const store = openStore(join(dataDir, 'silkroute.db'));
      const later = new AccountConnections({
        store,
        registry: createConnectorRegistry(),
        settings,
      });
      try {
        const connector = later.connector(accountId)!;
        expect((await connector.authStatus()).state).toBe('connected');
        expect((await connector.refreshAuthorization()).state).toBe('connected');
        for (const call of sealedSave.mock.calls) remember(call[1]);
      } finally {
        await later.close();
        store.close();
      }
      expect(findings(secrets, dataFolder(dataDir))).toEqual([]);
    } finally {
      setLogSink(() => undefined, 'warn');
      memorySave.mockRestore();
      sealedSave.mockRestore();
      await engine?.shutdown();
      await shopee?.close();
    }
  });
});
