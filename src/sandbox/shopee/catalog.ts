/**
 * A seller's catalogue: what the products ARE (SKUs, names, descriptions, variations and model SKUs),
 * as opposed to how one shop sells them (ids, prices, stock, status, orders). It is built from its
 * own seed so that two fake shops can sell the same catalogue, as one seller with a shop on two
 * sites does. Entries are generated one after another, so a smaller catalogue from the same seed
 * is a prefix of a larger one.
 */
import { createRandom } from '../kit/random.js';

export interface CatalogModel {
  model_sku: string;
  tier_index: number[];
}

export interface CatalogEntry {
  item_sku: string;
  item_name: string;
  description: string;
  category_id: number;
  weight: string;
  attributes: { attribute_id: number; name: string; value: string }[];
  tier_variation: { name: string; options: string[] }[];
  /** Empty for an item sold without variations. */
  models: CatalogModel[];
}

const NOUNS = [
  'Mug',
  'Lamp',
  'Scarf',
  'Kettle',
  'Notebook',
  'Backpack',
  'Phone Case',
  'Tea Set',
  'Brush',
  'Vase',
];
const ADJECTIVES = [
  'Bamboo',
  'Ceramic',
  'Silk',
  'Copper',
  'Linen',
  'Glass',
  'Walnut',
  'Jade',
  'Wool',
  'Paper',
];
const COLOURS = ['Red', 'Blue', 'Green', 'Black', 'White', 'Gold'];
const SIZES = ['S', 'M', 'L', 'XL'];

/** SKUs carry the catalogue seed so that different catalogues never share a SKU by accident. */
export function skuPrefix(catalogSeed: number): string {
  return `SR-${(catalogSeed >>> 0).toString(36).toUpperCase()}`;
}

export function generateCatalog(catalogSeed: number, count: number): CatalogEntry[] {
  // Mixed with a constant so the catalogue stream differs from a shop stream on the same seed.
  const random = createRandom((catalogSeed ^ 0x5eedca7a) >>> 0);
  const prefix = skuPrefix(catalogSeed);
  const entries: CatalogEntry[] = [];
  for (let index = 0; index < count; index++) {
    const name = `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)} ${index + 1}`;
    const sku = `${prefix}-${String(index + 1).padStart(5, '0')}`;
    const entry: CatalogEntry = {
      item_sku: sku,
      item_name: name,
      description: `${name}. Handmade sandbox product for trying Silkroute.`,
      category_id: 100000 + random.int(1, 40),
      weight: (random.int(1, 50) / 10).toFixed(1),
      attributes: [{ attribute_id: 100001, name: 'Material', value: random.pick(ADJECTIVES) }],
      tier_variation: [],
      models: [],
    };
    if (random.chance(0.4)) {
      const colours = COLOURS.slice(0, random.int(2, 3));
      const sizes = random.chance(0.5) ? SIZES.slice(0, random.int(2, 3)) : [];
      entry.tier_variation = [{ name: 'Colour', options: colours }];
      if (sizes.length > 0) entry.tier_variation.push({ name: 'Size', options: sizes });
      colours.forEach((colour, c) => {
        if (sizes.length === 0) {
          entry.models.push({ model_sku: `${sku}-${colour.toUpperCase()}`, tier_index: [c] });
          return;
        }
        sizes.forEach((size, s) => {
          entry.models.push({
            model_sku: `${sku}-${colour.toUpperCase()}-${size}`,
            tier_index: [c, s],
          });
        });
      });
    }
    entries.push(entry);
  }
  return entries;
}
