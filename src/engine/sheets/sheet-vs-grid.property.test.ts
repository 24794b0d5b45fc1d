/**
 * Property: random edits applied through a sheet (export, edit the cells, import, apply) leave
 * the store exactly as the same edits made in the grid (listings.update, one field at a time):
 * the same listing values and the same pending (held) changes waiting to be pushed.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ListingsUpdateInput } from '../../shared/api/contract.js';
import { minorToDecimalString } from '../../shared/money.js';
import { qb } from '../store/compiler.js';
import type { Reader } from '../store/connection.js';
import { applyListingEdit, type ListingChangeSet } from '../store/edits.js';
import { temporaryStore, testClock, type TemporaryStore } from '../store/test-fixtures.js';
import { seedSeller } from '../store/workbench-test-support.js';
import { SheetImports } from './service.js';
import { csvBytes, exportCsv, rowWhere, setCell } from './sheets-test-support.js';

const LISTINGS = ['A0', 'A1', 'A2', 'A3', 'E0', 'E1', 'S0'];
const FIELDS = [
  'title',
  'description',
  'bulletPoints',
  'keywords',
  'priceMinor',
  'quantity',
  'status',
] as const;
type Field = (typeof FIELDS)[number];

// Quotes, commas and separators test the CSV quoting; `=`, `+`, `@` and `'` at a cell's start
// test the formula guard (escaped on export, unescaped on import).
const words = fc
  .array(
    fc.constantFrom(
      'lamp',
      'solar',
      'Garten',
      'ランプ',
      '灯',
      'LED',
      '-',
      '&',
      '"x"',
      ',',
      '=SUM(A1)',
      '+1',
      '@x',
      "'",
    ),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map((parts) => parts.join(' '));
const valueOf: Record<Field, fc.Arbitrary<ListingChangeSet[Field]>> = {
  title: words,
  description: fc.array(words, { maxLength: 3 }).map((lines) => lines.join('\n')),
  bulletPoints: fc.array(words, { maxLength: 4 }),
  keywords: fc.array(words, { maxLength: 4 }),
  priceMinor: fc.integer({ min: 1, max: 10_000_000 }),
  quantity: fc.integer({ min: 0, max: 1_000_000 }),
  status: fc.constantFrom('active', 'inactive'),
};
const edit = fc.constantFrom(...FIELDS).chain((field) =>
  fc.record({
    listing: fc.constantFrom(...LISTINGS),
    field: fc.constant(field),
    value: valueOf[field],
  }),
);
const edits = fc.uniqueArray(edit, {
  maxLength: 12,
  selector: (entry) => `${entry.listing}/${entry.field}`,
});

/** What the seller ends up with: listing values and the held jobs' pushes. */
function outcome(r: Reader) {
  const listings = r.all(
    qb
      .selectFrom('listings')
      .select([
        'remote_id',
        'title',
        'description',
        'bullet_points',
        'keywords',
        'price_minor',
        'quantity',
        'status',
        'sync_state',
        'dirty',
      ])
      .orderBy('remote_id'),
  );
  const held = r
    .all(
      qb
        .selectFrom('outbox as o')
        .innerJoin('listings as l', 'l.id', 'o.listing_id')
        .select(['l.remote_id', 'o.kind', 'o.payload'])
        .where('o.state', '=', 'held'),
    )
    .map((job) => {
      const payload = JSON.parse(job.payload) as { values: unknown; changed: unknown };
      return {
        listing: job.remote_id,
        kind: job.kind,
        values: payload.values,
        changed: payload.changed,
      };
    })
    .sort((a, b) => `${a.listing}/${a.kind}`.localeCompare(`${b.listing}/${b.kind}`));
  return { listings, held };
}

const SHEET_COLUMN = {
  title: 'title',
  description: 'description',
  bulletPoints: 'bulletPoints',
  keywords: 'keywords',
  priceMinor: 'price',
  quantity: 'quantity',
  status: 'status',
} as const;

let stores: TemporaryStore[] = [];
afterEach(() => {
  for (const store of stores) store.dispose();
  stores = [];
});

function seeded(): TemporaryStore {
  const t = temporaryStore({ now: testClock().now });
  seedSeller(t.store);
  stores.push(t);
  return t;
}

describe('sheet edits and grid edits', () => {
  it('leave the same listings and the same pending changes', async () => {
    await fc.assert(
      fc.asyncProperty(edits, async (changes) => {
        const grid = seeded();
        const sheet = seeded();
        let gridKeys = 0;
        for (const change of changes) {
          grid.store.write((w) => {
            const row = w.first(
              qb
                .selectFrom('listings')
                .select(['id', 'local_version'])
                .where('remote_id', '=', change.listing),
            )!;
            // The grid's door: the contract's validation, then the edit, held for review.
            const input = ListingsUpdateInput.parse({
              id: row.id,
              baseVersion: row.local_version,
              changes: { [change.field]: change.value },
            });
            applyListingEdit(w, { ...input, hold: true }, () => `k${++gridKeys}`);
          });
        }

        const cells = await exportCsv(sheet.store, 'listings', sheet.dir);
        const currency = new Map(
          sheet.store
            .read((r) => r.all(qb.selectFrom('listings').select(['remote_id', 'id', 'currency'])))
            .map((row) => [row.remote_id, row]),
        );
        for (const change of changes) {
          const listing = currency.get(change.listing)!;
          const row = rowWhere(cells, 'listingId', String(listing.id));
          const value = change.value;
          const text =
            change.field === 'priceMinor'
              ? minorToDecimalString(value as number, listing.currency)
              : Array.isArray(value)
                ? value.join('\n')
                : String(value);
          setCell(cells, row, SHEET_COLUMN[change.field], text);
        }
        let sheetKeys = 0;
        const imports = new SheetImports(sheet.store, () => `k${++sheetKeys}`);
        const preview = await imports.preview({
          kind: 'listings',
          bytes: csvBytes(cells),
          fileName: 'edit.csv',
        });
        expect(preview.errors).toEqual([]);
        imports.apply(preview.previewId);

        expect(sheet.store.read(outcome)).toEqual(grid.store.read(outcome));
        for (const store of stores) store.dispose();
        stores = [];
      }),
      { numRuns: 30 },
    );
  }, 60_000);
});
