import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/connection.js';
import { convertMinor } from './convert.js';
import { listLatestRates, saveRates } from './rate-store.js';
import { findRate } from './rates.js';

let store: Store;

beforeEach(() => {
  store = openStore(':memory:', { now: () => new Date('2026-03-10T16:30:00.000Z') });
  store.write((w) =>
    saveRates(w, [
      { base: 'EUR', quote: 'USD', date: '2026-03-06', rate: '1.0800', source: 'ecb' },
      { base: 'EUR', quote: 'USD', date: '2026-03-09', rate: '1.0850', source: 'ecb' },
      { base: 'EUR', quote: 'CNY', date: '2026-03-09', rate: '7.8000', source: 'ecb' },
      { base: 'EUR', quote: 'JPY', date: '2026-03-09', rate: '162.00', source: 'ecb' },
      { base: 'USD', quote: 'TWD', date: '2026-03-09', rate: '32.5', source: 'openexchangerates' },
      { base: 'EUR', quote: 'THB', date: '2026-02-01', rate: '38.9', source: 'ecb' },
    ]),
  );
});

afterEach(() => store.close());

describe('findRate', () => {
  it('finds a direct rate with its source and date, and the latest on or before the day', () => {
    const lookup = store.read((r) => findRate(r, 'EUR', 'USD', '2026-03-10', { maxAgeDays: 3 }));
    expect(lookup).toMatchObject({
      kind: 'found',
      rate: '1.085',
      date: '2026-03-09',
      source: 'ecb',
      ageDays: 1,
    });
    const earlier = store.read((r) => findRate(r, 'EUR', 'USD', '2026-03-08', { maxAgeDays: 3 }));
    expect(earlier).toMatchObject({ kind: 'found', rate: '1.08', date: '2026-03-06', ageDays: 2 });
  });

  it('inverts and crosses through EUR, then through USD for a currency ECB lacks', () => {
    const inverse = store.read((r) => findRate(r, 'USD', 'EUR', '2026-03-10', { maxAgeDays: 3 }));
    expect(inverse).toMatchObject({ kind: 'found', rate: '0.92165899' });
    const cross = store.read((r) => findRate(r, 'CNY', 'JPY', '2026-03-10', { maxAgeDays: 3 }));
    // 162 / 7.8 = 20.769230769…
    expect(cross).toMatchObject({ kind: 'found', rate: '20.76923077', source: 'ecb' });
    if (cross.kind !== 'found') throw new Error('unreachable');
    expect(cross.legs.map((leg) => `${leg.base}/${leg.quote}${leg.inverted ? '⁻¹' : ''}`)).toEqual([
      'EUR/CNY⁻¹',
      'EUR/JPY',
    ]);
    // ¥100.00 CNY → ¥2077 (20.769… × 100 = 2076.92)
    expect(
      convertMinor({ amountMinor: 10_000, currency: 'CNY' }, cross.ratio, 'JPY').amountMinor,
    ).toBe(2077);
    const twd = store.read((r) => findRate(r, 'CNY', 'TWD', '2026-03-10', { maxAgeDays: 3 }));
    expect(twd).toMatchObject({ kind: 'found', source: 'ecb+openexchangerates' });
    if (twd.kind !== 'found') throw new Error('unreachable');
    expect(twd.legs).toHaveLength(3);
    // 1 CNY = 1.085 / 7.8 USD = 0.1391025… USD × 32.5 = 4.52083… TWD
    expect(twd.rate).toBe('4.52083333');
  });

  it('answers stale, with the rate it would have used, rather than using an old rate', () => {
    const lookup = store.read((r) => findRate(r, 'EUR', 'THB', '2026-03-10', { maxAgeDays: 7 }));
    expect(lookup).toMatchObject({
      kind: 'stale',
      rate: '38.9',
      date: '2026-02-01',
      ageDays: 37,
      maxAgeDays: 7,
    });
    const allowed = store.read((r) => findRate(r, 'EUR', 'THB', '2026-03-10', { maxAgeDays: 60 }));
    expect(allowed.kind).toBe('found');
  });

  it('prefers a fresh longer chain over a stale direct one', () => {
    store.write((w) =>
      saveRates(w, [
        { base: 'CNY', quote: 'JPY', date: '2026-01-05', rate: '19.5', source: 'manual' },
      ]),
    );
    const lookup = store.read((r) => findRate(r, 'CNY', 'JPY', '2026-03-10', { maxAgeDays: 3 }));
    expect(lookup).toMatchObject({ kind: 'found', source: 'ecb', rate: '20.76923077' });
    const old = store.read((r) => findRate(r, 'CNY', 'JPY', '2026-01-06', { maxAgeDays: 3 }));
    expect(old).toMatchObject({ kind: 'found', source: 'manual', rate: '19.5' });
  });

  it('answers missing when no chain exists, and for a day before any rate', () => {
    expect(store.read((r) => findRate(r, 'EUR', 'VND', '2026-03-10', { maxAgeDays: 3 }))).toEqual({
      kind: 'missing',
      from: 'EUR',
      to: 'VND',
      onDate: '2026-03-10',
    });
    expect(store.read((r) => findRate(r, 'EUR', 'USD', '2026-01-01', { maxAgeDays: 3 })).kind).toBe(
      'missing',
    );
  });

  it('needs no rate for the same currency', () => {
    expect(
      store.read((r) => findRate(r, 'JPY', 'JPY', '2026-03-10', { maxAgeDays: 0 })),
    ).toMatchObject({
      kind: 'found',
      rate: '1',
    });
  });
});

describe('saveRates', () => {
  it('replaces the same pair and day, lists the latest per pair, and writes nothing when one is bad', () => {
    store.write((w) =>
      saveRates(w, [
        { base: 'EUR', quote: 'USD', date: '2026-03-09', rate: '1.09', source: 'manual' },
      ]),
    );
    const latest = store.read((r) => listLatestRates(r));
    expect(latest.find((rate) => rate.quote === 'USD')).toMatchObject({
      rate: '1.09',
      source: 'manual',
      date: '2026-03-09',
      fetchedAt: '2026-03-10T16:30:00.000Z',
    });
    expect(latest).toHaveLength(5);
    expect(() =>
      store.write((w) =>
        saveRates(w, [
          { base: 'EUR', quote: 'GBP', date: '2026-03-09', rate: '0.85', source: 'manual' },
          { base: 'EUR', quote: 'XXX', date: '2026-03-09', rate: '1', source: 'manual' },
        ]),
      ),
    ).toThrow(/unknown currency XXX/);
    expect(store.read((r) => listLatestRates(r)).some((rate) => rate.quote === 'GBP')).toBe(false);
  });
});
