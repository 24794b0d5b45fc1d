/**
 * eBay's two counted limits, kept across runs through an EbayUsageStore the engine can back with
 * SQLite (an in-memory one is here for tests and the sandbox), as the kit's TokenStore is:
 *
 * - Daily call quotas per API per application (notes §2.5: Inventory 2,000,000, Fulfillment
 *   100,000, …). Every attempt sent is counted (retries too: eBay counts them). When an API's
 *   count for the day reaches its quota less a reserve, calls to it are refused locally with a
 *   rate-limited error that says when the day turns, instead of spending the day on 429s. The day
 *   turns at the reset time the Analytics API reported, else at Pacific midnight (UNCONFIRMED).
 *   Counts are kept per application (client id): a seller's accounts on several sites share one.
 * - 250 revisions per listing per calendar day (Inventory API notes). eBay does not say in which
 *   zone the day turns, so the ledger counts over the last 24 hours: never more than 250 in any
 *   24 hours means never more than 250 in any calendar day, wherever it starts. Revisions are
 *   recorded and saved BEFORE the call that makes them, so a crash cannot undercount.
 *
 * Quota counts are saved every SAVE_EVERY calls and on flush(); a crash loses at most that many.
 */
import { createLogger } from '../../shared/log.js';
import type { Clock } from '../http/clock.js';
import { RateLimitedError } from '../http/errors.js';
import { nextPacificMidnight } from './calendar.js';

export const EBAY_API_BUCKETS = [
  'inventory',
  'fulfillment',
  'identity',
  'analytics',
  'oauth',
] as const;
export type EbayApiBucket = (typeof EBAY_API_BUCKETS)[number];

/** Default-tier daily quotas (notes §2.5; identity and analytics UNCONFIRMED, kept small). */
export const EBAY_DAILY_QUOTAS: Readonly<Record<EbayApiBucket, number>> = {
  inventory: 2_000_000,
  fulfillment: 100_000,
  identity: 5_000,
  analytics: 5_000,
  // refresh_token grants: 50,000 a day per application.
  oauth: 50_000,
};

export const REVISIONS_PER_DAY = 250;
const DAY_MS = 86_400_000;
const SAVE_EVERY = 50;
const log = createLogger('connectors.ebay.usage');

export interface QuotaRecord {
  used: number;
  /** Epoch ms when the count starts again from zero. */
  resetAt: number;
  /** The quota, when the Analytics API reported one (else the default table). */
  limit: number | null;
}

/** What is kept per application (quotas) and per account (revisions). */
export interface EbayUsageState {
  quotas: Partial<Record<EbayApiBucket, QuotaRecord>>;
  /** Revision times (epoch ms) in the last 24 hours, per listing key. */
  revisions: Record<string, number[]>;
  /** The listing each offer revises (learnt from pulls), so revisions of variations add up. */
  listingOfOffer: Record<string, string>;
}

export interface EbayUsageStore {
  load(key: string): Promise<EbayUsageState | null>;
  /** Must resolve only once the state is durably stored. */
  save(key: string, state: EbayUsageState): Promise<void>;
}

export class InMemoryEbayUsageStore implements EbayUsageStore {
  private readonly states = new Map<string, string>();
  saves = 0;

  load(key: string): Promise<EbayUsageState | null> {
    const text = this.states.get(key);
    return Promise.resolve(text === undefined ? null : (JSON.parse(text) as EbayUsageState));
  }

  save(key: string, state: EbayUsageState): Promise<void> {
    this.saves += 1;
    this.states.set(key, JSON.stringify(state));
    return Promise.resolve();
  }
}

const empty = (): EbayUsageState => ({ quotas: {}, revisions: {}, listingOfOffer: {} });

/** One persisted usage record (by key), loaded once and saved through a queue. */
class Ledger {
  state: EbayUsageState = empty();
  private loading: Promise<void> | null = null;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EbayUsageStore,
    private readonly key: string,
  ) {}

  ready(): Promise<void> {
    this.loading ??= this.store.load(this.key).then((loaded) => {
      if (loaded) this.state = { ...empty(), ...loaded };
    });
    return this.loading;
  }

  /** Saves the current state after any save under way (saves never overlap or reorder). */
  save(): Promise<void> {
    const snapshot = JSON.parse(JSON.stringify(this.state)) as EbayUsageState;
    this.saving = this.saving
      .catch(() => undefined)
      .then(() => this.store.save(this.key, snapshot));
    return this.saving;
  }
}

/** Connectors of one application in one process share its quota ledger. */
const shared = new WeakMap<EbayUsageStore, Map<string, Ledger>>();
function ledgerFor(store: EbayUsageStore, key: string): Ledger {
  let byKey = shared.get(store);
  if (!byKey) {
    byKey = new Map();
    shared.set(store, byKey);
  }
  let ledger = byKey.get(key);
  if (!ledger) {
    ledger = new Ledger(store, key);
    byKey.set(key, ledger);
  }
  return ledger;
}

