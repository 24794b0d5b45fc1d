/**
 * A fake of the two rate sources, on 127.0.0.1: the ECB reference rates feed (daily and 90-day XML
 * files, TARGET business days only) and an Open Exchange Rates-style JSON API that needs an app id
 * (`Authorization: Token <id>` or `?app_id=`). Written from the sources' public documentation.
 * Rates are deterministic per day: a base level per currency and a small daily wobble, so tests
 * can compute what they expect.
 */
import { SimClock } from '../kit/clock.js';
import { startSandboxServer, type SandboxRequest, type SandboxResponse } from '../kit/server.js';
import { businessDaysBack, isBusinessDay, shiftDay } from './calendar.js';

/** EUR→currency levels the ECB publishes (in ten-thousandths, so the fake never uses floats). */
const ECB_LEVELS: Readonly<Record<string, number>> = {
  USD: 10_850,
  JPY: 1_624_000,
  GBP: 8_520,
  CNY: 78_500,
  THB: 376_000,
  BRL: 61_500,
  MXN: 215_400,
  SGD: 14_560,
  MYR: 48_700,
  PHP: 623_400,
  IDR: 176_890_000,
  AUD: 16_530,
  CAD: 14_920,
  PLN: 42_630,
  SEK: 112_340,
  CHF: 9_610,
  KRW: 14_785_600,
};

/** USD→currency levels of the API-key provider (ten-thousandths). */
const PROVIDER_LEVELS: Readonly<Record<string, number>> = {
  TWD: 325_000,
  VND: 254_500_000,
  AED: 36_725,
  SAR: 37_500,
  EUR: 9_217,
  CNY: 72_350,
};

export const FX_SANDBOX_API_KEY = 'sandbox-fx-app-id';

export interface FxSandboxOptions {
  /** Simulated epoch ms of "now" (defaults to the real time). */
  startTime?: number;
  apiKey?: string;
}

export interface FxSandbox {
  baseUrl: string;
  /** Point SILKROUTE_FX_ECB_URL here. */
  ecbDailyUrl: string;
  /** Point SILKROUTE_FX_PROVIDER_URL here. */
  providerUrl: string;
  /** The rate the fake publishes for a day, as the decimal text it sends. */
  ecbRate(currency: string, date: string): string;
  providerRate(currency: string, date: string): string;
  close(): Promise<void>;
}

/** A wobble of −20…+20 ten-thousandths of the level per day, derived from the date. */
function levelOn(level: number, date: string, salt: number): number {
  const day = Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
  const wobble = ((day * 7919 + salt * 104_729) % 41) - 20;
  return level + Math.floor((level * wobble) / 10_000);
}

function tenThousandths(value: number): string {
  const digits = String(value).padStart(5, '0');
  return `${digits.slice(0, -4)}.${digits.slice(-4)}`.replace(/\.?0+$/, '');
}

function rateOf(levels: Readonly<Record<string, number>>, currency: string, date: string): string {
  const level = levels[currency];
  if (level === undefined) throw new RangeError(`the fake has no level for ${currency}`);
  return tenThousandths(levelOn(level, date, currency.charCodeAt(0) + currency.charCodeAt(2)));
}

function ecbXml(days: readonly string[]): string {
  const cubes = days.map((day) => {
    const rates = Object.keys(ECB_LEVELS)
      .map(
        (currency) =>
          `\t\t\t<Cube currency='${currency}' rate='${rateOf(ECB_LEVELS, currency, day)}'/>`,
      )
      .join('\n');
    return `\t\t<Cube time='${day}'>\n${rates}\n\t\t</Cube>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">',
    '\t<gesmes:subject>Reference rates</gesmes:subject>',
    '\t<gesmes:Sender>',
    '\t\t<gesmes:name>European Central Bank</gesmes:name>',
    '\t</gesmes:Sender>',
    '\t<Cube>',
    ...cubes,
    '\t</Cube>',
    '</gesmes:Envelope>',
    '',
  ].join('\n');
}

function latestBusinessDay(date: string): string {
  let day = date;
  while (!isBusinessDay(day)) day = shiftDay(day, -1);
  return day;
}

function providerError(status: number, message: string, description: string): SandboxResponse {
  return { status, json: { error: true, status, message, description } };
}

export async function startFxSandbox(options: FxSandboxOptions = {}): Promise<FxSandbox> {
  const clock = new SimClock({ startTime: options.startTime ?? Date.now() });
  const apiKey = options.apiKey ?? FX_SANDBOX_API_KEY;
  const today = () => new Date(clock.now()).toISOString().slice(0, 10);

  const provider = (request: SandboxRequest, date: string): SandboxResponse => {
    const header = request.headers.authorization ?? '';
    const given = /^Token\s+(.+)$/.exec(header)?.[1] ?? request.query.get('app_id');
    if (!given) return providerError(401, 'missing_app_id', 'No App ID was provided.');
    if (given !== apiKey) return providerError(401, 'invalid_app_id', 'Invalid App ID provided.');
    const asked = request.query.get('symbols');
    const symbols = asked ? asked.split(',').filter(Boolean) : Object.keys(PROVIDER_LEVELS);
    const rates: string[] = [];
    for (const symbol of symbols) {
      if (PROVIDER_LEVELS[symbol] !== undefined) {
        rates.push(`"${symbol}":${rateOf(PROVIDER_LEVELS, symbol, date)}`);
      }
    }
    const timestamp = Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000) + 3600;
    // Written by hand so the rates are JSON numbers with exactly the digits the fake means.
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      text: `{"disclaimer":"Sandbox rates","license":"Sandbox","timestamp":${timestamp},"base":"USD","rates":{${rates.join(',')}}}`,
    };
  };

  const xml = (text: string): SandboxResponse => ({
    status: 200,
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    text,
  });

  const server = await startSandboxServer({
    clock,
    serverError: () => ({ status: 503, text: 'Service Unavailable' }),
    rateLimited: () => providerError(429, 'too_many_requests', 'Slow down.'),
    handler: (request) => {
      if (request.method !== 'GET') return { status: 405, text: 'Method Not Allowed' };
      switch (request.path) {
        case '/stats/eurofxref/eurofxref-daily.xml':
          return xml(ecbXml([latestBusinessDay(today())]));
        case '/stats/eurofxref/eurofxref-hist-90d.xml':
          return xml(ecbXml(businessDaysBack(today(), 90)));
        case '/api/latest.json':
          return provider(request, today());
        default: {
          const historical = /^\/api\/historical\/(\d{4}-\d{2}-\d{2})\.json$/.exec(request.path);
          if (historical?.[1]) return provider(request, historical[1]);
          return { status: 404, text: 'Not Found' };
        }
      }
    },
  });
  return {
    baseUrl: server.baseUrl,
    ecbDailyUrl: `${server.baseUrl}/stats/eurofxref/eurofxref-daily.xml`,
    providerUrl: `${server.baseUrl}/api`,
    ecbRate: (currency, date) => rateOf(ECB_LEVELS, currency, date),
    providerRate: (currency, date) => rateOf(PROVIDER_LEVELS, currency, date),
    close: () => server.close(),
  };
}
