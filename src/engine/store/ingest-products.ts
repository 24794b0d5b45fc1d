/**
 * Master SKU upsert. Parents are written before their variants whatever the input order, so a
 * variant can name a parent from the same call; a variant of a variant is refused (the catalog is
 * two levels: master and its variants). Stock rows are upserted per listed warehouse; warehouses
 * not listed are left alone. Listings and order lines already stored with a product's SKU but no
 * link are linked to it, so the order in which products and listings arrive does not matter.
 */
import type { ProductId } from '../../shared/ids.js';
import { defineStatement, qb } from './compiler.js';
import type { Writer } from './connection.js';
import { InvalidStoreInput } from './errors.js';
import { indexProducts, type ProductSearchText } from './fts.js';
import type { ProductInput } from './inputs.js';
import { requireCurrency } from './values.js';

type ProductArgs = {
  sku: string;
  parent_id: number | null;
  title: string;
  source_locale: string;
  description: string;
  attributes: string;
  variant_attributes: string;
  images: string;
  weight_grams: number | null;
  length_mm: number | null;
  width_mm: number | null;
  height_mm: number | null;
  cost_minor: number | null;
  cost_currency: string | null;
  hs_code: string | null;
  declared_value_minor: number | null;
  declared_value_currency: string | null;
  country_of_origin: string | null;
  now: string;
};

const UPDATED_COLUMNS = [
  'parent_id',
  'title',
  'source_locale',
  'description',
  'attributes',
  'variant_attributes',
  'images',
  'weight_grams',
  'length_mm',
  'width_mm',
  'height_mm',
  'cost_minor',
  'cost_currency',
  'hs_code',
  'declared_value_minor',
  'declared_value_currency',
  'country_of_origin',
  'updated_at',
] as const;

const upsertProduct = defineStatement<ProductArgs, { id: number }>((a) =>
  qb
    .insertInto('products')
    .values({
      sku: a('sku'),
      parent_id: a('parent_id'),
      title: a('title'),
      source_locale: a('source_locale'),
      description: a('description'),
      attributes: a('attributes'),
      variant_attributes: a('variant_attributes'),
      images: a('images'),
      weight_grams: a('weight_grams'),
      length_mm: a('length_mm'),
      width_mm: a('width_mm'),
      height_mm: a('height_mm'),
      cost_minor: a('cost_minor'),
      cost_currency: a('cost_currency'),
      hs_code: a('hs_code'),
      declared_value_minor: a('declared_value_minor'),
      declared_value_currency: a('declared_value_currency'),
      country_of_origin: a('country_of_origin'),
      created_at: a('now'),
      updated_at: a('now'),
    })
    .onConflict((conflict) =>
      conflict
        .column('sku')
        .doUpdateSet((eb) =>
          Object.fromEntries(
            UPDATED_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)]),
          ),
        ),
    )
    .returning('id'),
);

const findProduct = defineStatement<
  { sku: string },
  { id: number; parent_id: number | null; title: string }
>((a) =>
  qb.selectFrom('products').select(['id', 'parent_id', 'title']).where('sku', '=', a('sku')),
);

const hasVariants = defineStatement<{ sku: string }, { found: number }>((a) =>
  qb
    .selectFrom('products as child')
    .innerJoin('products as parent', 'parent.id', 'child.parent_id')
    .select((eb) => eb.lit(1).as('found'))
    .where('parent.sku', '=', a('sku'))
    .limit(1),
);

