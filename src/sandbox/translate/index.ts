/**
 * Simulated translation providers on 127.0.0.1, one server speaking every provider's format at
 * that provider's own paths, plus the built-in "Sandbox translator": DeepL's format with the
 * sandbox key, carrying translations of the sandbox shops' catalogue, so the whole translate,
 * review and publish flow can be tried without any key. Throttling (429) follows a token bucket;
 * DeepL's character quota (456) is settable; faults can be injected like in the shop fakes.
 */
import { SimClock } from '../kit/clock.js';
import { FaultInjector, type FaultSettings } from '../kit/faults.js';
import { ServerTokenBucket, type RateLimitSettings } from '../kit/rate-limit.js';
import { startSandboxServer, type SandboxRequest, type SandboxResponse } from '../kit/server.js';
import {
  azureTranslate,
  chatCompletions,
  deeplTranslate,
  deeplUsage,
  googleV2,
  googleV3,
  libreTranslate,
  type ProviderState,
} from './routes.js';

/** The key of the built-in Sandbox translator (DeepL format); it is not a secret. */
export const SANDBOX_TRANSLATOR_KEY = 'sandbox-translator:fx';

export interface TranslationSandboxOptions {
  /** DeepL character allowance (456 once used); default unlimited. */
  characterLimit?: number | null;
  /** Requests per second per provider before 429; default 50/s, burst 20. null = unlimited. */
  rateLimit?: RateLimitSettings | null;
  faults?: FaultSettings;
  seed?: number;
  /** Keys each fake accepts (the DeepL fake always accepts the sandbox translator's key too). */
  keys?: Partial<{
    deepl: string;
    google: string;
    googleToken: string;
    azure: string;
    libre: string | null;
    openai: string | null;
  }>;
}

export interface TranslationSandbox {
  baseUrl: string;
  /** Requests answered per provider (deepl, google-v2, google-v3, azure, libretranslate, openai). */
  requests(): Record<string, number>;
  /** Characters billed over every provider (code points outside markup). */
  billedCharacters(): number;
  setCharacterLimit(limit: number | null): void;
  setFaults(settings: FaultSettings): void;
  close(): Promise<void>;
}

const THROTTLED: Record<string, (retryAfterMs: number) => SandboxResponse> = {
  deepl: () => ({
    status: 429,
    json: { message: 'Too many requests, DeepL servers are currently experiencing high load' },
  }),
  google: (ms) => ({
    status: 429,
    headers: { 'retry-after': String(Math.ceil(ms / 1000)) },
    json: {
      error: {
        code: 429,
        message: 'Quota exceeded for quota metric',
        status: 'RESOURCE_EXHAUSTED',
      },
    },
  }),
  azure: (ms) => ({
    status: 429,
    headers: { 'retry-after': String(Math.ceil(ms / 1000)) },
    json: {
      error: {
        code: 429000,
        message: 'The server rejected the request because the client has exceeded request limits.',
      },
    },
  }),
  libretranslate: () => ({ status: 429, json: { error: 'Too many request limits violations' } }),
  openai: (ms) => ({
    status: 429,
    headers: { 'retry-after': String(Math.ceil(ms / 1000)) },
    json: {
      error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
    },
  }),
};

function route(request: SandboxRequest): {
  provider: keyof typeof THROTTLED;
  handle: (r: SandboxRequest, s: ProviderState) => SandboxResponse;
} | null {
  const { method, path } = request;
  if (path === '/v2/translate' && method === 'POST')
    return { provider: 'deepl', handle: deeplTranslate };
  if (path === '/v2/usage') return { provider: 'deepl', handle: deeplUsage };
  if (path === '/language/translate/v2' && method === 'POST')
    return { provider: 'google', handle: googleV2 };
  if (/^\/v3\/projects\/[^/]+\/locations\/[^/:]+:translateText$/.test(path) && method === 'POST')
    return { provider: 'google', handle: googleV3 };
  if (path === '/translate' && method === 'POST')
    return request.query.has('api-version') || Array.isArray(request.body)
      ? { provider: 'azure', handle: azureTranslate }
      : { provider: 'libretranslate', handle: libreTranslate };
  if (path === '/v1/chat/completions' && method === 'POST')
    return { provider: 'openai', handle: chatCompletions };
  return null;
}

export async function startTranslationSandbox(
  options: TranslationSandboxOptions = {},
): Promise<TranslationSandbox> {
  const clock = new SimClock();
  const faults = new FaultInjector(options.seed ?? 9);
  if (options.faults) faults.set(options.faults);
  const keys = options.keys ?? {};
  const state: ProviderState = {
    keys: {
      deepl: new Set([SANDBOX_TRANSLATOR_KEY, ...(keys.deepl ? [keys.deepl] : [])]),
      google: keys.google ?? 'sandbox-google-key',
      googleToken: keys.googleToken ?? 'sandbox-google-token',
      azure: keys.azure ?? 'sandbox-azure-key',
      libre: keys.libre ?? null,
      openai: keys.openai ?? null,
    },
    characterLimit: options.characterLimit ?? null,
    characterCount: 0,
    requests: {},
    billed: 0,
  };
  const rate =
    options.rateLimit === undefined ? { requestsPerSecond: 50, burst: 20 } : options.rateLimit;
  const buckets = new Map<string, ServerTokenBucket>();
  const server = await startSandboxServer({
    clock,
    faults,
    serverError: () => ({ status: 503, json: { message: 'Service temporarily unavailable' } }),
    rateLimited: (request, ms) =>
      (THROTTLED[route(request)?.provider ?? 'deepl'] ?? THROTTLED.deepl!)(ms),
    handler: (request) => {
      const found = route(request);
      if (!found)
        return {
          status: 404,
          json: { message: `No such endpoint: ${request.method} ${request.path}` },
        };
      if (request.method === 'POST' && request.bodyError !== null)
        return { status: 400, json: { message: `The body is not JSON: ${request.bodyError}` } };
      if (rate) {
        let bucket = buckets.get(found.provider);
        if (!bucket) buckets.set(found.provider, (bucket = new ServerTokenBucket(clock, rate)));
        const taken = bucket.tryTake();
        if (!taken.ok) return THROTTLED[found.provider]!(taken.retryAfterMs);
      }
      return found.handle(request, state);
    },
  });
  return {
    baseUrl: server.baseUrl,
    requests: () => ({ ...state.requests }),
    billedCharacters: () => state.billed,
    setCharacterLimit(limit) {
      state.characterLimit = limit;
    },
    setFaults: (settings) => faults.set(settings),
    close: () => server.close(),
  };
}
