/**
 * Applying JSON Patch operations to a listing, as patchListingsItem and a JSON_LISTINGS_FEED PATCH
 * message do (op add | replace | merge | delete on `/attributes/<name>`; "Only top-level listings
 * item attributes can be patched"). A submission is checked whole and applied only when it has no
 * ERROR issue, so a rejected submission changes nothing. `merge` updates the entries it names and
 * keeps the rest (purchasable_offer keeps the minimum price; fulfillment_availability keeps other
 * channels), per the 2025-06-16 changelog. Issue codes and texts follow the models' examples where
 * one exists (18155, 90220, 99022); the others are the fake's own wording. Text attributes keep
 * one value per language the site lists in (language_tag); a tag the site does not list in is
 * refused with 100720 (Amazon's "Invalid language data").
 */
import type { FakeContext } from './context.js';
import { parseAmount } from './sites.js';
import {
  listingLanguages,
  recordWrite,
  touchListing,
  type FakeIssue,
  type FakeListing,
  type WriteVia,
} from './state.js';

export interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

type Change = (listing: FakeListing) => void;

const ISSUE_MIN_PRICE =
  "The 'minimum price' is greater than the selling price (excluding shipping) for the listing. Review and update your price and/or minimum price.";

export function issue(
  code: string,
  message: string,
  attributeName?: string,
  categories: string[] = ['INVALID_ATTRIBUTE'],
): FakeIssue {
  return {
    code,
    message,
    severity: 'ERROR',
    categories,
    ...(attributeName ? { attributeNames: [attributeName] } : {}),
  };
}

function entries(value: unknown): Record<string, unknown>[] | null {
  if (!Array.isArray(value)) return null;
  return value.every(
    (entry) => entry !== null && typeof entry === 'object' && !Array.isArray(entry),
  )
    ? (value as Record<string, unknown>[])
    : null;
}

/** This marketplace's entries of an attribute (entries of other marketplaces are not this listing's). */
function ownEntries(context: FakeContext, value: unknown): Record<string, unknown>[] {
  const { marketplaceId } = context.state.site;
  return (entries(value) ?? []).filter(
    (entry) => entry.marketplace_id === undefined || entry.marketplace_id === marketplaceId,
  );
}

/** Amazon's "Invalid language data" for a tag the site does not list in. */
function languageIssue(context: FakeContext, name: string, tag: unknown): FakeIssue {
  const { site } = context.state;
  return issue(
    '100720',
    `Invalid language data: '${name}' has a value in language_tag ${JSON.stringify(tag)}, but marketplace ${site.marketplaceId} lists in ${listingLanguages(site).join(', ')}.`,
    name,
  );
}

/**
 * A text attribute's values by language tag (an entry without a tag is in the site's own
 * language). Null, with an issue, when a tag is not one the site lists in or comes twice.
 */
function languageValues(
  context: FakeContext,
  name: string,
  value: unknown,
  issues: FakeIssue[],
): Map<string, string> | null {
  const { site } = context.state;
  const values = new Map<string, string>();
  for (const entry of ownEntries(context, value)) {
    const tag = entry.language_tag ?? site.languageTag;
    if (typeof tag !== 'string' || !listingLanguages(site).includes(tag)) {
      issues.push(languageIssue(context, name, tag));
      return null;
    }
    if (values.has(tag)) {
      issues.push(
        issue('100720', `Invalid language data: '${name}' has two values in ${tag}.`, name),
      );
      return null;
    }
    if (typeof entry.value === 'string' && entry.value.trim() !== '') values.set(tag, entry.value);
  }
  return values;
}

/**
 * Any other localized attribute (bullet_point, generic_keyword, brand…) is kept as sent, but only
 * in languages the site lists in: true, with a 100720 issue, when an entry names another.
 */
function badLanguage(
  context: FakeContext,
  name: string,
  value: unknown,
  issues: FakeIssue[],
): boolean {
  const accepted = listingLanguages(context.state.site);
  const bad = ownEntries(context, value).find(
    (entry) =>
      entry.language_tag !== undefined &&
      (typeof entry.language_tag !== 'string' || !accepted.includes(entry.language_tag)),
  );
  if (bad === undefined) return false;
  issues.push(languageIssue(context, name, bad.language_tag));
  return true;
}

