/**
 * eBay's usage ledger kept in the engine's connector state (scope 'ebay'), so quota counts and
 * revisions survive a restart of the app. What comes back from the store is checked: a document
 * written by an older version, or damaged, is dropped with a warning and counting starts again
 * rather than the connector refusing to work.
 */
import { z } from 'zod';
import { createLogger } from '../../shared/log.js';
import type { ConnectorStateStore } from '../state.js';
import { EBAY_API_BUCKETS, type EbayUsageState, type EbayUsageStore } from './usage.js';

const log = createLogger('connectors.ebay.usage');
const SCOPE = 'ebay';

const QuotaRecordSchema = z.object({
  used: z.number().int().min(0),
  resetAt: z.number().int().min(0),
  limit: z.number().int().positive().nullable(),
});

const UsageStateSchema = z.object({
  quotas: z.partialRecord(z.enum(EBAY_API_BUCKETS), QuotaRecordSchema),
  revisions: z.record(z.string(), z.array(z.number().int().min(0))),
  listingOfOffer: z.record(z.string(), z.string()),
});

const byStateStore = new WeakMap<ConnectorStateStore, EbayUsageStore>();

/**
 * The usage store over a connector state store: one per state store, because ledgers are shared
 * per usage store and two accounts of one eBay application must count against one quota record
 * (two records would each save over the other's counts).
 */
export function ebayUsageStoreOver(state: ConnectorStateStore): EbayUsageStore {
  let usage = byStateStore.get(state);
  if (!usage) {
    usage = new StateBackedEbayUsageStore(state);
    byStateStore.set(state, usage);
  }
  return usage;
}

class StateBackedEbayUsageStore implements EbayUsageStore {
  constructor(private readonly state: ConnectorStateStore) {}

  async load(key: string): Promise<EbayUsageState | null> {
    const stored = await this.state.load(SCOPE, key);
    if (stored === null) return null;
    const parsed = UsageStateSchema.safeParse(stored);
    if (!parsed.success) {
      log.warn('the stored eBay call counts are unreadable; counting starts again', {
        key,
        problem: parsed.error.issues[0]?.message,
      });
      return null;
    }
    return parsed.data;
  }

  save(key: string, state: EbayUsageState): Promise<void> {
    return this.state.save(SCOPE, key, state);
  }
}
