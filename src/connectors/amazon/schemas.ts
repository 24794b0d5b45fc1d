/**
 * zod schemas for every Amazon reply the connector reads, after the official models
 * (listingsItems_2021-08-01, orders_2026-01-01, feeds_2021-06-30, fbaInventory, the listings feed
 * processing report v2). Required fields are the models' required ones; everything else is
 * optional and unknown fields pass through (Amazon adds fields; the raw payload keeps them).
 */
import { z } from 'zod';

const Money = z.looseObject({ amount: z.string(), currencyCode: z.string() });

export const Issue = z.looseObject({
  code: z.string(),
  message: z.string(),
  severity: z.enum(['ERROR', 'WARNING', 'INFO']),
  attributeNames: z.array(z.string()).optional(),
  categories: z.array(z.string()).optional(),
});
export type Issue = z.infer<typeof Issue>;

export const ItemSummary = z.looseObject({
  marketplaceId: z.string(),
  asin: z.string().optional(),
  productType: z.string(),
  conditionType: z.string().optional(),
  status: z.array(z.string()),
  fnSku: z.string().optional(),
  itemName: z.string().optional(),
  createdDate: z.string(),
  lastUpdatedDate: z.string(),
});

export const ListingItem = z.looseObject({
  sku: z.string(),
  summaries: z.array(ItemSummary).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  issues: z.array(Issue).optional(),
  offers: z
    .array(z.looseObject({ marketplaceId: z.string(), offerType: z.string(), price: Money }))
    .optional(),
  fulfillmentAvailability: z
    .array(
      z.looseObject({ fulfillmentChannelCode: z.string(), quantity: z.number().int().optional() }),
    )
    .optional(),
});
export type ListingItem = z.infer<typeof ListingItem>;

export const ItemSearchResults = z.looseObject({
  numberOfResults: z.number().int(),
  pagination: z.looseObject({ nextToken: z.string().optional() }).optional(),
  items: z.array(z.unknown()),
});

export const SubmissionResponse = z.looseObject({
  sku: z.string(),
  status: z.enum(['ACCEPTED', 'INVALID', 'VALID']),
  submissionId: z.string(),
  issues: z.array(Issue).optional(),
});
export type SubmissionResponse = z.infer<typeof SubmissionResponse>;

const OrderItem = z.looseObject({
  orderItemId: z.string(),
  quantityOrdered: z.number().int(),
  product: z.looseObject({
    asin: z.string().optional(),
    title: z.string().optional(),
    sellerSku: z.string().optional(),
    price: z.looseObject({ unitPrice: Money.optional() }).optional(),
  }),
  proceeds: z.looseObject({ proceedsTotal: Money.optional() }).optional(),
  fulfillment: z
    .looseObject({
      quantityFulfilled: z.number().int().optional(),
      quantityUnfulfilled: z.number().int().optional(),
    })
    .optional(),
});

export const Order = z.looseObject({
  orderId: z.string(),
  createdTime: z.string(),
  lastUpdatedTime: z.string(),
  salesChannel: z.looseObject({ channelName: z.string(), marketplaceId: z.string().optional() }),
  orderItems: z.array(OrderItem),
  fulfillment: z
    .looseObject({
      fulfillmentStatus: z.string(),
      fulfilledBy: z.string().optional(),
      shipByWindow: z.looseObject({ latestDateTime: z.string().optional() }).optional(),
    })
    .optional(),
  proceeds: z.looseObject({ grandTotal: Money.optional() }).optional(),
  recipient: z
    .looseObject({
      deliveryAddress: z.looseObject({ countryCode: z.string().optional() }).optional(),
    })
    .optional(),
  packages: z.array(z.looseObject({ packageReferenceId: z.string() })).optional(),
});
export type Order = z.infer<typeof Order>;

export const SearchOrdersResponse = z.looseObject({
  orders: z.array(z.unknown()),
  pagination: z.looseObject({ nextToken: z.string().optional() }).optional(),
  lastUpdatedBefore: z.string().optional(),
  createdBefore: z.string().optional(),
});

export const GetOrderResponse = z.looseObject({ order: z.unknown() });

export const CreateFeedDocumentResponse = z.looseObject({
  feedDocumentId: z.string(),
  url: z.string(),
});
export const CreateFeedResponse = z.looseObject({ feedId: z.string() });
export const Feed = z.looseObject({
  feedId: z.string(),
  feedType: z.string(),
  processingStatus: z.enum(['CANCELLED', 'DONE', 'FATAL', 'IN_PROGRESS', 'IN_QUEUE']),
  resultFeedDocumentId: z.string().optional(),
});
export const FeedDocument = z.looseObject({
  feedDocumentId: z.string(),
  url: z.string(),
  compressionAlgorithm: z.enum(['GZIP']).optional(),
});

export const ProcessingReport = z.looseObject({
  header: z.looseObject({ sellerId: z.string(), version: z.string(), feedId: z.string() }),
  issues: z.array(
    z.looseObject({
      messageId: z.number().int().optional(),
      sku: z.string().optional(),
      code: z.string().optional(),
      severity: z.enum(['ERROR', 'WARNING', 'INFO']),
      message: z.string(),
      attributeName: z.string().optional(),
    }),
  ),
  summary: z.looseObject({
    errors: z.number().int(),
    warnings: z.number().int(),
    messagesProcessed: z.number().int(),
    messagesAccepted: z.number().int(),
    messagesInvalid: z.number().int(),
  }),
});
export type ProcessingReport = z.infer<typeof ProcessingReport>;

export const InventorySummaries = z.looseObject({
  payload: z
    .looseObject({
      inventorySummaries: z.array(
        z.looseObject({
          asin: z.string().optional(),
          fnSku: z.string().optional(),
          sellerSku: z.string().optional(),
          totalQuantity: z.number().int().optional(),
          lastUpdatedTime: z.string().optional(),
          inventoryDetails: z
            .looseObject({
              fulfillableQuantity: z.number().int().optional(),
              inboundWorkingQuantity: z.number().int().optional(),
              inboundShippedQuantity: z.number().int().optional(),
              inboundReceivingQuantity: z.number().int().optional(),
              reservedQuantity: z
                .looseObject({ totalReservedQuantity: z.number().int().optional() })
                .optional(),
              unfulfillableQuantity: z
                .looseObject({ totalUnfulfillableQuantity: z.number().int().optional() })
                .optional(),
            })
            .optional(),
        }),
      ),
    })
    .optional(),
  pagination: z.looseObject({ nextToken: z.string().optional() }).optional(),
});

export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