/**
 * item_name or product_description: `add`/`replace` set the whole attribute (a language left out
 * loses its text; the site's own language is required), `merge` sets the languages it names.
 */
function textChange(
  context: FakeContext,
  name: 'item_name' | 'product_description',
  op: string,
  value: unknown,
  issues: FakeIssue[],
): Change | null {
  const values = languageValues(context, name, value, issues);
  if (values === null) return null;
  const own = context.state.site.languageTag;
  const merge = op === 'merge';
  if (values.size === 0 || (!merge && !values.has(own))) {
    issues.push(
      issue('90220', `'${name}' is required but not supplied.`, name, ['MISSING_ATTRIBUTE']),
    );
    return null;
  }
  const key = name === 'item_name' ? 'title' : 'description';
  return (target) => {
    const text = values.get(own);
    if (text !== undefined) target[key] = text;
    const others = { ...target.otherLanguages };
    for (const tag of listingLanguages(context.state.site)) {
      if (tag === own) continue;
      const other = values.get(tag);
      if (other === undefined && merge) continue;
      const entry = { ...others[tag] };
      if (other === undefined) delete entry[key];
      else entry[key] = other;
      if (entry.title === undefined && entry.description === undefined) delete others[tag];
      else others[tag] = entry;
    }
    target.otherLanguages = others;
  };
}

/** A text attribute as getListingsItem shows it: the site's own language first, then the others. */
export function textAttribute(
  context: FakeContext,
  listing: FakeListing,
  key: 'title' | 'description',
): Record<string, unknown>[] {
  const { site } = context.state;
  return listingLanguages(site).flatMap((tag) => {
    const text = tag === site.languageTag ? listing[key] : listing.otherLanguages?.[tag]?.[key];
    return text === undefined
      ? []
      : [{ value: text, language_tag: tag, marketplace_id: site.marketplaceId }];
  });
}

/** value_with_tax of the first schedule of a price attribute (our_price, minimum price…). */
function scheduleAmount(value: unknown, digits: number): number | null | undefined {
  const list = entries(value);
  if (!list || list.length === 0) return undefined;
  const schedule = entries(list[0]?.schedule);
  const amount = schedule?.[0]?.value_with_tax;
  return amount === undefined ? null : parseAmount(amount, digits);
}

function offerChange(
  context: FakeContext,
  listing: FakeListing,
  op: string,
  value: unknown,
  issues: FakeIssue[],
): Change | null {
  const { site } = context.state;
  const offers = entries(value);
  const offer = offers?.find((entry) => entry.marketplace_id === site.marketplaceId);
  if (!offer) {
    issues.push(
      issue('90220', "'purchasable_offer' is required but not supplied.", 'purchasable_offer'),
    );
    return null;
  }
  if (offer.currency !== undefined && offer.currency !== site.currency) {
    issues.push(
      issue(
        '99010',
        `The currency '${JSON.stringify(offer.currency)}' is not valid for marketplace ${site.marketplaceId}; use ${site.currency}.`,
        'purchasable_offer.currency',
      ),
    );
    return null;
  }
  const price = scheduleAmount(offer.our_price, site.currencyDigits);
  const minimum = scheduleAmount(offer.minimum_seller_allowed_price, site.currencyDigits);
  if (price === undefined && op !== 'merge') {
    issues.push(
      issue(
        '99022',
        "The field '\"prices\"' for the attribute 'purchasable_offer.our_price' does not have enough values. The required minimum is '1' value(s).",
        'purchasable_offer.our_price',
      ),
    );
    return null;
  }
  if (price === null || (price !== undefined && price <= 0) || minimum === null) {
    issues.push(
      issue(
        '99010',
        "The value for 'purchasable_offer.our_price' must be a positive amount with at most the currency's decimals.",
        'purchasable_offer.our_price',
      ),
    );
    return null;
  }
  const newPrice = price ?? listing.priceMinor;
  const newMinimum =
    minimum !== undefined ? minimum : op === 'merge' ? listing.minimumPriceMinor : null;
  if (newMinimum !== null && newMinimum > newPrice) {
    issues.push({ ...issue('18155', ISSUE_MIN_PRICE, 'purchasable_offer', ['INVALID_PRICE']) });
    return null;
  }
  return (target) => {
    target.priceMinor = newPrice;
    target.minimumPriceMinor = newMinimum;
  };
}

