/**
 * zod shapes of the Wish v3 replies we read (OpenAPI export v3.0.65, see ../shared/marketplace-notes.md
 * §4). Only the fields we use are named; the rest passes through (`looseObject`) so the raw payload
 * kept beside each normalised object is complete.
 */
import { z } from 'zod';

/** Every reply: `{code, message, data}`, code 0 on success. */
export const Envelope = z.looseObject({
  code: z.union([z.number(), z.string()]),
  message: z.string().nullish(),
  data: z.unknown().optional(),
});

export const WishMoney = z.looseObject({
  amount: z.number(),
  currency_code: z.string(),
});
export type WishMoney = z.infer<typeof WishMoney>;

export const TokenData = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  /** Epoch seconds or an ISO time: the format is not pinned down in the spec. */
  expiry_time: z.union([z.number(), z.string()]).nullish(),
  merchant_id: z.string().nullish(),
  scopes: z.array(z.string()).nullish(),
});
export type TokenData = z.infer<typeof TokenData>;

/** A shallow product of GET /products: what window paging needs. */
export const ShallowProduct = z.looseObject({
  id: z.string().min(1),
  updated_at: z.string(),
  created_at: z.string(),
});
export type ShallowProduct = z.infer<typeof ShallowProduct>;

export const WarehouseInventory = z.looseObject({
  warehouse_id: z.string(),
  inventory: z.number().int(),
});

export const ProductVariation = z.looseObject({
  id: z.string().min(1),
  sku: z.string(),
  status: z.string(),
  price: WishMoney,
  inventories: z.array(WarehouseInventory).default([]),
  options: z.array(z.looseObject({ name: z.string(), value: z.string() })).nullish(),
});
export type ProductVariation = z.infer<typeof ProductVariation>;

export const Product = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
  parent_sku: z.string().nullish(),
  state: z.string(),
  updated_at: z.string(),
  tags: z.array(z.string()).nullish(),
  attributes: z
    .array(z.looseObject({ name: z.string(), value: z.array(z.string()).nullish() }))
    .nullish(),
  variations: z.array(z.unknown()),
});
export type Product = z.infer<typeof Product>;

export const Order = z.looseObject({
  id: z.string().min(1),
  state: z.string(),
  released_at: z.string(),
  updated_at: z.string(),
  product_information: z.looseObject({
    id: z.string().nullish(),
    variation_id: z.string().nullish(),
    sku: z.string(),
    name: z.string().nullish(),
  }),
  order_payment: z.looseObject({
    general_payment_details: z.looseObject({
      product_quantity: z.number().int().positive(),
      product_price: WishMoney,
      payment_total: WishMoney,
    }),
  }),
  full_address: z
    .looseObject({
      shipping_detail: z
        .looseObject({
          shipping_address: z.looseObject({ country_code: z.string().nullish() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
  fulfillment_requirements: z.looseObject({ expected_ship_time: z.string().nullish() }).nullish(),
});
export type Order = z.infer<typeof Order>;

/** BulkJob of /products/bulk_update. */
export const BulkJob = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  processed_count: z.number().nullish(),
  total_count: z.number().nullish(),
});
export type BulkJob = z.infer<typeof BulkJob>;

export const Carriers = z.array(z.looseObject({ name: z.string() }));
export const RefundReasons = z.array(
  z.union([z.string(), z.looseObject({ reason: z.string() }).transform((entry) => entry.reason)]),
);

export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
