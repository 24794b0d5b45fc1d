import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataEntity, InputOf, MethodName, OutputOf } from '../../shared/api/index.js';
import { temporaryStore, testClock, type TemporaryStore } from '../store/test-fixtures.js';
import { seedSeller, type Seller } from '../store/workbench-test-support.js';
import { createDispatcher } from './dispatch.js';
import { createHandlers } from './handlers.js';

let t: TemporaryStore;
let seller: Seller;
let changed: DataEntity[][];
let call: <M extends MethodName>(method: M, input: InputOf<M>) => Promise<OutputOf<M>>;

beforeEach(() => {
  t = temporaryStore({ now: testClock('2026-04-07T12:00:00.000Z').now });
  seller = seedSeller(t.store);
  changed = [];
  const dispatcher = createDispatcher(
    createHandlers({
      store: t.store,
      dataDir: t.dir,
      version: 'test',
      emitChanged: (entities) => changed.push(entities),
      newKey: (() => {
        let keys = 0;
        return () => `key-${++keys}`;
      })(),
    }),
    () => undefined,
  );
  let id = 0;
  call = async (method, input) => {
    const frame = await dispatcher.handle({ type: 'call', id: ++id, method, input });
    if (!frame.ok) throw new Error(`${frame.error.code}: ${frame.error.message}`);
    return frame.value as never;
  };
});
afterEach(() => t.dispose());

describe('money through the engine’s door', () => {
  it('takes a manual rate and lists it with its age and staleness', async () => {
    await call('fx.configure', { maxAgeDays: 3 });
    await call('fx.setManual', { base: 'USD', quote: 'TWD', date: '2026-04-01', rate: '32.50' });
    const overview = await call('fx.setManual', {
      base: 'USD',
      quote: 'VND',
      date: '2026-04-07',
      rate: '25450',
    });
    expect(overview.today).toBe('2026-04-07');
    expect(overview.maxAgeDays).toBe(3);
    expect(overview.rates).toEqual([
      expect.objectContaining({
        quote: 'TWD',
        rate: '32.5',
        source: 'manual',
        ageDays: 6,
        stale: true,
      }),
      expect.objectContaining({ quote: 'VND', rate: '25450', ageDays: 0, stale: false }),
    ]);
    expect(changed).toContainEqual(['settings']);
  });

  it('refuses bad rates and rules at the door with the field named', async () => {
    await expect(
      call('fx.setManual', { base: 'USD', quote: 'TWD', date: '2026-04-07', rate: '32,5' }),
    ).rejects.toThrow(/invalid_input: .*rate/);
    await expect(
      call('fx.setManual', { base: 'USD', quote: 'XXX', date: '2026-04-07', rate: '1' }),
    ).rejects.toThrow(/invalid_input: .*quote/);
    await expect(
      call('fx.setManual', { base: 'USD', quote: 'USD', date: '2026-04-07', rate: '1' }),
    ).rejects.toThrow(/two currencies/);
    const rule = {
      name: 'Amazon US',
      scope: { kind: 'account' as const, accountId: seller.amazon },
      baseSource: 'cost' as const,
      markupBp: 5000,
      addonsCurrency: 'CNY',
      shippingMinor: 0,
      packagingMinor: 0,
      feeBp: 9_500,
      fixedFeeMinor: 0,
      fixedFeeCurrency: 'USD',
      ending: 'charm' as const,
      minMarginBp: null,
    };
    await expect(call('priceRules.save', rule)).rejects.toThrow(/invalid_input: .*feeBp/);
    const saved = await call('priceRules.save', { ...rule, feeBp: 1500 });
    expect(saved).toMatchObject({ id: expect.any(Number) as number, feeBp: 1500 });
    await expect(call('priceRules.save', { ...rule, feeBp: 1500, name: 'Again' })).rejects.toThrow(
      'invalid_input: Rule "Amazon US" already prices this shop: edit it instead',
    );
    expect(await call('priceRules.list', {})).toHaveLength(1);
    expect(await call('priceRules.delete', { id: saved.id })).toEqual({ deleted: true });
    expect(await call('priceRules.list', {})).toEqual([]);
  });

  it('applies a rule through the door: a held batch and a changes event', async () => {
    await call('settings.update', { homeCurrency: 'USD' });
    await call('fx.setManual', { base: 'USD', quote: 'CNY', date: '2026-04-07', rate: '7.2' });
    const rule = await call('priceRules.save', {
      name: 'Amazon US',
      scope: { kind: 'account', accountId: seller.amazon },
      baseSource: 'cost',
      markupBp: 0,
      addonsCurrency: 'USD',
      shippingMinor: 0,
      packagingMinor: 0,
      feeBp: 0,
      fixedFeeMinor: 0,
      fixedFeeCurrency: 'USD',
      ending: 'none',
      minMarginBp: null,
    });
    const preview = await call('priceRules.preview', { ruleId: rule.id });
    // Every seeded SKU costs 25.00 CNY = 3.47 USD (3.4722… rounded up).
    expect(preview.rows.every((row) => row.after?.amountMinor === 348)).toBe(true);
    const outcome = await call('priceRules.apply', { ruleId: rule.id });
    expect(outcome.changed).toBe(preview.changed);
    expect(outcome.batchId).not.toBeNull();
    expect(changed).toContainEqual(['listings', 'changes']);
    const summary = await call('changes.summary', {});
    expect(summary.jobs.held).toBe(preview.changed);
    expect(summary.jobs.pending).toBe(0);
  });
});

describe('the rate provider’s key', () => {
  it('is stored encrypted, reported as set, never returned, and can be forgotten', async () => {
    const before = await call('fx.list', {});
    expect(before.providerKeySet).toBe(false);
    const after = await call('fx.setApiKey', { key: 'app-id-7f3c9e' });
    expect(after.providerKeySet).toBe(true);
    expect(JSON.stringify(after)).not.toContain('app-id-7f3c9e');
    const stored = t.store.raw.prepare('SELECT scope, name, sealed FROM secrets').all() as {
      scope: string;
      name: string;
      sealed: Buffer;
    }[];
    expect(stored.map((row) => `${row.scope}/${row.name}`)).toEqual([
      'fx-provider/openexchangerates',
    ]);
    expect(Buffer.from(stored[0]!.sealed).toString('latin1')).not.toContain('app-id-7f3c9e');
    expect((await call('fx.setApiKey', { key: null })).providerKeySet).toBe(false);
  });
});