function availabilityChange(
  context: FakeContext,
  op: string,
  value: unknown,
  issues: FakeIssue[],
): Change | null {
  const list = entries(value);
  const own = list?.find((entry) => entry.fulfillment_channel_code === 'DEFAULT');
  const amazon = list?.find(
    (entry) => entry.fulfillment_channel_code === context.state.site.fbaChannel,
  );
  if (!own && !amazon) {
    issues.push(
      issue(
        '90220',
        "'fulfillment_availability' is required but not supplied.",
        'fulfillment_availability',
      ),
    );
    return null;
  }
  if (own) {
    const quantity = own.quantity;
    if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 0) {
      issues.push(
        issue(
          '99010',
          "The value for 'fulfillment_availability.quantity' must be a whole number of at least 0.",
          'fulfillment_availability.quantity',
        ),
      );
      return null;
    }
    return (target) => {
      target.quantity = quantity;
    };
  }
  if (op === 'merge') return () => {};
  // Handing the listing to Amazon's fulfilment network: merchant quantity no longer applies.
  return (target) => {
    target.quantity = null;
  };
}

/** Checks every patch; applies them all (and records the writes) only when none has an ERROR. */
export function applyPatches(
  context: FakeContext,
  listing: FakeListing,
  productType: string,
  patches: readonly PatchOperation[],
  via: WriteVia,
  validateOnly = false,
): FakeIssue[] {
  const issues: FakeIssue[] = [];
  if (productType !== listing.productType) {
    issues.push(
      issue(
        '4000003',
        `The product type '${productType}' does not match the product type '${listing.productType}' of this listing.`,
        undefined,
        ['INVALID_PRODUCT_TYPE'],
      ),
    );
    return issues;
  }
  const changes: {
    field: 'price' | 'quantity' | 'title' | 'description' | 'listing';
    change: Change;
  }[] = [];
  for (const patch of patches) {
    const name = /^\/attributes\/([a-z0-9_]+)$/.exec(patch.path)?.[1];
    if (!name) {
      issues.push(
        issue(
          '4000004',
          `Only top-level listings item attributes can be patched; '${patch.path}' is not one.`,
        ),
      );
      continue;
    }
    if (!['add', 'replace', 'merge', 'delete'].includes(patch.op)) {
      issues.push(issue('4000005', `The patch operation '${patch.op}' is not supported.`));
      continue;
    }
    if (patch.op === 'delete') {
      if (['item_name', 'purchasable_offer', 'fulfillment_availability'].includes(name)) {
        issues.push(
          issue('90220', `'${name}' is required but not supplied.`, name, ['MISSING_ATTRIBUTE']),
        );
        continue;
      }
      changes.push({
        field: 'listing',
        change: (target) => void delete target.extraAttributes[name],
      });
      continue;
    }
    if (entries(patch.value) === null || (patch.value as unknown[]).length === 0) {
      issues.push(issue('99022', `The attribute '${name}' needs at least one value.`, name));
      continue;
    }
    let change: Change | null = null;
    let field: 'price' | 'quantity' | 'title' | 'description' | 'listing' = 'listing';
    if (name === 'purchasable_offer') {
      change = offerChange(context, listing, patch.op, patch.value, issues);
      field = 'price';
    } else if (name === 'fulfillment_availability') {
      change = availabilityChange(context, patch.op, patch.value, issues);
      field = 'quantity';
    } else if (name === 'item_name' || name === 'product_description') {
      change = textChange(context, name, patch.op, patch.value, issues);
      field = name === 'item_name' ? 'title' : 'description';
    } else if (badLanguage(context, name, patch.value, issues)) {
      continue;
    } else {
      const values = patch.value as unknown[];
      change = (target) => void (target.extraAttributes[name] = values);
    }
    if (change) changes.push({ field, change });
  }
  if (issues.length > 0 || validateOnly) return issues;
  const now = context.clock.now();
  for (const { field, change } of changes) {
    change(listing);
    recordWrite(context.state, {
      at: now,
      sku: listing.sku,
      via,
      field,
      value:
        field === 'price'
          ? listing.priceMinor
          : field === 'quantity'
            ? listing.quantity
            : field === 'title'
              ? listing.title
              : null,
    });
  }
  touchListing(context.state, listing, now);
  return issues;
}
