/**
 * Fetches today's rates from the ECB feed and the API-key provider and stores them as dated
 * snapshots. Each source succeeds or fails on its own (the ECB being reachable is no reason to
 * drop the provider's rates, and the reverse); a failed source writes nothing and says why.
 */
import { createLogger } from '../../shared/log.js';
import type { Store } from '../store/connection.js';
import { ecbSnapshots, ECB_SOURCE, parseEcbFeed } from './ecb.js';
import type { FxConfig } from './fx-config.js';
import { parseProviderAnswer, providerSnapshots, PROVIDER_SOURCE } from './provider.js';
import { saveRates, type RateSnapshot } from './rate-store.js';

const log = createLogger('fx');
const TIMEOUT_MS = 15_000;
const MAX_BYTES = 2 * 1024 * 1024;

export interface SourceOutcome {
  source: string;
  ok: boolean;
  /** Rates stored (0 when it failed or was skipped). */
  saved: number;
  /** Newest day the source had rates for. */
  date: string | null;
  /** Why it failed or was skipped, for the seller. */
  message: string | null;
}

async function fetchText(url: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await response.text();
  if (text.length > MAX_BYTES) throw new Error(`answer larger than ${MAX_BYTES} bytes`);
  if (!response.ok && !text.trim().startsWith('{')) {
    throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  }
  return text;
}

function failed(source: string, error: unknown): SourceOutcome {
  const message = error instanceof Error ? error.message : String(error);
  log.warn('rate source failed', { source, message });
  return { source, ok: false, saved: 0, date: null, message };
}

function store(
  storeHandle: Store,
  source: string,
  snapshots: RateSnapshot[],
  date: string | null,
): SourceOutcome {
  const saved = storeHandle.write((w) => saveRates(w, snapshots));
  log.info('rates stored', { source, saved, date });
  return { source, ok: true, saved, date, message: null };
}

export async function refreshEcb(storeHandle: Store, config: FxConfig): Promise<SourceOutcome> {
  try {
    const feed = parseEcbFeed(await fetchText(config.ecbUrl, { accept: 'application/xml' }));
    return store(storeHandle, ECB_SOURCE, ecbSnapshots(feed), feed.days[0]?.date ?? null);
  } catch (error) {
    return failed(ECB_SOURCE, error);
  }
}

/** `apiKey`: the provider's key (from the secret store or SILKROUTE_FX_API_KEY); never logged. */
export async function refreshProvider(
  storeHandle: Store,
  config: FxConfig,
  apiKey: string | undefined,
): Promise<SourceOutcome> {
  if (!apiKey) {
    return {
      source: PROVIDER_SOURCE,
      ok: false,
      saved: 0,
      date: null,
      message:
        'no API key: save one in Prices (or set SILKROUTE_FX_API_KEY), or enter these rates by hand',
    };
  }
  if (config.providerCurrencies.length === 0) {
    return {
      source: PROVIDER_SOURCE,
      ok: true,
      saved: 0,
      date: null,
      message: 'no currencies asked',
    };
  }
  try {
    const url = new URL(`${config.providerUrl.replace(/\/+$/, '')}/latest.json`);
    url.searchParams.set('symbols', config.providerCurrencies.join(','));
    const text = await fetchText(url.toString(), {
      accept: 'application/json',
      authorization: `Token ${apiKey}`,
    });
    const answer = parseProviderAnswer(text);
    return store(storeHandle, PROVIDER_SOURCE, providerSnapshots(answer), answer.date);
  } catch (error) {
    return failed(PROVIDER_SOURCE, error);
  }
}

/** Refreshes both sources; resolves with one outcome per source (never rejects). */
export async function refreshRates(
  storeHandle: Store,
  config: FxConfig,
  apiKey: string | undefined,
): Promise<SourceOutcome[]> {
  return Promise.all([
    refreshEcb(storeHandle, config),
    refreshProvider(storeHandle, config, apiKey),
  ]);
}