const upsertStock = defineStatement<{
  product_id: number;
  warehouse: string;
  on_hand: number;
  reserved: number;
  now: string;
}>((a) =>
  qb
    .insertInto('stock')
    .values({
      product_id: a('product_id'),
      warehouse: a('warehouse'),
      on_hand: a('on_hand'),
      reserved: a('reserved'),
      updated_at: a('now'),
    })
    // An existing row keeps its `reserved`: the stock engine derives it from open orders
    // (order_stock_effects), and a product import that overwrote it would free or double-book
    // stock those orders hold. `reserved` from the input only seeds a new row.
    .onConflict((conflict) =>
      conflict.columns(['product_id', 'warehouse']).doUpdateSet((eb) => ({
        on_hand: eb.ref('excluded.on_hand'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    ),
);

const linkListings = defineStatement<{ product_id: number; sku: string }>((a) =>
  qb
    .updateTable('listings')
    .set({ product_id: a('product_id') })
    .where('sku', '=', a('sku'))
    .where('product_id', 'is', null),
);

const linkOrderLines = defineStatement<{ product_id: number; sku: string }>((a) =>
  qb
    .updateTable('order_lines')
    .set({ product_id: a('product_id') })
    .where('sku', '=', a('sku'))
    .where('product_id', 'is', null),
);

function money(value: ProductInput['cost'], field: string): [number | null, string | null] {
  return value ? [value.amountMinor, requireCurrency(value.currency, field)] : [null, null];
}

/** Upserts master SKUs and variants by SKU; returns every input SKU's product id. */
export function upsertProducts(w: Writer, products: ProductInput[]): Map<string, ProductId> {
  const ids = new Map<string, ProductId>();
  const isVariant = new Map<string, boolean>();
  const seen = new Set<string>();
  for (const product of products) {
    if (seen.has(product.sku))
      throw new InvalidStoreInput(`SKU ${JSON.stringify(product.sku)} appears twice in one call`);
    seen.add(product.sku);
  }
  const ordered = [
    ...products.filter((p) => p.parentSku === null),
    ...products.filter((p) => p.parentSku !== null),
  ];
  const now = w.now();
  const fresh: ProductSearchText[] = [];
  const changed: ProductSearchText[] = [];

  for (const product of ordered) {
    const before = w.row(findProduct, { sku: product.sku });
    let parentId: number | null = null;
    if (product.parentSku !== null) {
      if (product.parentSku === product.sku)
        throw new InvalidStoreInput(`SKU ${product.sku} cannot be its own parent`);
      const known = ids.get(product.parentSku);
      const parent =
        known !== undefined
          ? { id: known, variant: isVariant.get(product.parentSku)! }
          : stored(w, product.parentSku);
      if (!parent) {
        throw new InvalidStoreInput(
          `SKU ${product.sku} names parent SKU ${product.parentSku}, which does not exist`,
        );
      }
      if (parent.variant) {
        throw new InvalidStoreInput(
          `SKU ${product.sku} names parent ${product.parentSku}, which is itself a variant`,
        );
      }
      if (w.row(hasVariants, { sku: product.sku })) {
        throw new InvalidStoreInput(
          `SKU ${product.sku} has variants of its own, so it cannot become a variant`,
        );
      }
      parentId = parent.id;
    }
    const [costMinor, costCurrency] = money(product.cost, `SKU ${product.sku} cost currency`);
    const [declaredMinor, declaredCurrency] = money(
      product.declaredValue,
      `SKU ${product.sku} declared value currency`,
    );
    const row = w.row(upsertProduct, {
      sku: product.sku,
      parent_id: parentId,
      title: product.title,
      source_locale: product.sourceLocale,
      description: product.description,
      attributes: JSON.stringify(product.attributes),
      variant_attributes: JSON.stringify(product.variantAttributes),
      images: JSON.stringify(product.images),
      weight_grams: product.weightGrams,
      length_mm: product.dimensionsMm?.length ?? null,
      width_mm: product.dimensionsMm?.width ?? null,
      height_mm: product.dimensionsMm?.height ?? null,
      cost_minor: costMinor,
      cost_currency: costCurrency,
      hs_code: product.hsCode,
      declared_value_minor: declaredMinor,
      declared_value_currency: declaredCurrency,
      country_of_origin: product.countryOfOrigin,
      now,
    })!;
    for (const entry of product.stock) {
      w.exec(upsertStock, {
        product_id: row.id,
        warehouse: entry.warehouse,
        on_hand: entry.onHand,
        reserved: entry.reserved,
        now,
      });
    }
    if (!before) fresh.push({ id: row.id, sku: product.sku, title: product.title });
    else if (before.title !== product.title) {
      changed.push({ id: row.id, sku: product.sku, title: product.title });
    }
    w.exec(linkListings, { product_id: row.id, sku: product.sku });
    w.exec(linkOrderLines, { product_id: row.id, sku: product.sku });
    ids.set(product.sku, row.id as ProductId);
    isVariant.set(product.sku, parentId !== null);
  }
  indexProducts(w, fresh, changed);
  return ids;
}

function stored(w: Writer, sku: string): { id: number; variant: boolean } | undefined {
  const row = w.row(findProduct, { sku });
  return row ? { id: row.id, variant: row.parent_id !== null } : undefined;
}
