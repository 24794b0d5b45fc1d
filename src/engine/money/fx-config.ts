/**
 * Where rates come from and how old they may be, kept in the settings table under its own key
 * ('fx'), validated again when read. The provider's API key is a secret and is not stored here:
 * it comes from the environment (SILKROUTE_FX_API_KEY), is sent only in the Authorization header
 * and never logged. URLs may also be pointed elsewhere by SILKROUTE_FX_ECB_URL and
 * SILKROUTE_FX_PROVIDER_URL (the sandbox and the tests point them at the fake on 127.0.0.1).
 */
import { z } from 'zod';
import { CurrencyCode } from '../../shared/money.js';
import { qb } from '../store/compiler.js';
import type { Reader, Writer } from '../store/connection.js';
import { ECB_DAILY_URL } from './ecb.js';

export const PROVIDER_DEFAULT_URL = 'https://openexchangerates.org/api';
const SETTINGS_KEY = 'fx';

const HttpUrl = z.url({ protocol: /^https?$/ });

export const FxConfig = z.object({
  /** Rates older than this (days before the day priced) are refused as stale. */
  maxAgeDays: z.number().int().min(0).max(365),
  ecbUrl: HttpUrl,
  providerUrl: HttpUrl,
  /** Currencies asked of the provider (those the ECB lacks that the seller sells in). */
  providerCurrencies: z.array(CurrencyCode).max(60),
});
export type FxConfig = z.infer<typeof FxConfig>;

export function defaultFxConfig(env: NodeJS.ProcessEnv = process.env): FxConfig {
  return {
    // A Monday priced with Friday's ECB rates is 3 days old; a holiday weekend adds one.
    maxAgeDays: 4,
    ecbUrl: env.SILKROUTE_FX_ECB_URL ?? ECB_DAILY_URL,
    providerUrl: env.SILKROUTE_FX_PROVIDER_URL ?? PROVIDER_DEFAULT_URL,
    providerCurrencies: ['TWD', 'VND', 'AED', 'SAR'],
  };
}

export function readFxConfig(reader: Reader, env: NodeJS.ProcessEnv = process.env): FxConfig {
  const defaults = defaultFxConfig(env);
  const row = reader.first(
    qb.selectFrom('settings').select('value').where('key', '=', SETTINGS_KEY),
  );
  if (!row) return defaults;
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    return defaults;
  }
  const parsed = FxConfig.partial().safeParse(stored);
  if (!parsed.success) return defaults;
  const config = { ...defaults, ...parsed.data };
  // The environment wins over stored URLs: it is how a sandbox run is pointed at its fake.
  if (env.SILKROUTE_FX_ECB_URL) config.ecbUrl = env.SILKROUTE_FX_ECB_URL;
  if (env.SILKROUTE_FX_PROVIDER_URL) config.providerUrl = env.SILKROUTE_FX_PROVIDER_URL;
  return config;
}

export function writeFxConfig(writer: Writer, patch: Partial<FxConfig>): FxConfig {
  const current = readFxConfig(writer, {});
  const next = FxConfig.parse({ ...current, ...patch });
  writer.run(
    qb
      .insertInto('settings')
      .values({ key: SETTINGS_KEY, value: JSON.stringify(next), updated_at: writer.now() })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      ),
  );
  return next;
}

export function providerApiKey(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = env.SILKROUTE_FX_API_KEY?.trim();
  return key ? key : undefined;
}