export interface UsageOptions {
  store: EbayUsageStore;
  clientId: string;
  accountKey: string;
  clock: Clock;
  quotas?: Partial<Record<EbayApiBucket, number>>;
  /** Share of each quota kept back for the seller's other tools (default 2 %). */
  reserve?: number;
}

export class EbayUsage {
  private readonly app: Ledger;
  private readonly account: Ledger;
  private unsaved = 0;

  constructor(private readonly options: UsageOptions) {
    this.app = ledgerFor(options.store, `ebay-app:${options.clientId}`);
    this.account = ledgerFor(options.store, `ebay-account:${options.accountKey}`);
  }

  private now(): number {
    return this.options.clock.now();
  }

  async ready(): Promise<void> {
    await Promise.all([this.app.ready(), this.account.ready()]);
  }

  private record(bucket: EbayApiBucket): QuotaRecord {
    const now = this.now();
    let record = this.app.state.quotas[bucket];
    if (!record || now >= record.resetAt) {
      record = { used: 0, resetAt: nextPacificMidnight(now), limit: record?.limit ?? null };
      this.app.state.quotas[bucket] = record;
    }
    return record;
  }

  quotaOf(bucket: EbayApiBucket): number {
    return this.record(bucket).limit ?? this.options.quotas?.[bucket] ?? EBAY_DAILY_QUOTAS[bucket];
  }

  /** Refuses a call to `bucket` when the day's quota (less the reserve) is used up. */
  assertAvailable(bucket: EbayApiBucket, operation: string): void {
    const record = this.record(bucket);
    const quota = this.quotaOf(bucket);
    const usable = Math.floor(quota * (1 - (this.options.reserve ?? 0.02)));
    if (record.used >= usable) {
      throw new RateLimitedError(
        `eBay's daily ${bucket} quota is used up (${record.used} of ${quota}); it resets at ${new Date(record.resetAt).toISOString()}`,
        {
          marketplace: 'ebay',
          operation,
          marketplaceCode: 'daily_quota',
          retryAfterMs: Math.max(0, record.resetAt - this.now()),
        },
      );
    }
  }

  /** Counts one attempt sent to `bucket` (called for every attempt, retries included). */
  count(bucket: EbayApiBucket): void {
    this.record(bucket).used += 1;
    this.unsaved += 1;
    if (this.unsaved >= SAVE_EVERY) {
      // Not awaited: a call is never held up by bookkeeping; a failed save is retried next time.
      this.flushQuotas().catch((error: unknown) =>
        log.warn('could not save eBay call counts', { error }),
      );
    }
  }

  used(bucket: EbayApiBucket): number {
    return this.record(bucket).used;
  }

  /** What the Analytics API reported: the quota, what is left and when it resets. */
  adopt(
    bucket: EbayApiBucket,
    report: { limit: number; remaining: number; reset: string | null },
  ): void {
    const resetAt = report.reset === null ? Number.NaN : Date.parse(report.reset);
    const record = this.record(bucket);
    record.limit = report.limit;
    // eBay's count includes other tools of the same application; ours may be behind it.
    record.used = Math.max(record.used, report.limit - report.remaining);
    if (!Number.isNaN(resetAt) && resetAt > this.now()) record.resetAt = resetAt;
  }

  private flushQuotas(): Promise<void> {
    this.unsaved = 0;
    return this.app.save();
  }

  /** The listing key of an offer: its listing when known (variations share one), else the offer. */
  listingKey(offerId: string): string {
    const listing = this.account.state.listingOfOffer[offerId];
    return listing ? `listing:${listing}` : `offer:${offerId}`;
  }

  /** Remembers which listing offers revise; saved with the next revision or flush. */
  rememberListings(pairs: Iterable<[offerId: string, listingId: string]>): void {
    for (const [offerId, listingId] of pairs)
      this.account.state.listingOfOffer[offerId] = listingId;
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - DAY_MS;
    const kept = (this.account.state.revisions[key] ?? []).filter((at) => at > cutoff);
    if (kept.length > 0) this.account.state.revisions[key] = kept;
    else delete this.account.state.revisions[key];
    return kept;
  }

  /** Revisions the listing may still take now, and when the oldest of the last 24 h expires. */
  revisionsLeft(key: string): { left: number; nextAt: number | null } {
    const recent = this.recent(key);
    const left = Math.max(0, REVISIONS_PER_DAY - recent.length);
    return { left, nextAt: recent.length > 0 ? Math.min(...recent) + DAY_MS : null };
  }

  /** Records revisions (one per key occurrence) and saves them before the call is sent. */
  async takeRevisions(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const now = this.now();
    for (const key of keys) {
      this.recent(key);
      (this.account.state.revisions[key] ??= []).push(now);
    }
    await this.account.save();
  }

  async flush(): Promise<void> {
    await Promise.all([this.flushQuotas(), this.account.save()]);
  }
}
