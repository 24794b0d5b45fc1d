/**
 * zod schemas for every eBay reply the connector reads, from the OpenAPI 3 contracts
 * (sell_inventory_v1, sell_fulfillment_v1, commerce_identity_v1, developer_analytics_v1_beta) and
 * the OAuth token pages. Envelopes (pages, token replies) are checked whole; list entries (items,
 * offers, orders) one by one, so one bad entry becomes a reported problem and not a failed page.
 * Unknown fields are ignored here and kept in the raw payload.
 */
import { z } from 'zod';

/** eBay's Amount: a decimal string and an ISO 4217 code. */
export const Amount = z.object({
  value: z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal amount'),
  currency: z.string().regex(/^[A-Z]{3}$/),
});
export type Amount = z.infer<typeof Amount>;

export const ErrorDetail = z.object({
  errorId: z.number().int(),
  domain: z.string().optional(),
  category: z.string().optional(),
  message: z.string().optional(),
  longMessage: z.string().optional(),
  parameters: z
    .array(z.object({ name: z.string().optional(), value: z.string().optional() }))
    .optional(),
});
export type ErrorDetail = z.infer<typeof ErrorDetail>;
export const ErrorBody = z.object({ errors: z.array(ErrorDetail).min(1) });

export const UserTokenReply = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
  refresh_token_expires_in: z.number().int().positive().optional(),
  token_type: z.string().optional(),
});

export const RefreshReply = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string().optional(),
});

export const OAuthErrorBody = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});

export const InventoryItemsPage = z.object({
  total: z.number().int().nonnegative().optional(),
  size: z.number().int().nonnegative().optional(),
  limit: z.number().int().positive().optional(),
  next: z.string().optional(),
  inventoryItems: z.array(z.unknown()).optional(),
});

export const InventoryItem = z.object({
  sku: z.string().min(1),
  locale: z.string().optional(),
  condition: z.string().optional(),
  product: z
    .object({
      title: z.string().optional(),
      description: z.string().optional(),
      aspects: z.record(z.string(), z.array(z.string())).optional(),
      imageUrls: z.array(z.string()).optional(),
      brand: z.string().optional(),
      mpn: z.string().optional(),
    })
    .optional(),
  availability: z
    .object({
      shipToLocationAvailability: z
        .object({ quantity: z.number().int().nonnegative().optional() })
        .optional(),
    })
    .optional(),
  inventoryItemGroupKeys: z.array(z.string()).optional(),
  groupIds: z.array(z.string()).optional(),
});
export type InventoryItem = z.infer<typeof InventoryItem>;

export const OffersPage = z.object({
  total: z.number().int().nonnegative().optional(),
  size: z.number().int().nonnegative().optional(),
  limit: z.number().int().positive().optional(),
  next: z.string().optional(),
  offers: z.array(z.unknown()).optional(),
});

export const Offer = z.object({
  offerId: z.string().min(1),
  sku: z.string().min(1),
  marketplaceId: z.string().min(1),
  format: z.string().optional(),
  availableQuantity: z.number().int().nonnegative().optional(),
  pricingSummary: z.object({ price: Amount.optional() }).optional(),
  listingDescription: z.string().optional(),
  categoryId: z.string().optional(),
  merchantLocationKey: z.string().optional(),
  listingPolicies: z.record(z.string(), z.unknown()).optional(),
  status: z.string(),
  listing: z
    .object({
      listingId: z.string().optional(),
      listingStatus: z.string().optional(),
      soldQuantity: z.number().int().optional(),
      listingOnHold: z.boolean().optional(),
    })
    .optional(),
});
export type Offer = z.infer<typeof Offer>;

export const OfferCreated = z.object({ offerId: z.string().min(1) });
export const PublishReply = z.object({ listingId: z.string().optional() });

export const BulkPriceQuantityReply = z.object({
  responses: z
    .array(
      z.object({
        offerId: z.string().optional(),
        sku: z.string().optional(),
        statusCode: z.number().int(),
        errors: z.array(ErrorDetail).optional(),
        warnings: z.array(ErrorDetail).optional(),
      }),
    )
    .default([]),
});

export const OrdersPage = z.object({
  total: z.number().int().nonnegative().optional(),
  limit: z.number().int().optional(),
  offset: z.number().int().optional(),
  next: z.string().optional(),
  orders: z.array(z.unknown()).optional(),
  warnings: z.array(ErrorDetail).optional(),
});

/** Just enough of an Order to page and dedupe; the whole order is read in order-normalize.ts. */
export const OrderKey = z.object({ orderId: z.string().min(1), lastModifiedDate: z.string() });

export const LineItem = z.object({
  lineItemId: z.string().min(1),
  legacyItemId: z.string().optional(),
  legacyVariationId: z.string().optional(),
  sku: z.string().optional(),
  title: z.string().optional(),
  quantity: z.number().int().positive(),
  lineItemCost: Amount,
  discountedLineItemCost: Amount.optional(),
  listingMarketplaceId: z.string().optional(),
  lineItemFulfillmentStatus: z.string().optional(),
  lineItemFulfillmentInstructions: z.object({ shipByDate: z.string().optional() }).optional(),
});

export const Order = z.object({
  orderId: z.string().min(1),
  creationDate: z.string(),
  lastModifiedDate: z.string(),
  orderFulfillmentStatus: z.string(),
  orderPaymentStatus: z.string(),
  cancelStatus: z.object({ cancelState: z.string().optional() }).optional(),
  pricingSummary: z.object({ total: Amount }),
  lineItems: z.array(LineItem).min(1),
  fulfillmentStartInstructions: z
    .array(
      z.object({
        shippingStep: z
          .object({
            shipTo: z
              .object({
                contactAddress: z.object({ countryCode: z.string().optional() }).optional(),
              })
              .optional(),
          })
          .optional(),
      }),
    )
    .optional(),
});
export type Order = z.infer<typeof Order>;

export const ShippingFulfillments = z.object({
  fulfillments: z
    .array(
      z.object({
        fulfillmentId: z.string().optional(),
        shipmentTrackingNumber: z.string().optional(),
        shippingCarrierCode: z.string().optional(),
      }),
    )
    .default([]),
  total: z.number().int().optional(),
});

export const UserReply = z.object({ userId: z.string().min(1), username: z.string().optional() });

export const RateLimitsReply = z.object({
  rateLimits: z
    .array(
      z.object({
        apiContext: z.string().optional(),
        apiName: z.string().optional(),
        resources: z
          .array(
            z.object({
              name: z.string().optional(),
              rates: z
                .array(
                  z.object({
                    limit: z.number().int().optional(),
                    remaining: z.number().int().optional(),
                    reset: z.string().optional(),
                    timeWindow: z.number().int().optional(),
                  }),
                )
                .optional(),
            }),
          )
          .optional(),
      }),
    )
    .default([]),
});

/** zod issues as `path: message` lines. */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
