/**
 * The HTTP client every connector uses: one axios instance per account, and around each request
 * the circuit breaker, the rate limiter, signing at the last moment (so a timestamp never ages in
 * a queue), the marketplace's clock from the Date header, reply interpretation into the error
 * taxonomy, one token refresh on an expired token, and retries with backoff.
 *
 * What is marketplace-specific comes in through `MarketplaceProtocol`: how to sign/authenticate a
 * request and how to read a reply (including errors inside HTTP 200 bodies).
 */
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { createLogger } from '../../shared/log.js';
import { redactText } from '../../shared/redact.js';
import { CircuitBreaker, DEFAULT_BREAKER_OPTIONS, type BreakerOptions } from './breaker.js';
import { MarketplaceClock, type Clock } from './clock.js';
import {
  AuthExpiredError,
  CircuitOpenError,
  ConnectorError,
  PermanentError,
  RetryableError,
  type RemoteService,
} from './errors.js';
import {
  RateLimiter,
  headerText,
  signalsFromHeaders,
  type RateLimit,
  type RateSignals,
} from './limiter.js';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy, type RetryState } from './retry.js';
import type { TokenManager } from './tokens.js';

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

export interface RequestSpec {
  /** Our name for the call, e.g. `product.get_item_list`; used in errors and logs. */
  operation: string;
  /** The rate-limit bucket this call draws from. */
  bucket: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the base URL, or absolute (another host, e.g. a presigned upload URL). */
  path: string;
  /** Arrays become repeated parameters (`a=1&a=2`); join them yourself for comma lists. */
  query?: Record<string, QueryValue>;
  body?: unknown;
  /**
   * A body sent as is with its own content type instead of `body` as JSON (form-encoded OAuth
   * token requests). Takes precedence over `body`.
   */
  rawBody?: { contentType: string; text: string };
  /** Headers of this request (e.g. a content language); the protocol's own headers win. */
  headers?: Record<string, string>;
  /** Whether repeating the request after a lost reply is harmless. */
  idempotent: boolean;
  /** Whether the call needs the account's access token. */
  authenticated: boolean;
}

export interface PreparedRequest {
  query: URLSearchParams;
  headers: Record<string, string>;
}

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed JSON, or undefined with `parseError` set when the body is not JSON. */
  json: unknown;
  parseError: string | null;
}

export interface MarketplaceProtocol {
  marketplace: RemoteService;
  /** Adds authentication/signing right before sending; `now` is the marketplace's time. */
  prepare(spec: RequestSpec, context: { now: number; accessToken: string | null }): PreparedRequest;
  /** Turns a reply into its payload, or throws a ConnectorError of the right kind. */
  interpret(reply: RawReply, spec: RequestSpec): unknown;
  /** Throttle and limit signals beyond the common headers (e.g. a throttle code in a 200 body). */
  rateSignals?(reply: RawReply): RateSignals;
}

export interface HttpClientOptions {
  protocol: MarketplaceProtocol;
  accountKey: string;
  baseUrl: string;
  clock: Clock;
  limits: (bucket: string) => RateLimit;
  tokens?: TokenManager;
  retry?: Partial<RetryPolicy>;
  breaker?: Partial<BreakerOptions>;
  /** Real milliseconds before a request is abandoned. */
  timeoutMs?: number;
  maxSockets?: number;
  random?: () => number;
}

function toQuery(query: Record<string, QueryValue> | undefined): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value))
      for (const entry of value as (string | number)[]) out.append(key, String(entry));
    else out.append(key, String(value));
  }
  return out;
}

const TRANSPORT_NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_CIRCUIT_OPEN']);

/**
 * A kept-alive connection the server closed as idle just as we wrote on it: the reset comes before
 * any byte of an answer, on a socket an earlier request had used. The server never read the
 * request (Node's documentation of `request.reusedSocket` describes this race), so sending it again
 * on a fresh connection is safe even for a write. Without this, a write caught by the race would be
 * left "may have been applied" for the next run to reconcile.
 */
