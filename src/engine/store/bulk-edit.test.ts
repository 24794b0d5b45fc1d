import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BulkEditInput, BulkPreviewInput } from '../../shared/api/contract-workbench.js';
import type { z } from 'zod';
import { applyBulkEdit, previewBulkEdit } from './bulk-edit.js';
import { qb } from './compiler.js';
import { InvalidStoreInput, RecordNotFound, VersionConflict } from './errors.js';
import { temporaryStore, testClock, type TemporaryStore } from './test-fixtures.js';
import {
  listingsByRemoteId,
  outboxJobs,
  seedSeller,
  type Seller,
} from './workbench-test-support.js';

let t: TemporaryStore;
let seller: Seller;
let keys = 0;
const newKey = () => `key-${++keys}`;

beforeEach(() => {
  t = temporaryStore({ now: testClock().now });
  seller = seedSeller(t.store);
});
afterEach(() => t.dispose());

const edit = (input: z.input<typeof BulkEditInput>) =>
  t.store.write((w) => applyBulkEdit(w, BulkEditInput.parse(input), newKey));
const preview = (input: z.input<typeof BulkPreviewInput>) =>
  t.store.read((r) => previewBulkEdit(r, BulkPreviewInput.parse(input)));
const listings = () => t.store.read(listingsByRemoteId);
const idOf = (remoteId: string) => listings().get(remoteId)!.id;
const snapshot = () =>
  JSON.stringify([
    [...listings().values()],
    t.store.read(outboxJobs),
    t.store.read((r) => r.all(qb.selectFrom('audit_log').selectAll())),
    t.store.read((r) => r.all(qb.selectFrom('channel_rules').selectAll())),
  ]);

describe('bulk price changes', () => {
  it('raises the filtered prices by 5 % to the .99 ending as one batch of held jobs', () => {
    const outcome = edit({
      selection: { filter: { marketplaces: ['amazon'] }, exceptIds: [] },
      operation: {
        kind: 'adjustPrice',
        by: 'percent',
        value: '5',
        rounding: { ending: 'charm', direction: 'up' },
      },
      label: 'Spring prices',
    });
    expect(outcome).toMatchObject({ applied: true, selected: 4, changed: 4, jobs: 4 });
    const after = listings();
    // 10.00 → 10.50 → 10.99; 11.00 → 11.55 → 11.99; 12.00 → 12.60 → 12.99; 13.00 → 13.65 → 13.99
    expect(['A0', 'A1', 'A2', 'A3'].map((id) => after.get(id)!.price_minor)).toEqual([
      1099, 1199, 1299, 1399,
    ]);
    expect(after.get('A0')).toMatchObject({ dirty: 1, sync_state: 'pending', local_version: 1 });
    expect(after.get('E0')!.price_minor).toBe(1250);
    const jobs = t.store.read(outboxJobs);
    expect(jobs).toHaveLength(4);
    expect(new Set(jobs.map((job) => job.state))).toEqual(new Set(['held']));
    expect(new Set(jobs.map((job) => job.batch_id))).toEqual(
      new Set([outcome.applied && outcome.batchId]),
    );
    const batch = t.store.read((r) => r.all(qb.selectFrom('change_batches').selectAll()));
    expect(batch).toMatchObject([{ label: 'Spring prices', source: 'bulk' }]);
  });

  it('parses a set price per currency and refuses decimals a currency lacks, writing nothing', () => {
    const before = snapshot();
    const outcome = edit({
      selection: { filter: {}, exceptIds: [] },
      operation: { kind: 'setPrice', amount: '19.99' },
    });
    expect(outcome.applied).toBe(false);
    if (outcome.applied) return;
    expect(outcome.refusalCount).toBe(1);
    expect(outcome.refusals[0]).toMatchObject({
      sku: 'SKU-1',
      marketplace: 'shopee',
      code: 'price_decimals',
      params: { currency: 'JPY', decimals: 0 },
    });
    expect(snapshot()).toBe(before);
  });

  it('refuses a price cut to zero or below for every listing it would hit', () => {
    const before = snapshot();
    const outcome = edit({
      selection: { ids: [idOf('A0'), idOf('E1')] },
      operation: { kind: 'adjustPrice', by: 'amount', value: '-10.00' },
    });
    expect(outcome).toMatchObject({ applied: false, refusalCount: 2 });
    expect(snapshot()).toBe(before);
  });

  it('checks the value of an adjustment against its kind', () => {
    expect(
      BulkEditInput.safeParse({
        selection: { ids: [1] },
        operation: { kind: 'adjustPrice', by: 'percent', value: '5.123' },
      }).success,
    ).toBe(false);
    expect(
      BulkEditInput.safeParse({
        selection: { ids: [1] },
        operation: { kind: 'adjustPrice', by: 'amount', value: '1,5' },
      }).success,
    ).toBe(false);
  });

  it('answers conflict, writing nothing, when the selection no longer holds what the seller saw', () => {
    const before = snapshot();
    expect(() =>
      edit({
        selection: { filter: { marketplaces: ['amazon'] }, exceptIds: [idOf('A1')] },
        operation: { kind: 'setQuantity', quantity: 3 },
        expectedCount: 4,
      }),
    ).toThrow(VersionConflict);
    expect(snapshot()).toBe(before);
    const outcome = edit({
      selection: { filter: { marketplaces: ['amazon'] }, exceptIds: [idOf('A1')] },
      operation: { kind: 'setQuantity', quantity: 3 },
      expectedCount: 3,
    });
    expect(outcome).toMatchObject({ applied: true, changed: 3 });
    expect(listings().get('A1')!.quantity).toBe(50);
  });

  it('refuses unknown explicit ids', () => {
    expect(() =>
      edit({ selection: { ids: [999] }, operation: { kind: 'setQuantity', quantity: 1 } }),
    ).toThrow(RecordNotFound);
  });

  it('writes nothing and opens no batch when every listing already shows the result', () => {
    const outcome = edit({
      selection: { ids: [idOf('A0')] },
      operation: { kind: 'setPrice', amount: '10.00' },
    });
    expect(outcome).toMatchObject({ applied: true, batchId: null, changed: 0, unchanged: 1 });
    expect(t.store.read(outboxJobs)).toEqual([]);
  });
});

