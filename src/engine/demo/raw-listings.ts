/**
 * Small raw listing payloads shaped like each marketplace's own (Amazon Listings Items, eBay
 * Inventory offers, AliExpress product list, Wish v3 products, Shopee item base info), so the demo
 * store holds what a real pull would keep beside the normalised row.
 */
import type { ListingStatus } from '../../shared/domain.js';
import type { NormalizedListing } from '../../shared/marketplace.js';
import { minorToDecimalString } from '../../shared/money.js';
import { amazonMarketplaceId, unixSeconds } from './raw-common.js';
import type { DemoSite } from './sites.js';

const AMAZON_STATUS: Record<ListingStatus, string[]> = {
  active: ['BUYABLE', 'DISCOVERABLE'],
  inactive: ['DISCOVERABLE'],
  draft: [],
  error: [],
  deleted: [],
};
const ALIEXPRESS_STATUS: Record<ListingStatus, string> = {
  active: 'onSelling',
  inactive: 'offline',
  draft: 'editingRequired',
  error: 'auditing',
  deleted: 'offline',
};
const SHOPEE_STATUS: Record<ListingStatus, string> = {
  active: 'NORMAL',
  inactive: 'UNLIST',
  draft: 'REVIEWING',
  error: 'BANNED',
  deleted: 'SELLER_DELETE',
};

export function listingRaw(site: DemoSite, listing: NormalizedListing, itemId: string): unknown {
  const amount = minorToDecimalString(listing.price.amountMinor, listing.price.currency);
  const { currency } = listing.price;
  switch (site.marketplace) {
    case 'amazon':
      return {
        sku: listing.sku,
        summaries: [
          {
            marketplaceId: amazonMarketplaceId(site),
            asin: itemId,
            productType: 'PRODUCT',
            conditionType: 'new_new',
            status: AMAZON_STATUS[listing.status],
            itemName: listing.title,
            lastUpdatedDate: listing.remoteUpdatedAt,
          },
        ],
        offers: [{ offerType: 'B2C', price: { currencyCode: currency, amount } }],
        fulfillmentAvailability: [
          { fulfillmentChannelCode: 'DEFAULT', quantity: listing.quantity },
        ],
        issues:
          listing.status === 'error'
            ? [
                {
                  code: '90220',
                  message: "'item_type_keyword' is required but not supplied.",
                  severity: 'ERROR',
                },
              ]
            : [],
      };
    case 'ebay':
      return {
        sku: listing.sku,
        marketplaceId: site.site,
        format: 'FIXED_PRICE',
        availableQuantity: listing.quantity,
        pricingSummary: { price: { value: amount, currency } },
        listing: {
          listingId: itemId,
          listingStatus:
            listing.status === 'active'
              ? 'ACTIVE'
              : listing.status === 'deleted'
                ? 'ENDED'
                : 'INACTIVE',
        },
        status: listing.status === 'active' ? 'PUBLISHED' : 'UNPUBLISHED',
      };
    case 'aliexpress':
      return {
        product_id: itemId,
        subject: listing.title,
        product_status_type: ALIEXPRESS_STATUS[listing.status],
        currency_code: currency,
        sku: {
          sku_id: listing.remoteVariantId,
          sku_code: listing.sku,
          sku_price: amount,
          ipm_sku_stock: listing.quantity,
        },
        gmt_modified: listing.remoteUpdatedAt,
      };
    case 'wish':
      return {
        id: itemId,
        name: listing.title,
        variation: {
          id: listing.remoteVariantId,
          sku: listing.sku,
          price: { amount: Number(amount), currency_code: currency },
          inventory: listing.quantity,
          status: listing.status === 'active' ? 'ENABLED' : 'DISABLED',
        },
        updated_at: listing.remoteUpdatedAt,
      };
    case 'shopee':
      return {
        item_id: Number(itemId),
        model_id: listing.remoteVariantId === '' ? 0 : Number(listing.remoteVariantId),
        item_sku: listing.sku,
        item_name: listing.title,
        item_status: SHOPEE_STATUS[listing.status],
        // Shopee sends prices as JSON numbers; the demo keeps that shape, parsed from the exact decimal.
        price_info: [{ currency, original_price: Number(amount), current_price: Number(amount) }],
        stock_info_v2: { summary_info: { total_available_stock: listing.quantity } },
        update_time: unixSeconds(listing.remoteUpdatedAt),
      };
  }
}