function idleSocketClosed(error: unknown): boolean {
  if (!axios.isAxiosError(error) || error.response !== undefined) return false;
  if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') return false;
  const request: unknown = error.request;
  return (
    typeof request === 'object' &&
    request !== null &&
    'reusedSocket' in request &&
    request.reusedSocket === true
  );
}

export class HttpClient {
  readonly clock: MarketplaceClock;
  readonly limiter: RateLimiter;
  readonly breaker: CircuitBreaker;
  private readonly axios: AxiosInstance;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly retry: RetryPolicy;
  private readonly log = createLogger('connectors.http');
  private readonly random: () => number;
  private closed = false;
  private signalClosed: () => void = () => {};
  /** Resolves on close(), so a request waiting for a token, a backoff or a breaker stops at once. */
  private readonly whenClosed = new Promise<void>((resolve) => {
    this.signalClosed = resolve;
  });

  constructor(private readonly options: HttpClientOptions) {
    this.clock = new MarketplaceClock(options.clock);
    this.limiter = new RateLimiter(options.clock, options.limits);
    this.breaker = new CircuitBreaker(options.clock, {
      ...DEFAULT_BREAKER_OPTIONS,
      ...options.breaker,
    });
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.random = options.random ?? Math.random;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16 };
    this.agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
    this.axios = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs ?? 30_000,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      maxRedirects: 0,
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
    });
  }

  /**
   * Closes the sockets and ends every request under way: each fails with a permanent
   * `client closed` error at its next step instead of retrying against a connection that is gone.
   */
  close(): void {
    this.closed = true;
    this.signalClosed();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private get marketplace(): RemoteService {
    return this.options.protocol.marketplace;
  }

  /** Sends one logical request, retrying as the taxonomy says; resolves with the payload. */
  async request<T = unknown>(spec: RequestSpec): Promise<T> {
    const state: RetryState = { retryable: 0, rateLimited: 0, startedAt: this.options.clock.now() };
    let refreshed = false;
    for (;;) {
      this.throwIfClosed(spec);
      const admission = this.breaker.admit();
      if (!admission.ok) {
        const open = new CircuitOpenError(
          'The marketplace kept refusing; waiting before trying again',
          {
            marketplace: this.marketplace,
            operation: spec.operation,
            retryAfterMs: admission.retryAfterMs,
          },
        );
        if (
          this.options.clock.now() - state.startedAt + admission.retryAfterMs >
          this.retry.maxElapsedMs
        )
          throw open;
        await this.untilClosed(this.options.clock.sleep(admission.retryAfterMs));
        continue;
      }
      let accessToken: string | null = null;
      try {
        await this.untilClosed(this.limiter.acquire(spec.bucket));
        this.throwIfClosed(spec);
        if (spec.authenticated) {
          if (!this.options.tokens)
            throw new Error(`${spec.operation} needs tokens but the client has no token manager`);
          accessToken = await this.options.tokens.accessToken();
        }
        const result = await this.attempt(spec, accessToken);
        this.breaker.success();
        return result as T;
      } catch (error) {
        if (!(error instanceof ConnectorError)) throw error;
        this.throwIfClosed(spec);
        if (
          error instanceof AuthExpiredError &&
          this.options.tokens &&
          !refreshed &&
          accessToken !== null
        ) {
          this.breaker.neutral();
          refreshed = true;
          this.log.debug('access token refused; refreshing once', {
            operation: spec.operation,
            requestId: error.requestId,
          });
          await this.options.tokens.refresh(accessToken);
          continue;
        }
        if (error.kind === 'retryable' || error.kind === 'rate_limited') this.breaker.failure();
        else this.breaker.neutral();
        const decision = decideRetry(
          error,
          state,
          this.retry,
          this.options.clock.now(),
          spec.idempotent,
          this.random,
        );
        if (!decision.retry) throw error;
        if (error.kind === 'rate_limited') state.rateLimited += 1;
        else state.retryable += 1;
        this.log.debug('retrying', { operation: spec.operation, error, delayMs: decision.delayMs });
        if (decision.delayMs > 0)
          await this.untilClosed(this.options.clock.sleep(decision.delayMs));
      }
    }
  }

  private throwIfClosed(spec: RequestSpec): void {
    if (!this.closed) return;
    throw new PermanentError(
      `The ${this.marketplace} client was closed; ${spec.operation} was not sent`,
      {
        marketplace: this.marketplace,
        operation: spec.operation,
        marketplaceCode: 'client_closed',
      },
    );
  }

  /** Waits for `work` or for close(), whichever comes first. */
  private async untilClosed(work: Promise<unknown>): Promise<void> {
    await Promise.race([work, this.whenClosed]);
  }

  private async attempt(spec: RequestSpec, accessToken: string | null): Promise<unknown> {
    const { protocol } = this.options;
    const prepared = protocol.prepare(spec, { now: this.clock.now(), accessToken });
    const merged = toQuery(spec.query);
    for (const [key, value] of prepared.query) merged.append(key, value);
    const search = merged.toString();
    // A path may already carry a query (a presigned URL): parameters are appended to it.
    const url =
      search === '' ? spec.path : `${spec.path}${spec.path.includes('?') ? '&' : '?'}${search}`;
    const sentAt = this.clock.baseNow();
    let reply: RawReply;
    try {
      const payload = spec.rawBody
        ? { type: spec.rawBody.contentType, text: spec.rawBody.text }
        : spec.body === undefined
          ? null
          : { type: 'application/json', text: JSON.stringify(spec.body) };
      const response = await this.axios.request<string>({
        url,
        method: spec.method,
        headers: {
          ...spec.headers,
          ...prepared.headers,
          ...(payload ? { 'content-type': payload.type } : {}),
        },
        data: payload?.text,
      });
      reply = this.toReply(response.status, response.headers, response.data);
    } catch (error) {
      throw this.transportError(spec, error);
    }
    const receivedAt = this.clock.baseNow();
    if (this.clock.observe(reply.headers.date, sentAt, receivedAt)) {
      this.log.info('adopted the marketplace clock', {
        marketplace: this.marketplace,
        offsetMs: this.clock.offset,
      });
    }
    const signals: RateSignals = {
      ...signalsFromHeaders(reply.headers, this.clock.now()),
      ...protocol.rateSignals?.(reply),
    };
    if (reply.status === 429) signals.throttled = true;
    this.limiter.report(spec.bucket, signals);
    return protocol.interpret(reply, spec);
  }

  private toReply(status: number, headers: Record<string, unknown>, data: unknown): RawReply {
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(headers)) {
      const text = Array.isArray(value)
        ? value
            .map(headerText)
            .filter((entry) => entry !== null)
            .join(', ')
        : headerText(value);
      if (text !== null) flat[key.toLowerCase()] = text;
    }
    const text =
      typeof data === 'string'
        ? data
        : data === undefined || data === null
          ? ''
          : JSON.stringify(data);
    let json: unknown;
    let parseError: string | null = null;
    try {
      json = text.length > 0 ? (JSON.parse(text) as unknown) : undefined;
      if (text.length === 0) parseError = 'empty body';
    } catch (error) {
      parseError = error instanceof Error ? error.message : String(error);
    }
    return { status, headers: flat, text, json, parseError };
  }

  private transportError(spec: RequestSpec, error: unknown): RetryableError {
    const code = axios.isAxiosError(error) ? (error.code ?? '') : '';
    const notSent = TRANSPORT_NOT_SENT.has(code) || idleSocketClosed(error);
    const what =
      code === 'ECONNABORTED' || code === 'ETIMEDOUT'
        ? 'timed out'
        : `failed (${code || 'network error'})`;
    return new RetryableError(`${spec.operation} ${what}`, {
      marketplace: this.marketplace,
      operation: spec.operation,
      maybeApplied: !notSent,
      cause: error instanceof Error ? new Error(redactText(error.message)) : undefined,
    });
  }
}
