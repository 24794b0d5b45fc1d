/**
 * Master SKUs and their variants. A master is a pure function of (seed, master index): its numbers
 * ("sketch") are cheap to recompute, so listings and order lines re-derive the SKU, cost and stock
 * they need instead of keeping products in memory.
 */
import type { Money } from '../../shared/money.js';
import type { ProductInput } from '../store/inputs.js';
import { axisCombinations, FAMILIES, type AxisValue, type Family } from './families.js';
import { divideRounded, Random, Stream } from './random.js';
import { axisLabels, composeBullets, composeDescription, composeTitle } from './titles.js';

export const WAREHOUSES = ['SZ-Main', 'FBA-US', 'DE-3PL'] as const;

const COMBINATIONS: readonly (readonly AxisValue[][])[] = FAMILIES.map(axisCombinations);
/** How many variants a master has: 0–6, most often none or a handful. */
const VARIANT_COUNT_WEIGHTS: readonly (readonly [number, number])[] = [
  [0, 30],
  [1, 4],
  [2, 14],
  [3, 16],
  [4, 14],
  [5, 11],
  [6, 11],
];
/** USD cents per yuan × 100, for the customs value (declared in USD, as most forms ask). */
const USD_PER_YUAN = 1390;

export interface MasterSketch {
  index: number;
  family: Family;
  sku: string;
  /** The variations this master is sold in; empty when the master itself is the sellable unit. */
  variants: readonly (readonly AxisValue[])[];
  costFen: number;
  weightGrams: number;
  sourceLanguage: 'zh' | 'en';
  countryOfOrigin: string;
}

export interface UnitSketch {
  sku: string;
  /** Variation values of a variant; empty for a master without variants. */
  values: readonly AxisValue[];
  costFen: number;
  stock: ProductInput['stock'];
}

export function masterSku(family: Family, index: number): string {
  return `${family.code}-${String(index + 1).padStart(5, '0')}`;
}

export function sketchMaster(seed: number, index: number): MasterSketch {
  const random = Random.for(seed, Stream.product, index);
  const familyIndex = random.int(0, FAMILIES.length - 1);
  const family = FAMILIES[familyIndex] as Family;
  const combinations = COMBINATIONS[familyIndex] ?? [];
  const variantCount = Math.min(random.weighted(VARIANT_COUNT_WEIGHTS), combinations.length);
  return {
    index,
    family,
    sku: masterSku(family, index),
    variants: random.sample(combinations, variantCount),
    costFen: random.int(family.costFen[0], family.costFen[1]),
    weightGrams: random.int(family.weightGrams[0], family.weightGrams[1]),
    sourceLanguage: random.chance(0.6) ? 'zh' : 'en',
    countryOfOrigin: random.chance(0.92) ? 'CN' : 'VN',
  };
}

/** How many sellable units a master has (its variants, or itself). */
export function unitCount(master: MasterSketch): number {
  return Math.max(master.variants.length, 1);
}

/** The sellable unit `variant` of a master (index into its variants; 0 for a master without any). */
export function sketchUnit(seed: number, master: MasterSketch, variant: number): UnitSketch {
  const random = Random.for(seed, Stream.variant, master.index, variant);
  const values = master.variants[variant] ?? [];
  const sku =
    values.length === 0
      ? master.sku
      : `${master.sku}-${values.map((value) => value.code).join('-')}`;
  // Bigger sizes and longer cables cost a little more; colours cost the same.
  const costFen = master.costFen + variant * random.int(0, 40);
  return { sku, values, costFen, stock: stockFor(random) };
}

