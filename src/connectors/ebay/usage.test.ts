import { describe, expect, it } from 'vitest';
import { ManualClock } from '../http/manual-clock.js';
import { RateLimitedError } from '../http/errors.js';
import { nextPacificMidnight, pacificDay } from './calendar.js';
import { EbayUsage, InMemoryEbayUsageStore } from './usage.js';

function usage(
  store = new InMemoryEbayUsageStore(),
  clock = new ManualClock(Date.UTC(2026, 5, 1, 12)),
) {
  return {
    store,
    clock,
    ledger: new EbayUsage({
      store,
      clientId: 'app',
      accountKey: 'acct',
      clock,
      quotas: { fulfillment: 100 },
    }),
  };
}

describe('EbayUsage quotas', () => {
  it('refuses calls once the quota less its reserve is spent, until the Pacific day turns', async () => {
    const { ledger, clock } = usage();
    await ledger.ready();
    for (let i = 0; i < 98; i++) ledger.count('fulfillment');
    expect(() => ledger.assertAvailable('fulfillment', 'op')).toThrow(RateLimitedError);
    try {
      ledger.assertAvailable('fulfillment', 'op');
    } catch (error) {
      expect((error as RateLimitedError).retryAfterMs).toBe(
        nextPacificMidnight(clock.now()) - clock.now(),
      );
    }
    expect(() => ledger.assertAvailable('inventory', 'op')).not.toThrow();
    clock.advance(nextPacificMidnight(clock.now()) - clock.now());
    expect(() => ledger.assertAvailable('fulfillment', 'op')).not.toThrow();
    expect(ledger.used('fulfillment')).toBe(0);
  });

  it('keeps counts across ledgers of one application through the store', async () => {
    const store = new InMemoryEbayUsageStore();
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
    const first = usage(store, clock).ledger;
    await first.ready();
    for (let i = 0; i < 7; i++) first.count('inventory');
    await first.flush();
    // A later run in another process: a fresh store object with the saved state.
    const copy = new InMemoryEbayUsageStore();
    await copy.save('ebay-app:app', (await store.load('ebay-app:app'))!);
    const second = usage(copy, clock).ledger;
    await second.ready();
    expect(second.used('inventory')).toBe(7);
  });

  it("adopts eBay's own count and reset time from the Analytics API", async () => {
    const { ledger, clock } = usage();
    await ledger.ready();
    ledger.count('inventory');
    const reset = new Date(clock.now() + 3_600_000).toISOString();
    ledger.adopt('inventory', { limit: 50, remaining: 10, reset });
    expect(ledger.used('inventory')).toBe(40);
    expect(ledger.quotaOf('inventory')).toBe(50);
    clock.advance(3_600_001);
    expect(ledger.used('inventory')).toBe(0);
  });
});

describe('EbayUsage revisions', () => {
  it('allows 250 per listing in any 24 hours, variations of a listing counted together', async () => {
    const { ledger, clock } = usage();
    await ledger.ready();
    ledger.rememberListings([
      ['1001', 'L1'],
      ['1002', 'L1'],
    ]);
    expect(ledger.listingKey('1001')).toBe(ledger.listingKey('1002'));
    expect(ledger.listingKey('2000')).toBe('offer:2000');
    await ledger.takeRevisions(new Array<string>(200).fill('listing:L1'));
    clock.advance(12 * 3_600_000);
    await ledger.takeRevisions(new Array<string>(50).fill('listing:L1'));
    expect(ledger.revisionsLeft('listing:L1').left).toBe(0);
    clock.advance(12 * 3_600_000 + 1);
    // The first 200 are more than 24 hours old now.
    expect(ledger.revisionsLeft('listing:L1').left).toBe(200);
  });

  it('saves revisions before they are sent', async () => {
    const { ledger, store } = usage();
    await ledger.ready();
    const saves = store.saves;
    await ledger.takeRevisions(['offer:1']);
    expect(store.saves).toBe(saves + 1);
    expect((await store.load('ebay-account:acct'))!.revisions['offer:1']).toHaveLength(1);
  });
});

describe('Pacific days', () => {
  it('turns at midnight Los Angeles time, summer and winter', () => {
    // 2026-07-01 06:59 UTC is 23:59 PDT on June 30.
    expect(pacificDay(Date.UTC(2026, 6, 1, 6, 59))).toBe('2026-06-30');
    expect(nextPacificMidnight(Date.UTC(2026, 6, 1, 6, 59))).toBe(Date.UTC(2026, 6, 1, 7));
    // In January, PST: midnight is 08:00 UTC.
    expect(nextPacificMidnight(Date.UTC(2026, 0, 15, 12))).toBe(Date.UTC(2026, 0, 16, 8));
    // Across the spring change (8 March 2026): the night of the 7th ends at 08:00 UTC on the 8th.
    expect(nextPacificMidnight(Date.UTC(2026, 2, 7, 20))).toBe(Date.UTC(2026, 2, 8, 8));
    expect(nextPacificMidnight(Date.UTC(2026, 2, 8, 20))).toBe(Date.UTC(2026, 2, 9, 7));
  });
});
