import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFxSandbox, type FxSandbox } from '../../src/sandbox/fx/index.js';
import { setLogSink, type LogRecord } from '../../src/shared/log.js';
import { openStore, type Store } from '../../src/engine/store/connection.js';
import { defaultFxConfig, type FxConfig } from '../../src/engine/money/fx-config.js';
import { refreshRates } from '../../src/engine/money/fx-refresh.js';
import { findRate } from '../../src/engine/money/rates.js';

// Tuesday 7 April 2026, 16:30 UTC: after the ECB's publication, the day after Easter Monday.
const NOW = Date.parse('2026-04-07T16:30:00Z');
let sandbox: FxSandbox;
let store: Store;
let config: FxConfig;
const records: LogRecord[] = [];

beforeAll(async () => {
  sandbox = await startFxSandbox({ startTime: NOW, apiKey: 'secret-app-id-123' });
  setLogSink((record) => records.push(record), 'debug');
});
afterAll(() => sandbox.close());
beforeEach(() => {
  store = openStore(':memory:');
  records.length = 0;
  config = {
    ...defaultFxConfig({}),
    ecbUrl: sandbox.ecbDailyUrl,
    providerUrl: sandbox.providerUrl,
  };
});

describe('refreshRates against the fake sources', () => {
  it('stores the ECB day and the provider rates, each with its source and date', async () => {
    const outcomes = await refreshRates(store, config, 'secret-app-id-123');
    expect(outcomes).toEqual([
      { source: 'ecb', ok: true, saved: 17, date: '2026-04-07', message: null },
      { source: 'openexchangerates', ok: true, saved: 4, date: '2026-04-07', message: null },
    ]);
    const usd = store.read((r) => findRate(r, 'EUR', 'USD', '2026-04-07', { maxAgeDays: 0 }));
    expect(usd).toMatchObject({
      kind: 'found',
      source: 'ecb',
      rate: sandbox.ecbRate('USD', '2026-04-07'),
    });
    const twd = store.read((r) => findRate(r, 'USD', 'TWD', '2026-04-07', { maxAgeDays: 0 }));
    expect(twd).toMatchObject({
      kind: 'found',
      source: 'openexchangerates',
      rate: sandbox.providerRate('TWD', '2026-04-07'),
    });
    expect(JSON.stringify(records)).not.toContain('secret-app-id-123');
  });

  it('keeps the ECB rates when the provider refuses the key, and says why without the key', async () => {
    const outcomes = await refreshRates(store, config, 'wrong-key-456');
    expect(outcomes[0]).toMatchObject({ source: 'ecb', ok: true, saved: 17 });
    expect(outcomes[1]).toMatchObject({
      source: 'openexchangerates',
      ok: false,
      saved: 0,
      message: 'provider refused (401 invalid_app_id): Invalid App ID provided.',
    });
    expect(JSON.stringify(records)).not.toContain('wrong-key-456');
  });

  it('asks for a key rather than calling the provider without one', async () => {
    const outcomes = await refreshRates(store, config, undefined);
    expect(outcomes[1]).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no API key/) as string,
    });
  });

  it('reports an unreachable source and writes nothing for it', async () => {
    const outcomes = await refreshRates(
      store,
      { ...config, ecbUrl: `${sandbox.baseUrl}/stats/eurofxref/missing.xml` },
      undefined,
    );
    expect(outcomes[0]).toMatchObject({ source: 'ecb', ok: false, message: 'HTTP 404 Not Found' });
    expect(store.read((r) => findRate(r, 'EUR', 'USD', '2026-04-07', { maxAgeDays: 9 })).kind).toBe(
      'missing',
    );
  });
});