function stockFor(random: Random): ProductInput['stock'] {
  const warehouses: string[] = ['SZ-Main'];
  if (random.chance(0.4)) warehouses.push('FBA-US');
  if (random.chance(0.25)) warehouses.push('DE-3PL');
  // An overseas-only SKU: sold out at home, still stocked abroad.
  if (warehouses.length > 1 && random.chance(0.1)) warehouses.shift();
  return warehouses.map((warehouse) => {
    const onHand = random.weighted<number>([
      [0, 10],
      [random.int(1, 5), 15],
      [random.int(10, 400), 75],
    ]);
    const reserved = onHand > 0 && random.chance(0.4) ? random.int(1, Math.min(onHand, 12)) : 0;
    return { warehouse, onHand, reserved };
  });
}

/** Sellable stock of a unit across its warehouses. */
export function availableOf(unit: UnitSketch): number {
  return unit.stock.reduce((sum, row) => sum + Math.max(row.onHand - row.reserved, 0), 0);
}

function cny(amountMinor: number): Money {
  return { amountMinor, currency: 'CNY' };
}

function declaredUsd(costFen: number): Money {
  // Customs value: cost plus 30 %, in USD cents: fen × (cents per yuan × 100) × 1.3 / (100 × 100).
  return {
    amountMinor: divideRounded(costFen * USD_PER_YUAN * 13, 100 * 100 * 10),
    currency: 'USD',
  };
}

function imagesFor(sku: string, count: number): string[] {
  // `.invalid` can never resolve, so demo data never makes the app fetch anything.
  return Array.from(
    { length: count },
    (_, index) => `https://demo.silkroute.invalid/images/${sku}/${index + 1}.jpg`,
  );
}

/** The master followed by its variants, in the store's write shape (parents come first). */
export function productInputs(seed: number, index: number): ProductInput[] {
  const master = sketchMaster(seed, index);
  const { family, sourceLanguage } = master;
  const random = Random.for(seed, Stream.product, index, 1);
  const title = composeTitle(random, sourceLanguage, family, [], {
    long: random.chance(0.06),
    emoji: random.chance(0.03),
  });
  const bullets = composeBullets(random, sourceLanguage, random.int(2, 4));
  const [length, width, height] = family.dimensionsMm.map((size) =>
    random.int(Math.floor(size * 0.9), Math.ceil(size * 1.1)),
  );
  const dimensionsMm = { length: length ?? 0, width: width ?? 0, height: height ?? 0 };
  const sourceLocale = sourceLanguage === 'zh' ? 'zh-CN' : 'en';
  const shared = {
    sourceLocale,
    hsCode: family.hsCode,
    countryOfOrigin: master.countryOfOrigin,
    dimensionsMm,
  };
  const attributes = { material: family.material, brand: 'Silkroute Demo', family: family.code };

  const variantInputs = master.variants.map((_, variant): ProductInput => {
    const unit = sketchUnit(seed, master, variant);
    const labels = axisLabels(family, unit.values, sourceLanguage);
    return {
      ...shared,
      sku: unit.sku,
      parentSku: master.sku,
      title: `${title} ${labels.join(' ')}`,
      description: '',
      attributes: {},
      variantAttributes: Object.fromEntries(
        unit.values.map((value, axis) => [family.axes[axis]?.name ?? 'option', value.label]),
      ),
      images: imagesFor(unit.sku, 1),
      weightGrams: master.weightGrams + variant * 3,
      cost: cny(unit.costFen),
      declaredValue: declaredUsd(unit.costFen),
      stock: unit.stock,
    };
  });

  // A master with variants holds no stock itself: its variants do.
  const own = master.variants.length === 0 ? sketchUnit(seed, master, 0) : null;
  const masterInput: ProductInput = {
    ...shared,
    sku: master.sku,
    parentSku: null,
    title,
    description: composeDescription(title, bullets),
    attributes,
    variantAttributes: {},
    images: imagesFor(master.sku, random.int(1, 4)),
    weightGrams: master.weightGrams,
    cost: cny(master.costFen),
    declaredValue: declaredUsd(master.costFen),
    stock: own?.stock ?? [],
  };
  return [masterInput, ...variantInputs];
}
