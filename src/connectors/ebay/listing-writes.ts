/**
 * Creating and changing eBay listings through the Inventory API. Create/replace calls send
 * Content-Language (the site's language, or the item's own) and the marketplace header.
 *
 * - createListing: createOrReplaceInventoryItem (the item, with its ship-to-home quantity), then
 *   the site's offer (created, or replaced when the SKU already has one there: a retried create
 *   never makes a second offer), then publishOffer when the listing is to be active.
 * - updateListing: title and description live on the inventory item, and the description also on
 *   the offer (listingDescription). Both calls are COMPLETE replacements, so the current record is
 *   read first and sent back whole with the change. Status: active publishes the site's offer,
 *   inactive withdraws it (a multi-variation listing is published or withdrawn as its group).
 * Every change to a live listing is a revision, recorded before it is sent (usage.ts).
 */
import { z } from 'zod';
import type { NormalizedListing } from '../../shared/marketplace.js';
import type { CreateListingInput, ListingChangesInput, Page } from '../connector.js';
import {
  ConnectorError,
  InvalidInputError,
  RateLimitedError,
  UnsupportedError,
} from '../http/errors.js';
import type { EbayApi } from './api.js';
import type { EbayMarket } from './hosts.js';
import { bcp47 } from './listing-normalize.js';
import type { EbayListings } from './listings.js';
import { amountOf } from './money.js';
import { Offer, OfferCreated, OffersPage, PublishReply } from './schemas.js';

const BASE = '/sell/inventory/v1';
const CONDITIONS = [
  'NEW',
  'LIKE_NEW',
  'NEW_OTHER',
  'NEW_WITH_DEFECTS',
  'CERTIFIED_REFURBISHED',
  'SELLER_REFURBISHED',
  'USED_EXCELLENT',
  'USED_VERY_GOOD',
  'USED_GOOD',
  'USED_ACCEPTABLE',
  'FOR_PARTS_OR_NOT_WORKING',
] as const;

/** What eBay needs to publish beyond our common fields (business policies from the Account API). */
export const EbayCreateFields = z
  .object({
    categoryId: z.string().regex(/^\d{1,10}$/),
    merchantLocationKey: z.string().min(1).max(36),
    fulfillmentPolicyId: z.string().min(1),
    paymentPolicyId: z.string().min(1),
    returnPolicyId: z.string().min(1),
    imageUrls: z
      .array(z.string().regex(/^https:\/\/\S+$/, 'an https URL'))
      .min(1)
      .max(24),
    condition: z.enum(CONDITIONS).default('NEW'),
    aspects: z
      .record(z.string().min(1).max(40), z.array(z.string().min(1).max(50)).min(1))
      .optional(),
    brand: z.string().min(1).max(65).optional(),
  })
  .strict();

const SKU = /^[A-Za-z0-9_.-]{1,50}$/;

export class EbayListingWrites {
  constructor(
    private readonly api: EbayApi,
    private readonly site: string,
    private readonly market: EbayMarket,
    private readonly listings: EbayListings,
  ) {}

  private invalid(message: string, operation: string): InvalidInputError {
    return new InvalidInputError(message, { marketplace: 'ebay', operation });
  }

