/**
 * One Amazon listings item (Listings Items 2021-08-01, our marketplace only) as a NormalizedListing:
 * one sellable unit per SKU (remoteId = SKU, remoteVariantId = ''). Text from the attributes
 * (item_name, product_description, bullet_point, generic_keyword); the price from
 * purchasable_offer (our_price, audience ALL) with the offers dataset as fallback; the quantity
 * from the DEFAULT (merchant) fulfilment channel — an Amazon-fulfilled SKU has none (0 here; its
 * FBA stock is read apart, fba.ts). Issues are surfaced per listing, never dropped: the status is
 * `error` when the listing is not buyable and has an ERROR issue, and every issue is listed in
 * attributes['amazon.issues'] as "SEVERITY code: message" lines.
 */
import type { NormalizedListing } from '../../shared/marketplace.js';
import { parseDecimalToMinor } from '../../shared/money.js';
import type { PayloadProblem } from '../connector.js';
import type { AmazonIdentity } from './api.js';
import { ListingItem, issueLines, type Issue } from './schemas.js';

type Entry = Record<string, unknown>;

function entriesOf(
  attributes: Record<string, unknown> | undefined,
  name: string,
  marketplaceId: string,
): Entry[] {
  const value = attributes?.[name];
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).filter(
    (entry): entry is Entry =>
      entry !== null &&
      typeof entry === 'object' &&
      ((entry as Entry).marketplace_id === undefined ||
        (entry as Entry).marketplace_id === marketplaceId),
  );
}

/**
 * A site with several languages (Amazon.ca: en_CA and fr_CA) holds one entry per language_tag in
 * each text attribute, in no promised order: the account's own language is read when present.
 */
function ownLanguage(entries: Entry[], locale: string): Entry[] {
  const tag = locale.replace('-', '_');
  const own = entries.filter((entry) => entry.language_tag === tag);
  return own.length > 0 ? own : entries;
}

function texts(
  attributes: Record<string, unknown> | undefined,
  name: string,
  identity: Pick<AmazonIdentity, 'marketplaceId' | 'locale'>,
): string[] {
  return ownLanguage(entriesOf(attributes, name, identity.marketplaceId), identity.locale)
    .map((entry) => entry.value)
    .filter((value): value is string => typeof value === 'string');
}

/** A JSON number or decimal string as exact minor units (never float arithmetic). */
export function amountToMinor(value: unknown, currency: string): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : null;
  if (text === null || /e/i.test(text)) return null;
  try {
    // Amazon may send more trailing zeros than the currency has ("30.0", "12.300").
    const trimmed = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
    return parseDecimalToMinor(trimmed, currency);
  } catch {
    return null;
  }
}

function priceOf(
  item: ListingItem,
  identity: AmazonIdentity,
): { amountMinor: number; currency: string } | null {
  const offers = entriesOf(item.attributes, 'purchasable_offer', identity.marketplaceId).filter(
    (entry) => entry.audience === undefined || entry.audience === 'ALL',
  );
  for (const offer of offers) {
    const currency = typeof offer.currency === 'string' ? offer.currency : identity.currency;
    const ourPrice = Array.isArray(offer.our_price) ? (offer.our_price as Entry[]) : [];
    const schedule = Array.isArray(ourPrice[0]?.schedule) ? (ourPrice[0].schedule as Entry[]) : [];
    const minor = amountToMinor(schedule[0]?.value_with_tax, currency);
    if (minor !== null) return { amountMinor: minor, currency };
  }
  const offer = item.offers?.find(
    (entry) => entry.marketplaceId === identity.marketplaceId && entry.offerType === 'B2C',
  );
  if (offer) {
    const minor = amountToMinor(offer.price.amount, offer.price.currencyCode);
    if (minor !== null) return { amountMinor: minor, currency: offer.price.currencyCode };
  }
  return null;
}

