/**
 * The connector kit's HTTP client for translation providers: rate limiter, Retry-After, backoff
 * and the error taxonomy, with each provider's status codes read into it (DeepL's 456 quota, 429
 * throttles, 413 too large). The kit labels errors with a marketplace; a provider is not one, so
 * errors leave this module as TranslationProviderError naming the provider instead.
 */
import {
  ConnectorError,
  InvalidPayloadError,
  NeedsUserError,
  PermanentError,
  RateLimitedError,
  RetryableError,
  type ConnectorErrorDetails,
} from '../../../connectors/http/errors.js';
import { HttpClient, type RawReply, type RequestSpec } from '../../../connectors/http/client.js';
import { systemClock, type Clock } from '../../../connectors/http/clock.js';
import { parseRetryAfter, type RateLimit } from '../../../connectors/http/limiter.js';
import { TranslationProviderError } from './types.js';

export interface ProviderHttpOptions {
  providerId: string;
  baseUrl: string;
  /** Headers that authenticate every request (the key never enters a log: redact.ts hides it). */
  headers: () => Record<string, string>;
  rateLimit: RateLimit;
  clock?: Clock;
  /** Retries of throttles and 5xx (tests keep it short). */
  maxElapsedMs?: number;
  /** Reads the provider's error body into a message. */
  errorMessage?: (json: unknown) => string | null;
}

/** 413 from any provider: the request was too large; the caller splits the batch and retries. */
export class RequestTooLargeError extends Error {
  override readonly name = 'RequestTooLargeError';
}

function defaultMessage(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const body = json as { message?: unknown; error?: unknown };
  if (typeof body.message === 'string') return body.message;
  if (typeof body.error === 'string') return body.error;
  if (typeof body.error === 'object' && body.error !== null) {
    const inner = body.error as { message?: unknown };
    if (typeof inner.message === 'string') return inner.message;
  }
  return null;
}

export class ProviderHttp {
  private readonly client: HttpClient;
  constructor(private readonly options: ProviderHttpOptions) {
    const clock = options.clock ?? systemClock;
    const read = options.errorMessage ?? defaultMessage;
    this.client = new HttpClient({
      accountKey: `translate:${options.providerId}`,
      baseUrl: options.baseUrl,
      clock,
      limits: () => options.rateLimit,
      retry: { maxElapsedMs: options.maxElapsedMs ?? 120_000, maxAttempts: 4 },
      protocol: {
        marketplace: 'translation',
        prepare: () => ({ query: new URLSearchParams(), headers: options.headers() }),
        interpret: (reply, spec) => interpret(reply, spec, read, clock.now()),
      },
    });
  }

  async post<T>(
    operation: string,
    path: string,
    body: unknown,
    query?: Record<string, string>,
  ): Promise<T> {
    return this.send<T>({
      operation,
      bucket: 'translate',
      method: 'POST',
      path,
      body,
      ...(query ? { query } : {}),
      idempotent: true,
      authenticated: false,
    });
  }

  async get<T>(operation: string, path: string): Promise<T> {
    return this.send<T>({
      operation,
      bucket: 'translate',
      method: 'GET',
      path,
      idempotent: true,
      authenticated: false,
    });
  }

  private async send<T>(spec: RequestSpec): Promise<T> {
    try {
      return await this.client.request<T>(spec);
    } catch (error) {
      throw this.convert(error);
    }
  }

  private convert(error: unknown): Error {
    const provider = this.options.providerId;
    if (error instanceof PermanentError && error.httpStatus === 413)
      return new RequestTooLargeError(`${provider}: the request was too large`);
    if (!(error instanceof ConnectorError))
      return error instanceof Error ? error : new Error(String(error));
    const said = error.marketplaceMessage ? `: ${error.marketplaceMessage}` : '';
    if (error instanceof NeedsUserError) {
      return error.reason === 'quota'
        ? new TranslationProviderError(
            `${provider}: the character quota is used up${said}`,
            provider,
            'quota',
          )
        : new TranslationProviderError(`${provider}: the key was refused${said}`, provider, 'auth');
    }
    if (error instanceof RateLimitedError)
      return new TranslationProviderError(
        `${provider}: still throttled after retries${said}`,
        provider,
        'rate_limited',
      );
    if (error.httpStatus === 400)
      return new TranslationProviderError(
        `${provider}: the request was refused${said}`,
        provider,
        'unsupported',
      );
    return new TranslationProviderError(`${provider}: ${error.message}${said}`, provider, 'failed');
  }

  close(): void {
    this.client.close();
  }
}

function interpret(
  reply: RawReply,
  spec: RequestSpec,
  read: (json: unknown) => string | null,
  now: number,
): unknown {
  const details: ConnectorErrorDetails = {
    marketplace: 'translation',
    operation: spec.operation,
    httpStatus: reply.status,
    marketplaceMessage: reply.parseError === null ? read(reply.json) : reply.text.slice(0, 200),
  };
  const status = reply.status;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(reply.headers['retry-after'] ?? null, now);
    throw new RateLimitedError(`${spec.operation} was throttled`, { ...details, retryAfterMs });
  }
  // DeepL answers 456 when the character quota is used up; Azure 403 with code 403001 likewise.
  if (status === 456)
    throw new NeedsUserError(`${spec.operation}: quota exceeded`, 'quota', details);
  if (status === 401 || status === 403) {
    const code = (reply.json as { error?: { code?: unknown } } | undefined)?.error?.code;
    const quota = code === 403001 || code === 403000;
    throw new NeedsUserError(
      `${spec.operation} refused the key`,
      quota ? 'quota' : 'reauthorize',
      details,
    );
  }
  if (status >= 500)
    throw new RetryableError(`${spec.operation} failed with HTTP ${status}`, details);
  if (status >= 400)
    throw new PermanentError(`${spec.operation} failed with HTTP ${status}`, details);
  if (reply.parseError !== null)
    throw new InvalidPayloadError(
      `${spec.operation} answered a body that is not JSON`,
      [reply.parseError],
      details,
    );
  return reply.json;
}