  async create(input: CreateListingInput): Promise<Page<NormalizedListing>> {
    const operation = 'inventory.createListing';
    if (!SKU.test(input.sku))
      throw this.invalid(
        `"${input.sku}" is not a valid eBay SKU (1-50 letters, digits, _ . -)`,
        operation,
      );
    if (input.title.trim() === '' || input.title.length > 80)
      throw this.invalid('The title must be 1-80 characters', operation);
    if (input.price.currency !== this.market.currency)
      throw this.invalid(
        `The price is in ${input.price.currency}; ${this.site} sells in ${this.market.currency}`,
        operation,
      );
    if (!(input.price.amountMinor > 0))
      throw this.invalid('The price must be above zero', operation);
    if (!Number.isSafeInteger(input.quantity) || input.quantity < 0)
      throw this.invalid('The quantity must be a whole number ≥ 0', operation);
    const fields = EbayCreateFields.safeParse(input.marketplaceFields);
    if (!fields.success) {
      const detail = fields.error.issues
        .map((issue) => `${issue.path.join('.') || '(fields)'}: ${issue.message}`)
        .join('; ');
      throw this.invalid(`Invalid eBay listing fields: ${detail}`, operation);
    }
    const f = fields.data;
    await this.api.call({
      operation: 'inventory.createOrReplaceInventoryItem',
      bucket: 'inventory',
      method: 'PUT',
      path: `${BASE}/inventory_item/${encodeURIComponent(input.sku)}`,
      language: this.market.language,
      idempotent: true,
      body: {
        availability: { shipToLocationAvailability: { quantity: input.quantity } },
        condition: f.condition,
        product: {
          title: input.title,
          description: input.description,
          imageUrls: f.imageUrls,
          ...(f.aspects ? { aspects: f.aspects } : {}),
          ...(f.brand ? { brand: f.brand } : {}),
        },
        ...(input.weightGrams === null
          ? {}
          : { packageWeightAndSize: { weight: { value: input.weightGrams, unit: 'GRAM' } } }),
      },
    });
    const offer = {
      availableQuantity: input.quantity,
      pricingSummary: { price: amountOf(input.price) },
      categoryId: f.categoryId,
      listingDescription: input.description,
      listingPolicies: {
        fulfillmentPolicyId: f.fulfillmentPolicyId,
        paymentPolicyId: f.paymentPolicyId,
        returnPolicyId: f.returnPolicyId,
      },
      merchantLocationKey: f.merchantLocationKey,
      format: 'FIXED_PRICE',
    };
    const existing = (await this.siteOffers(input.sku))[0];
    let offerId: string;
    if (existing) {
      offerId = existing.offerId;
      await this.putOffer(offerId, offer, existing.status === 'PUBLISHED');
    } else {
      const created = await this.api.call({
        operation: 'inventory.createOffer',
        bucket: 'inventory',
        method: 'POST',
        path: `${BASE}/offer`,
        language: this.market.language,
        idempotent: false,
        body: { sku: input.sku, marketplaceId: this.site, ...offer },
        schema: OfferCreated,
      });
      offerId = created.data.offerId;
    }
    if (input.status === 'active')
      await this.publish([{ offerId, sku: input.sku, status: 'UNPUBLISHED' }], input.sku);
    return this.listings.getListing(input.sku);
  }

  async update(sku: string, changes: ListingChangesInput): Promise<void> {
    const operation = 'inventory.updateListing';
    if (changes.sku !== undefined)
      throw new UnsupportedError('An eBay SKU is the listing key and cannot be changed', {
        marketplace: 'ebay',
        operation,
      });
    if (
      changes.title === undefined &&
      changes.description === undefined &&
      changes.status === undefined
    )
      throw this.invalid('Nothing to change', operation);
    if (changes.title !== undefined && (changes.title.trim() === '' || changes.title.length > 80))
      throw this.invalid('The title must be 1-80 characters', operation);
    if (!SKU.test(sku)) throw this.invalid(`"${sku}" is not an eBay SKU`, operation);
    const offers = await this.siteOffers(sku);
    const live = offers.filter((offer) => offer.status === 'PUBLISHED');
    if (changes.title !== undefined || changes.description !== undefined) {
      await this.revise(live.map((offer) => offer.offerId));
      await this.replaceItem(sku, changes);
      if (changes.description !== undefined) {
        for (const offer of offers) {
          // The offer as eBay sent it, read-only fields removed: a complete replacement must not
          // drop fields this connector does not model.
          const {
            offerId: _id,
            sku: _sku,
            marketplaceId: _site,
            status: _status,
            listing: _listing,
            ...rest
          } = offer.raw;
          await this.putOffer(
            offer.offerId,
            { ...rest, listingDescription: changes.description },
            offer.status === 'PUBLISHED',
          );
        }
      }
    }
    if (changes.status === 'active')
      await this.publish(
        offers.filter((offer) => offer.status !== 'PUBLISHED'),
        sku,
      );
    if (changes.status === 'inactive') await this.withdraw(live, sku);
  }

  /** Records revisions of the offers' listings before the call, refusing when one has none left. */
  private async revise(offerIds: string[]): Promise<void> {
    const keys = offerIds.map((id) => this.api.usage.listingKey(id));
    await this.api.usage.ready();
    for (const key of new Set(keys)) {
      const { left, nextAt } = this.api.usage.revisionsLeft(key);
      if (left < keys.filter((other) => other === key).length) {
        throw new RateLimitedError(
          `eBay allows 250 revisions per listing a day; ${key} has none left`,
          {
            marketplace: 'ebay',
            operation: 'inventory.revise',
            marketplaceCode: 'revision_cap',
            retryAfterMs:
              nextAt === null ? null : Math.max(0, nextAt - this.api.client.clock.now()),
          },
        );
      }
    }
    await this.api.usage.takeRevisions(keys);
  }

