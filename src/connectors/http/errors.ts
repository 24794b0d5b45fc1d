/**
 * One error taxonomy for every marketplace. Whatever the marketplace said (HTTP status, an error
 * field inside an HTTP 200 body, a broken body, a dropped connection) becomes one of five kinds, and
 * the kind alone decides what happens next:
 * - retryable:    try again after a backoff (5xx, timeouts, resets, truncated bodies, busy);
 * - rate_limited: wait (Retry-After when given) and slow down, then try again;
 * - auth_expired: refresh the access token once, then try again;
 * - permanent:    do not retry; the marketplace's code and message say why;
 * - needs_user:   the seller must act (re-authorise, grant a permission).
 * Messages are redacted when the error is built, so an error can be logged or shown as is.
 */
import type { Marketplace } from '../../shared/domain.js';
import { redactText } from '../../shared/redact.js';

export const ERROR_KINDS = [
  'retryable',
  'rate_limited',
  'auth_expired',
  'permanent',
  'needs_user',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * Who answered: a marketplace, or another remote service the kit's HTTP layer calls for the
 * engine (the translation providers). Sync reports only ever see marketplaces.
 */
export type RemoteService = Marketplace | 'translation';

export interface ConnectorErrorDetails {
  marketplace: RemoteService;
  /** Our name for the call, e.g. `product.get_item_list`. */
  operation: string;
  requestId?: string | null;
  /** The marketplace's own error code and message, verbatim (redacted). */
  marketplaceCode?: string | null;
  marketplaceMessage?: string | null;
  httpStatus?: number | null;
  /** How long the marketplace asked us to wait, when it said. */
  retryAfterMs?: number | null;
  /**
   * ISO-8601 UTC: when a block the seller cannot lift sooner ends by itself (e.g. AliExpress bans
   * an app key until midnight GMT+8 once its daily quota is used). Null when not known.
   */
  until?: string | null;
  /**
   * True when the request may have been applied although we got no usable answer (a write whose
   * reply was lost): the caller must check before repeating it.
   */
  maybeApplied?: boolean;
  cause?: unknown;
}

export abstract class ConnectorError extends Error {
  abstract readonly kind: ErrorKind;
  readonly marketplace: RemoteService;
  readonly operation: string;
  readonly requestId: string | null;
  readonly marketplaceCode: string | null;
  readonly marketplaceMessage: string | null;
  readonly httpStatus: number | null;
  readonly retryAfterMs: number | null;
  readonly until: string | null;
  readonly maybeApplied: boolean;

  constructor(message: string, details: ConnectorErrorDetails) {
    super(redactText(message), details.cause === undefined ? undefined : { cause: details.cause });
    this.marketplace = details.marketplace;
    this.operation = details.operation;
    this.requestId = details.requestId ?? null;
    this.marketplaceCode = details.marketplaceCode ?? null;
    this.marketplaceMessage =
      details.marketplaceMessage == null ? null : redactText(details.marketplaceMessage);
    this.httpStatus = details.httpStatus ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.until = details.until ?? null;
    this.maybeApplied = details.maybeApplied ?? false;
  }

  /** A plain, redacted record for logs and sync reports. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      marketplace: this.marketplace,
      operation: this.operation,
      requestId: this.requestId,
      marketplaceCode: this.marketplaceCode,
      marketplaceMessage: this.marketplaceMessage,
      httpStatus: this.httpStatus,
      retryAfterMs: this.retryAfterMs,
      until: this.until,
      maybeApplied: this.maybeApplied,
    };
  }
}

export class RetryableError extends ConnectorError {
  override readonly name: string = 'RetryableError';
  readonly kind = 'retryable';
}

export class RateLimitedError extends ConnectorError {
  override readonly name = 'RateLimitedError';
  readonly kind = 'rate_limited';
}

export class AuthExpiredError extends ConnectorError {
  override readonly name = 'AuthExpiredError';
  readonly kind = 'auth_expired';
}

export class PermanentError extends ConnectorError {
  override readonly name: string = 'PermanentError';
  readonly kind = 'permanent';
}

/**
 * What the seller must do: authorise again, grant a permission, or wait for (or raise) a quota
 * that is used up — the error's `until` says when it lifts by itself.
 */
export type NeedsUserReason = 'reauthorize' | 'permission' | 'quota';

export class NeedsUserError extends ConnectorError {
  override readonly name = 'NeedsUserError';
  readonly kind = 'needs_user';
  constructor(
    message: string,
    readonly reason: NeedsUserReason,
    details: ConnectorErrorDetails,
  ) {
    super(message, details);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/** A marketplace reply we cannot read: valid JSON of the wrong shape. Kept with its issues. */
export class InvalidPayloadError extends PermanentError {
  override readonly name = 'InvalidPayloadError';
  constructor(
    message: string,
    readonly issues: string[],
    details: ConnectorErrorDetails,
  ) {
    super(message, details);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** A capability the marketplace does not have (declared in the connector's capabilities). */
export class UnsupportedError extends PermanentError {
  override readonly name = 'UnsupportedError';
}

/** Our own input is wrong (caught before any request is sent). */
export class InvalidInputError extends PermanentError {
  override readonly name = 'InvalidInputError';
}

/** The account's circuit is open: the marketplace kept refusing, we are giving it a rest. */
export class CircuitOpenError extends RetryableError {
  override readonly name = 'CircuitOpenError';
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}
