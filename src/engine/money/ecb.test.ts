import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/connection.js';
import { ecbSnapshots, parseEcbFeed } from './ecb.js';
import { saveRates } from './rate-store.js';
import { findRate } from './rates.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('ECB feed', () => {
  it('reads the daily file: one day, EUR→currency rates as published', () => {
    const feed = parseEcbFeed(fixture('eurofxref-daily.xml'));
    expect(feed.days).toHaveLength(1);
    expect(feed.days[0]?.date).toBe('2026-04-07');
    expect(feed.days[0]?.rates).toHaveLength(29);
    expect(feed.days[0]?.rates.slice(0, 2)).toEqual([
      { currency: 'USD', rate: '1.0912' },
      { currency: 'JPY', rate: '163.45' },
    ]);
    // Trailing zeros are dropped, the value kept: 0.85410 → 0.8541.
    expect(feed.days[0]?.rates.find((rate) => rate.currency === 'GBP')?.rate).toBe('0.8541');
    expect(feed.ignored).toEqual([]);
  });

  it('reads the 90-day file; Good Friday and Easter Monday have no rates and are no days', () => {
    const feed = parseEcbFeed(fixture('eurofxref-hist-90d.xml'));
    expect(feed.days.map((day) => day.date)).toEqual(['2026-04-07', '2026-04-02', '2026-04-01']);
    const snapshots = ecbSnapshots(feed);
    expect(snapshots).toHaveLength(21);
    expect(snapshots[0]).toEqual({
      base: 'EUR',
      quote: 'USD',
      date: '2026-04-07',
      rate: '1.0912',
      source: 'ecb',
    });
  });

  describe('stored and looked up across the Easter holiday', () => {
    let store: Store;
    beforeEach(() => {
      store = openStore(':memory:');
      store.write((w) =>
        saveRates(w, ecbSnapshots(parseEcbFeed(fixture('eurofxref-hist-90d.xml')))),
      );
    });
    afterEach(() => store.close());

    it('prices on Good Friday with Thursday’s rate, and refuses it when the allowed age is 0', () => {
      const friday = store.read((r) => findRate(r, 'EUR', 'USD', '2026-04-03', { maxAgeDays: 4 }));
      expect(friday).toMatchObject({
        kind: 'found',
        rate: '1.0874',
        date: '2026-04-02',
        ageDays: 1,
      });
      const monday = store.read((r) => findRate(r, 'EUR', 'USD', '2026-04-06', { maxAgeDays: 4 }));
      expect(monday).toMatchObject({ kind: 'found', date: '2026-04-02', ageDays: 4 });
      const strict = store.read((r) => findRate(r, 'EUR', 'USD', '2026-04-06', { maxAgeDays: 3 }));
      expect(strict).toMatchObject({ kind: 'stale', date: '2026-04-02', ageDays: 4 });
      const tuesday = store.read((r) => findRate(r, 'USD', 'THB', '2026-04-07', { maxAgeDays: 0 }));
      // 37.812 / 1.0912 = 34.65175953…
      expect(tuesday).toMatchObject({ kind: 'found', rate: '34.65175953', date: '2026-04-07' });
    });
  });

  it('keeps a day element without rates as a day with none', () => {
    const feed = parseEcbFeed(
      `<gesmes:Envelope><Cube><Cube time="2026-12-28"><Cube currency="USD" rate="1.1"/></Cube><Cube time='2026-12-25'></Cube></Cube></gesmes:Envelope>`,
    );
    expect(feed.days).toEqual([
      { date: '2026-12-28', rates: [{ currency: 'USD', rate: '1.1' }] },
      { date: '2026-12-25', rates: [] },
    ]);
  });

  it('names currencies it does not know instead of guessing their exponent', () => {
    const feed = parseEcbFeed(
      `<gesmes:Envelope><Cube><Cube time='2026-01-05'><Cube currency='USD' rate='1.1'/><Cube currency='XYZ' rate='2'/></Cube></Cube></gesmes:Envelope>`,
    );
    expect(feed.days[0]?.rates).toEqual([{ currency: 'USD', rate: '1.1' }]);
    expect(feed.ignored).toEqual(['XYZ']);
  });

  it.each([
    ['<html><body>Maintenance</body></html>', /no gesmes:Envelope/],
    ['<gesmes:Envelope><Cube></Cube></gesmes:Envelope>', /holds no day/],
    [
      "<gesmes:Envelope><Cube><Cube time='2026-13-45'></Cube></Cube></gesmes:Envelope>",
      /not a calendar date/,
    ],
    [
      "<gesmes:Envelope><Cube><Cube time='2026-01-05'><Cube currency='USD' rate='1,1'/></Cube></Cube></gesmes:Envelope>",
      /plain decimal/,
    ],
    [
      "<gesmes:Envelope><Cube><Cube time='2026-01-05'><Cube currency='USD' rate='0'/></Cube></Cube></gesmes:Envelope>",
      /greater than zero/,
    ],
    [
      "<gesmes:Envelope><Cube><Cube time='2026-01-05'><Cube currency='USD' rate='1.1'/>",
      /truncated/,
    ],
    [
      "<gesmes:Envelope><Cube><Cube time='2026-01-05'></Cube><Cube time='2026-01-05'></Cube></Cube></gesmes:Envelope>",
      /appears twice/,
    ],
  ])('refuses a feed that is not the feed: %s', (xml, reason) => {
    expect(() => parseEcbFeed(xml)).toThrow(reason);
  });
});