  private async replaceItem(sku: string, changes: ListingChangesInput): Promise<void> {
    const path = `${BASE}/inventory_item/${encodeURIComponent(sku)}`;
    const current = await this.api.call({
      operation: 'inventory.getInventoryItem',
      bucket: 'inventory',
      method: 'GET',
      path,
      idempotent: true,
      schema: z.record(z.string(), z.unknown()),
    });
    // The read-only fields go; everything else is sent back as it is (a complete replacement).
    const {
      sku: _sku,
      locale,
      groupIds: _groups,
      inventoryItemGroupKeys: _keys,
      product,
      ...rest
    } = current.data;
    const nextProduct: Record<string, unknown> = {
      ...(product as Record<string, unknown> | undefined),
    };
    if (changes.title !== undefined) nextProduct.title = changes.title;
    if (changes.description !== undefined) nextProduct.description = changes.description;
    await this.api.call({
      operation: 'inventory.createOrReplaceInventoryItem',
      bucket: 'inventory',
      method: 'PUT',
      path,
      language: bcp47(typeof locale === 'string' ? locale : undefined, this.market.language),
      idempotent: true,
      body: { ...rest, product: nextProduct },
    });
  }

  private async putOffer(
    offerId: string,
    body: Record<string, unknown>,
    live: boolean,
  ): Promise<void> {
    if (live) await this.revise([offerId]);
    await this.api.call({
      operation: 'inventory.updateOffer',
      bucket: 'inventory',
      method: 'PUT',
      path: `${BASE}/offer/${encodeURIComponent(offerId)}`,
      language: this.market.language,
      idempotent: true,
      body,
      schema: z.unknown(),
    });
  }

  /** The SKU's offers on the site (none: an empty list), each with its raw record. */
  private async siteOffers(sku: string): Promise<(Offer & { raw: Record<string, unknown> })[]> {
    let reply;
    try {
      reply = await this.api.call({
        operation: 'inventory.getOffers',
        bucket: 'inventory',
        method: 'GET',
        path: `${BASE}/offer`,
        query: { sku },
        idempotent: true,
        schema: OffersPage,
      });
    } catch (error) {
      if (error instanceof ConnectorError && error.httpStatus === 404) return [];
      throw error;
    }
    return (reply.data.offers ?? []).flatMap((raw) => {
      const parsed = Offer.safeParse(raw);
      return parsed.success && parsed.data.marketplaceId === this.site
        ? [{ ...parsed.data, raw: raw as Record<string, unknown> }]
        : [];
    });
  }

  private async groupOf(sku: string): Promise<string | null> {
    const item = await this.api.call({
      operation: 'inventory.getInventoryItem',
      bucket: 'inventory',
      method: 'GET',
      path: `${BASE}/inventory_item/${encodeURIComponent(sku)}`,
      idempotent: true,
      schema: z.object({ inventoryItemGroupKeys: z.array(z.string()).optional() }),
    });
    return item.data.inventoryItemGroupKeys?.[0] ?? null;
  }

  private async publish(
    offers: Pick<Offer, 'offerId' | 'sku' | 'status'>[],
    sku: string,
  ): Promise<void> {
    if (offers.length === 0) return;
    const group = await this.groupOf(sku);
    if (group) {
      await this.api.call({
        operation: 'inventory.publishOfferByInventoryItemGroup',
        bucket: 'inventory',
        method: 'POST',
        path: `${BASE}/offer/publish_by_inventory_item_group`,
        idempotent: true,
        body: { inventoryItemGroupKey: group, marketplaceId: this.site },
        schema: PublishReply,
      });
      return;
    }
    for (const offer of offers) {
      const reply = await this.api.call({
        operation: 'inventory.publishOffer',
        bucket: 'inventory',
        method: 'POST',
        path: `${BASE}/offer/${encodeURIComponent(offer.offerId)}/publish`,
        idempotent: true,
        schema: PublishReply,
      });
      if (reply.data.listingId)
        this.api.usage.rememberListings([[offer.offerId, reply.data.listingId]]);
    }
  }

  private async withdraw(offers: Offer[], sku: string): Promise<void> {
    if (offers.length === 0) return;
    const group = await this.groupOf(sku);
    if (group) {
      await this.api.call({
        operation: 'inventory.withdrawOfferByInventoryItemGroup',
        bucket: 'inventory',
        method: 'POST',
        path: `${BASE}/offer/withdraw_by_inventory_item_group`,
        idempotent: true,
        body: { inventoryItemGroupKey: group, marketplaceId: this.site },
      });
      return;
    }
    for (const offer of offers) {
      await this.api.call({
        operation: 'inventory.withdrawOffer',
        bucket: 'inventory',
        method: 'POST',
        path: `${BASE}/offer/${encodeURIComponent(offer.offerId)}/withdraw`,
        idempotent: true,
        schema: PublishReply,
      });
    }
  }
}
