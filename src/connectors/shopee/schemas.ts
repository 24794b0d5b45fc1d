/**
 * zod schemas for every Shopee reply the connector reads, from the reference records. Envelopes
 * are checked as a whole (a wrong envelope is an InvalidPayloadError); list entries are checked
 * one by one so a single bad item or order becomes a reported problem, not a failed page.
 * Unknown fields are ignored here and kept in the raw payload.
 */
import { z } from 'zod';

/** Shopee ids are int64 JSON numbers; digit strings are accepted too. Kept as text. */
export const ShopeeId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
  .transform((value) => String(value));
export const UnixSeconds = z.number().int().nonnegative();
/** A price: a JSON number, or a numeric string. */
export const Price = z.union([z.number().finite(), z.string().regex(/^-?\d+(\.\d+)?$/)]);

export const Envelope = z.object({
  request_id: z.string().optional(),
  error: z.string().nullish(),
  message: z.string().nullish(),
  warning: z.union([z.string(), z.array(z.string())]).nullish(),
  response: z.unknown().optional(),
});
export type Envelope = z.infer<typeof Envelope>;

export const TokenReply = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expire_in: z.number().int().positive(),
  shop_id_list: z.array(z.number().int()).nullish(),
});

export const ShopInfoReply = z.object({
  shop_name: z.string().nullish(),
  region: z.string().nullish(),
  status: z.string().nullish(),
  auth_time: UnixSeconds.nullish(),
  expire_time: UnixSeconds.nullish(),
});

export const ItemListReply = z.object({
  item: z.array(z.unknown()).nullish(),
  total_count: z.number().int().nullish(),
  has_next_page: z.boolean(),
  next_offset: z.number().int().nonnegative().nullish(),
});

export const ItemListEntry = z.object({
  item_id: ShopeeId,
  item_status: z.string(),
  update_time: UnixSeconds.nullish(),
});

const PriceInfo = z.object({
  currency: z.string().nullish(),
  original_price: Price,
  current_price: Price.nullish(),
});

const StockInfo = z.object({
  summary_info: z
    .object({
      total_available_stock: z.number().int().nullish(),
      total_reserved_stock: z.number().int().nullish(),
    })
    .nullish(),
  seller_stock: z
    .array(z.object({ location_id: z.string().nullish(), stock: z.number().int() }))
    .nullish(),
});
export type StockInfo = z.infer<typeof StockInfo>;

export const BaseInfoReply = z.object({ item_list: z.array(z.unknown()).nullish() });
export type BaseInfoReply = z.infer<typeof BaseInfoReply>;

export const BaseItem = z.object({
  item_id: ShopeeId,
  item_name: z.string(),
  description: z.string().nullish(),
  item_sku: z.string().nullish(),
  item_status: z.string(),
  update_time: UnixSeconds.nullish(),
  has_model: z.boolean(),
  price_info: z.array(PriceInfo).nullish(),
  stock_info_v2: StockInfo.nullish(),
  attribute_list: z
    .array(
      z.object({
        original_attribute_name: z.string().nullish(),
        attribute_id: z.number().int().nullish(),
        attribute_value_list: z
          .array(z.object({ original_value_name: z.string().nullish() }))
          .nullish(),
      }),
    )
    .nullish(),
  description_info: z
    .object({
      extended_description: z
        .object({
          field_list: z
            .array(z.object({ field_type: z.string().nullish(), text: z.string().nullish() }))
            .nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
export type BaseItem = z.infer<typeof BaseItem>;

export const ModelListReply = z.object({
  tier_variation: z
    .array(
      z.object({
        name: z.string(),
        option_list: z.array(z.object({ option: z.string() })).nullish(),
      }),
    )
    .nullish(),
  model: z.array(z.unknown()).nullish(),
});
export type ModelListReply = z.infer<typeof ModelListReply>;

export const Model = z.object({
  model_id: ShopeeId,
  model_sku: z.string().nullish(),
  model_status: z.string().nullish(),
  tier_index: z.array(z.number().int().nonnegative()).nullish(),
  price_info: z.array(PriceInfo).min(1),
  stock_info_v2: StockInfo.nullish(),
});
export type Model = z.infer<typeof Model>;

export const ModelUpdateReply = z.object({
  failure_list: z
    .array(z.object({ model_id: ShopeeId, failed_reason: z.string().nullish() }))
    .nullish(),
  success_list: z.array(z.object({ model_id: ShopeeId })).nullish(),
});

export const ItemWriteReply = z.object({ item_id: ShopeeId });

export const OrderListReply = z.object({
  more: z.boolean(),
  next_cursor: z.string().nullish(),
  order_list: z.array(z.unknown()).nullish(),
});

export const OrderListEntry = z.object({ order_sn: z.string().min(1) });

export const OrderDetailReply = z.object({ order_list: z.array(z.unknown()).nullish() });

export const OrderLine = z.object({
  item_id: ShopeeId,
  item_name: z.string().nullish(),
  item_sku: z.string().nullish(),
  model_id: ShopeeId.nullish(),
  model_name: z.string().nullish(),
  model_sku: z.string().nullish(),
  model_quantity_purchased: z.number().int().positive(),
  model_original_price: Price,
  model_discounted_price: Price.nullish(),
  order_item_id: ShopeeId.nullish(),
});

export const OrderDetail = z.object({
  order_sn: z.string().min(1),
  order_status: z.string().min(1),
  currency: z.string().min(1),
  region: z.string().nullish(),
  create_time: UnixSeconds,
  update_time: UnixSeconds,
  ship_by_date: z.number().int().nullish(),
  total_amount: Price,
  recipient_address: z.object({ region: z.string().nullish() }).nullish(),
  item_list: z.array(OrderLine).min(1),
  package_list: z.array(z.object({ package_number: z.string().nullish() })).nullish(),
});
export type OrderDetail = z.infer<typeof OrderDetail>;

export const ShippingParameterReply = z.object({
  info_needed: z.object({
    pickup: z.array(z.string()).nullish(),
    dropoff: z.array(z.string()).nullish(),
    non_integrated: z.array(z.string()).nullish(),
  }),
});

/** Zod issues as short "path: message" lines. */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
