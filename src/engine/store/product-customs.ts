/**
 * A product's customs data (HS code, declared value, country of origin, weight, dimensions): the
 * one writer of those products columns outside ingest. Each field is validated whole before
 * anything is written (the table's CHECKs pair the declared value with its currency and the three
 * dimensions all-or-none, so those travel as one field each), and every field that changes gets an
 * audit row ('product', product id, field name) in the caller's change batch, in the caller's
 * transaction, so an import or a revert records exactly what it changed.
 */
import { z } from 'zod';
import { CurrencyCode } from '../../shared/money.js';
import { qb } from './compiler.js';
import type { Reader, Writer } from './connection.js';
import { InvalidStoreInput, RecordNotFound } from './errors.js';

const Whole = z.number().int().min(0).max(2_000_000_000);

export const CustomsValues = z.strictObject({
  hsCode: z
    .string()
    .regex(/^\d{6,10}$/, 'an HS code is 6 to 10 digits')
    .nullable(),
  declaredValue: z
    .strictObject({ amountMinor: z.number().int().min(0), currency: CurrencyCode })
    .nullable(),
  countryOfOrigin: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a country of origin is an ISO 3166 alpha-2 code such as CN')
    .nullable(),
  weightGrams: Whole.nullable(),
  dimensions: z.strictObject({ lengthMm: Whole, widthMm: Whole, heightMm: Whole }).nullable(),
});
export type CustomsValues = z.infer<typeof CustomsValues>;
export type CustomsField = keyof CustomsValues;
export const CUSTOMS_FIELDS: readonly CustomsField[] = [
  'hsCode',
  'declaredValue',
  'countryOfOrigin',
  'weightGrams',
  'dimensions',
];
export const isCustomsField = (field: string): field is CustomsField =>
  (CUSTOMS_FIELDS as readonly string[]).includes(field);

/** The customs data of these products, by product id. */
export function readCustoms(r: Reader, productIds: readonly number[]): Map<number, CustomsValues> {
  const found = new Map<number, CustomsValues>();
  for (let start = 0; start < productIds.length; start += 500) {
    const rows = r.all(
      qb
        .selectFrom('products')
        .select([
          'id',
          'hs_code',
          'declared_value_minor',
          'declared_value_currency',
          'country_of_origin',
          'weight_grams',
          'length_mm',
          'width_mm',
          'height_mm',
        ])
        .where('id', 'in', productIds.slice(start, start + 500)),
    );
    for (const row of rows) {
      found.set(row.id, {
        hsCode: row.hs_code,
        declaredValue:
          row.declared_value_minor === null || row.declared_value_currency === null
            ? null
            : { amountMinor: row.declared_value_minor, currency: row.declared_value_currency },
        countryOfOrigin: row.country_of_origin,
        weightGrams: row.weight_grams,
        dimensions:
          row.length_mm === null || row.width_mm === null || row.height_mm === null
            ? null
            : { lengthMm: row.length_mm, widthMm: row.width_mm, heightMm: row.height_mm },
      });
    }
  }
  return found;
}

/** Two customs values are the same when their JSON is (objects keep one key order here). */
export const sameCustoms = (a: unknown, b: unknown): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Sets the given customs fields of a product and audits each one that changes in `batchId`.
 * Returns the fields that changed (none: nothing was written).
 */
export function setProductCustoms(
  w: Writer,
  productId: number,
  changes: Partial<Record<CustomsField, unknown>>,
  batchId: number,
): CustomsField[] {
  const parsed = CustomsValues.partial().safeParse(changes);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidStoreInput(
      `Invalid customs data for product ${productId}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  const before = readCustoms(w, [productId]).get(productId);
  if (!before) throw new RecordNotFound(`Product ${productId} does not exist`);
  const input = parsed.data;
  const changed = CUSTOMS_FIELDS.filter(
    (field) => field in input && !sameCustoms(before[field], input[field]),
  );
  if (changed.length === 0) return [];
  const after: CustomsValues = { ...before, ...input };
  const now = w.now();
  w.expectOne(
    w.run(
      qb
        .updateTable('products')
        .set({
          hs_code: after.hsCode,
          declared_value_minor: after.declaredValue?.amountMinor ?? null,
          declared_value_currency: after.declaredValue?.currency ?? null,
          country_of_origin: after.countryOfOrigin,
          weight_grams: after.weightGrams,
          length_mm: after.dimensions?.lengthMm ?? null,
          width_mm: after.dimensions?.widthMm ?? null,
          height_mm: after.dimensions?.heightMm ?? null,
          updated_at: now,
        })
        .where('id', '=', productId),
    ),
    `product ${productId}`,
  );
  w.run(
    qb.insertInto('audit_log').values(
      changed.map((field) => ({
        batch_id: batchId,
        entity: 'product',
        entity_id: productId,
        field,
        before: JSON.stringify(before[field]),
        after: JSON.stringify(after[field]),
        at: now,
      })),
    ),
  );
  return changed;
}