describe('titles', () => {
  it('previews a regex replacement with before → after, then applies exactly that', () => {
    const operation = {
      kind: 'replaceTitle' as const,
      find: 'lamp (\\d)',
      replace: 'light #$1',
      regex: true,
    };
    const seen = preview({ selection: { filter: { search: 'garden' }, exceptIds: [] }, operation });
    expect(seen).toMatchObject({ selected: 5, changed: 4, unchanged: 1, refusalCount: 0 });
    expect(seen.samples.map((sample) => sample.changes[0])).toContainEqual({
      field: 'title',
      before: 'Garden lamp 2',
      after: 'Garden light #2',
    });
    expect(t.store.read(outboxJobs)).toEqual([]);
    edit({ selection: { filter: { search: 'garden' }, exceptIds: [] }, operation });
    expect(listings().get('A2')!.title).toBe('Garden light #2');
    expect(listings().get('E0')!.title).toBe('Garden lamp solar');
  });

  it('replaces plain text literally, case-insensitively unless asked', () => {
    edit({
      selection: { ids: [idOf('A0'), idOf('E0')] },
      operation: { kind: 'replaceTitle', find: 'GARDEN', replace: '$& Patio' },
    });
    expect(listings().get('A0')!.title).toBe('$& Patio lamp 0');
    const untouched = edit({
      selection: { ids: [idOf('A1')] },
      operation: { kind: 'replaceTitle', find: 'GARDEN', replace: 'x', caseSensitive: true },
    });
    expect(untouched).toMatchObject({ applied: true, changed: 0 });
  });

  it('refuses a title longer than the marketplace takes (eBay: 80)', () => {
    const outcome = edit({
      selection: { ids: [idOf('A0'), idOf('E0')] },
      operation: { kind: 'setTitle', title: 'x'.repeat(100) },
    });
    expect(outcome).toMatchObject({ applied: false, refusalCount: 1 });
    if (outcome.applied) return;
    expect(outcome.refusals[0]).toMatchObject({
      marketplace: 'ebay',
      code: 'title_too_long',
      params: { length: 100, max: 80 },
    });
  });

  it('rejects an invalid pattern as input, not as a listing refusal', () => {
    expect(() =>
      preview({
        selection: { ids: [idOf('A0')] },
        operation: { kind: 'replaceTitle', find: '(unclosed', replace: '', regex: true },
      }),
    ).toThrow(InvalidStoreInput);
  });
});

describe('fill down and status', () => {
  it('copies one listing’s price to the others in its currency only', () => {
    const outcome = edit({
      selection: { ids: [idOf('A0'), idOf('A3'), idOf('E0')] },
      operation: { kind: 'fillDown', field: 'price', fromId: idOf('A0') },
    });
    expect(outcome).toMatchObject({ applied: false, refusalCount: 1 });
    edit({
      selection: { ids: [idOf('A0'), idOf('A3'), idOf('A2')] },
      operation: { kind: 'fillDown', field: 'price', fromId: idOf('A0') },
    });
    expect(listings().get('A3')!.price_minor).toBe(1000);
    expect(listings().get('A2')!.price_minor).toBe(1000);
  });

  it('sets the status of active and inactive listings and leaves deleted ones out', () => {
    t.store.write((w) =>
      w.run(qb.updateTable('listings').set({ status: 'deleted' }).where('remote_id', '=', 'A3')),
    );
    const outcome = edit({
      selection: { filter: { marketplaces: ['amazon'] }, exceptIds: [] },
      operation: { kind: 'setStatus', status: 'inactive' },
    });
    expect(outcome).toMatchObject({ applied: true, changed: 3, skipped: 1 });
    expect(listings().get('A3')!.status).toBe('deleted');
    expect(listings().get('A2')!.status).toBe('inactive');
  });
});

describe('buffer', () => {
  it('sets the shop’s rule for each master SKU and holds the quantity updates it causes', () => {
    const outcome = edit({
      selection: { filter: { marketplaces: ['amazon'] }, exceptIds: [] },
      operation: { kind: 'setBuffer', buffer: 5 },
    });
    expect(outcome).toMatchObject({ applied: true, changed: 4, jobs: 4 });
    const rules = t.store.read((r) => r.all(qb.selectFrom('channel_rules').selectAll()));
    expect(rules).toHaveLength(4);
    expect(rules.every((rule) => rule.buffer === 5 && rule.account_id === seller.amazon)).toBe(
      true,
    );
    const jobs = t.store.read(outboxJobs);
    expect(jobs.every((job) => job.state === 'held' && job.source === 'stock')).toBe(true);
    expect(
      jobs.map(
        (job) => (JSON.parse(job.payload) as { values: { quantity: number } }).values.quantity,
      ),
    ).toEqual([45, 45, 45, 45]);
  });

  it('refuses listings without a master SKU', () => {
    const outcome = edit({
      selection: { ids: [idOf('E1')] },
      operation: { kind: 'setBuffer', buffer: 2 },
    });
    expect(outcome).toMatchObject({ applied: false, refusalCount: 1 });
  });
});