function quantityOf(
  item: ListingItem,
  identity: AmazonIdentity,
): { quantity: number; channel: string } {
  const own = item.fulfillmentAvailability?.find(
    (entry) => entry.fulfillmentChannelCode === 'DEFAULT',
  );
  if (own) return { quantity: own.quantity ?? 0, channel: 'DEFAULT' };
  const attribute = entriesOf(item.attributes, 'fulfillment_availability', identity.marketplaceId);
  const fromAttribute = attribute.find((entry) => entry.fulfillment_channel_code === 'DEFAULT');
  if (fromAttribute && typeof fromAttribute.quantity === 'number')
    return { quantity: fromAttribute.quantity, channel: 'DEFAULT' };
  const other =
    item.fulfillmentAvailability?.[0]?.fulfillmentChannelCode ??
    (attribute[0]?.fulfillment_channel_code as string | undefined);
  return { quantity: 0, channel: other ?? 'NONE' };
}

function issueText(issues: readonly Issue[]): string {
  return issues.map((entry) => `${entry.severity} ${entry.code}: ${entry.message}`).join('\n');
}

function utc(text: string | undefined): string | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function normalizeListing(
  raw: unknown,
  identity: AmazonIdentity,
  operation: string,
): { listing: NormalizedListing; productType: string | null } | { problem: PayloadProblem } {
  const parsed = ListingItem.safeParse(raw);
  const sku = (raw as { sku?: unknown } | null)?.sku;
  const remoteId = typeof sku === 'string' ? sku : null;
  if (!parsed.success)
    return {
      problem: {
        kind: 'invalid_payload',
        operation,
        remoteId,
        message: 'Amazon sent a listing we cannot read',
        issues: issueLines(parsed.error),
        requestId: null,
        raw,
      },
    };
  const item = parsed.data;
  const summary =
    item.summaries?.find((entry) => entry.marketplaceId === identity.marketplaceId) ??
    item.summaries?.[0];
  const price = priceOf(item, identity);
  if (!price)
    return {
      problem: {
        kind: 'missing',
        operation,
        remoteId: item.sku,
        message: `Listing ${item.sku} has no price for marketplace ${identity.marketplaceId}`,
        issues: [],
        requestId: null,
        raw,
      },
    };
  const { quantity, channel } = quantityOf(item, identity);
  const issues = item.issues ?? [];
  const buyable = summary?.status.includes('BUYABLE') ?? false;
  const status = buyable
    ? 'active'
    : issues.some((entry) => entry.severity === 'ERROR')
      ? 'error'
      : 'inactive';
  const nameEntry = ownLanguage(
    entriesOf(item.attributes, 'item_name', identity.marketplaceId),
    identity.locale,
  )[0];
  const languageTag =
    typeof nameEntry?.language_tag === 'string'
      ? nameEntry.language_tag.replace('_', '-')
      : identity.locale;
  const attributes: Record<string, string> = { 'amazon.fulfillmentChannel': channel };
  if (summary?.asin) attributes['amazon.asin'] = summary.asin;
  if (summary?.productType) attributes['amazon.productType'] = summary.productType;
  if (summary?.conditionType) attributes['amazon.condition'] = summary.conditionType;
  const brand = texts(item.attributes, 'brand', identity)[0];
  if (brand) attributes.brand = brand;
  if (issues.length > 0) attributes['amazon.issues'] = issueText(issues);
  return {
    productType: summary?.productType ?? null,
    listing: {
      remoteId: item.sku,
      remoteVariantId: '',
      sku: item.sku,
      title: texts(item.attributes, 'item_name', identity)[0] ?? summary?.itemName ?? '',
      description: texts(item.attributes, 'product_description', identity)[0] ?? '',
      bulletPoints: texts(item.attributes, 'bullet_point', identity),
      keywords: texts(item.attributes, 'generic_keyword', identity),
      attributes,
      price,
      quantity,
      status,
      locale: languageTag,
      remoteUpdatedAt: utc(summary?.lastUpdatedDate),
      raw,
    },
  };
}
