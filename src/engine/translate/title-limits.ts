/**
 * Amazon's title limit per product type, read through an Amazon account's connector
 * (`titleLimit`, from the product type's schema) and kept in connector_state (scope
 * 'amazon.title-limits', one document per site and product type) for 30 days: the limits change
 * rarely and each read costs two requests. A limit that cannot be read (no connector reachable,
 * offline, refused) falls back to Amazon's general 200, and the issue message says so; such a
 * miss is not stored, so the next run tries again.
 */
import type { AccountId } from '../../shared/ids.js';
import type { Marketplace } from '../../shared/domain.js';
import type { Connector } from '../../connectors/connector.js';
import type { ConnectorStateStore } from '../../connectors/state.js';
import { createLogger } from '../../shared/log.js';
import { TITLE_RULES, type TitleLimit } from './rules.js';

const log = createLogger('engine.translate.title-limits');

export const TITLE_LIMIT_SCOPE = 'amazon.title-limits';
export const TITLE_LIMIT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** What the engine needs of a listing to know its title limit. */
export interface ListingForLimit {
  accountId: number;
  marketplace: Marketplace;
  site: string;
  productType: string | null;
}

/** The Amazon connector's product type lookup (AmazonConnector.titleLimit). */
interface TitleLimitReader {
  titleLimit(productType: string): Promise<number | null>;
}

function readsTitleLimits(connector: Connector): connector is Connector & TitleLimitReader {
  return (
    connector.marketplace === 'amazon' &&
    typeof (connector as Partial<TitleLimitReader>).titleLimit === 'function'
  );
}

interface StoredLimit {
  maxLength: number | null;
  checkedAt: string;
}

function isStoredLimit(value: unknown): value is StoredLimit {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return (
    (record.maxLength === null ||
      (typeof record.maxLength === 'number' && Number.isInteger(record.maxLength))) &&
    typeof record.checkedAt === 'string' &&
    !Number.isNaN(Date.parse(record.checkedAt))
  );
}

function cacheKey(site: string, productType: string): string {
  return `${site}:${productType.toUpperCase()}`;
}

/** A lookup of each listing's limit; null = the marketplace's general rule. */
export type TitleLimitOf = (listing: ListingForLimit) => TitleLimit | null;

export interface TitleLimitsOptions {
  state: ConnectorStateStore;
  /** The connector of an account this engine can reach now, if any. */
  connectorOf: (accountId: AccountId) => Connector | null;
  now?: () => number;
  /**
   * How long one lookup may take before the general limit is used instead (default 20 s): the
   * HTTP kit retries an unreachable Amazon for minutes, which an estimate must not wait for. A
   * reply that comes later is still stored for the next time.
   */
  waitMs?: number;
}

export class TitleLimits {
  constructor(private readonly options: TitleLimitsOptions) {}

  /**
   * The limits of these listings' Amazon product types: from the cache, and with `refresh`,
   * read again through a connector when missing or older than 30 days.
   */
  async resolve(
    listings: readonly ListingForLimit[],
    options: { refresh: boolean },
  ): Promise<TitleLimitOf> {
    const wanted = new Map<string, { site: string; productType: string; accounts: number[] }>();
    for (const listing of listings) {
      if (listing.marketplace !== 'amazon' || !listing.productType) continue;
      const key = cacheKey(listing.site, listing.productType);
      const entry = wanted.get(key) ?? {
        site: listing.site,
        productType: listing.productType.toUpperCase(),
        accounts: [],
      };
      if (!entry.accounts.includes(listing.accountId)) entry.accounts.push(listing.accountId);
      wanted.set(key, entry);
    }
    const known = new Map<string, number | null>();
    const now = (this.options.now ?? Date.now)();
    for (const [key, entry] of wanted) {
      const stored = await this.options.state.load(TITLE_LIMIT_SCOPE, key);
      const cached = isStoredLimit(stored) ? stored : null;
      const fresh = cached !== null && now - Date.parse(cached.checkedAt) < TITLE_LIMIT_MAX_AGE_MS;
      if (cached && (fresh || !options.refresh)) {
        known.set(key, cached.maxLength);
        continue;
      }
      if (!options.refresh) continue;
      const save = (maxLength: number | null) =>
        this.options.state.save(TITLE_LIMIT_SCOPE, key, {
          maxLength,
          checkedAt: new Date((this.options.now ?? Date.now)()).toISOString(),
        } satisfies StoredLimit);
      const read = await this.read(entry.productType, entry.accounts, save);
      if (read === undefined) {
        // An outdated limit is still better than the general one.
        if (cached) known.set(key, cached.maxLength);
        continue;
      }
      known.set(key, read);
      await save(read);
    }
    return (listing) => {
      if (listing.marketplace !== 'amazon' || !listing.productType) return null;
      const key = cacheKey(listing.site, listing.productType);
      if (!known.has(key))
        return {
          maxLength: TITLE_RULES.amazon.maxLength,
          basis: `Amazon's general limit: the limit of product type ${listing.productType.toUpperCase()} ${
            options.refresh
              ? 'could not be read from Amazon (no connection to the account)'
              : 'has not been read from Amazon yet'
          }`,
        };
      const maxLength = known.get(key) ?? null;
      return maxLength === null
        ? null
        : { maxLength, basis: `for product type ${listing.productType.toUpperCase()}` };
    };
  }

  /** The limit through the first account whose connector answers; undefined when none did. */
  private async read(
    productType: string,
    accounts: number[],
    saveLate: (maxLength: number | null) => Promise<void>,
  ): Promise<number | null | undefined> {
    for (const accountId of accounts) {
      const connector = this.options.connectorOf(accountId as AccountId);
      if (!connector || !readsTitleLimits(connector)) continue;
      const lookup = connector.titleLimit(productType);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), this.options.waitMs ?? 20_000);
      });
      try {
        const result = await Promise.race([lookup, timeout]);
        if (result !== 'timeout') return result;
        log.warn('the title limit of a product type took too long; using the general one', {
          productType,
          accountId,
        });
        lookup.then(saveLate).catch(() => undefined);
        return undefined;
      } catch (error) {
        log.warn('the title limit of a product type could not be read', {
          productType,
          accountId,
          error,
        });
      } finally {
        clearTimeout(timer);
      }
    }
    return undefined;
  }
}
