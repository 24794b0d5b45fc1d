/**
 * What the store's write path accepts besides the normalised marketplace objects in
 * shared/marketplace.ts. The demo generator, the sync engine and spreadsheet import all write
 * through these shapes.
 */
import type { AuthState, Marketplace } from '../../shared/domain.js';
import type { Money } from '../../shared/money.js';

export interface AccountInput {
  marketplace: Marketplace;
  /** Marketplace site/region code: `US`, `DE`, `SG`, `EBAY_GB`… */
  site: string;
  /** The marketplace's shop/seller id; unique together with marketplace and site. */
  shopId: string;
  displayName: string;
  sandbox: boolean;
  authState: AuthState;
  /** ISO-8601 UTC; when the seller must re-authorise by, when the marketplace says. */
  reauthorizeBy: string | null;
  /** Default listing currency and locale of the site. */
  currency: string;
  locale: string;
}

export interface ProductInput {
  sku: string;
  /** SKU of the parent (master) product when this is a variant; the parent must exist or come first. */
  parentSku: string | null;
  title: string;
  /** Language of the master title/description (often zh-CN or en). */
  sourceLocale: string;
  description: string;
  attributes: Record<string, string>;
  /** Variation values of a variant, e.g. `{ colour: 'Red', size: 'M' }`. */
  variantAttributes: Record<string, string>;
  images: string[];
  weightGrams: number | null;
  dimensionsMm: { length: number; width: number; height: number } | null;
  cost: Money | null;
  hsCode: string | null;
  declaredValue: Money | null;
  countryOfOrigin: string | null;
  stock: { warehouse: string; onHand: number; reserved: number }[];
}
