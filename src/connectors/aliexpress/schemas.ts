/**
 * zod schemas of every AliExpress reply we read. AliExpress publishes no machine-readable spec, so
 * these follow the documented shapes (notes §3.1, §3.4, §3.6) and the replies quoted in the
 * official reference pages: ids as JSON numbers (read as text, never as floats we compute with),
 * money as `{amount, currency_code}` with a decimal string, times as US Pacific text, and lists
 * wrapped in an object named after the element type (`{"order_dto": […]}`), which IOP sometimes
 * flattens to a bare array: both are accepted. Only the fields we use are checked; the raw payload
 * is kept beside every normalised object.
 */
import { z } from 'zod';

/** A numeric id as text (JSON number or digits). */
export const Id = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
  .transform((value) => String(value));

/** An integer sent as a JSON number or as digits. */
export const Count = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform((value) => Number(value)),
]);

const Text = z.string();

/** A list of `item`, bare or wrapped as `{ [key]: [...] }`; an absent list is empty. */
function listOf<T extends z.ZodType>(item: T, key: string) {
  return z
    .union([z.array(item), z.object({ [key]: z.array(item).optional() })])
    .optional()
    .transform((value): z.output<T>[] => {
      if (value === undefined) return [];
      if (Array.isArray(value)) return value;
      return (value as Record<string, z.output<T>[] | undefined>)[key] ?? [];
    });
}

export const Amount = z
  .object({
    amount: z.union([Text, z.number()]).optional(),
    amount_str: Text.optional(),
    currency_code: Text,
  })
  .refine((value) => value.amount !== undefined || value.amount_str !== undefined, {
    message: 'amount or amount_str is required',
  });
export type Amount = z.infer<typeof Amount>;

export const ErrorResponse = z.object({
  type: Text.optional(),
  code: z.union([Text, z.number()]).transform((value) => String(value)),
  msg: Text.optional(),
  message: Text.optional(),
  sub_code: Text.optional(),
  sub_msg: Text.optional(),
  request_id: Text.optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

const Millis = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

export const TokenReply = z.object({
  access_token: Text.min(1),
  refresh_token: Text.min(1),
  expires_in: Millis.optional(),
  refresh_expires_in: Millis.optional(),
  /** Epoch ms when the access token expires. */
  expire_time: Millis.optional(),
  /** Epoch ms when the refresh token expires. */
  refresh_token_valid_time: Millis.optional(),
  seller_id: z.union([Text, z.number()]).optional(),
  user_id: z.union([Text, z.number()]).optional(),
  user_nick: Text.optional(),
});
export type TokenReply = z.infer<typeof TokenReply>;

/** Business failures reported inside `result` (notes §3.6). */
const BusinessOutcome = {
  success: z.boolean().optional(),
  error_code: z.union([Text, z.number()]).optional(),
  error_message: Text.optional(),
};

export const ProductSummary = z.object({ product_id: Id, subject: Text.optional() });

export const ProductListReply = z.object({
  result: z.object({
    ...BusinessOutcome,
    product_count: Count.optional(),
    total_page: Count.optional(),
    current_page: Count.optional(),
    aeop_a_e_product_display_d_t_o_list: listOf(z.unknown(), 'item_display_dto'),
  }),
});

const SkuProperty = z.object({
  sku_property_name: Text.optional(),
  sku_property_id: z.union([Text, z.number()]).optional(),
  property_value_definition_name: Text.optional(),
  property_value_id: z.union([Text, z.number()]).optional(),
});

export const Sku = z.object({
  id: Text.optional(),
  sku_code: Text.optional(),
  sku_price: z.union([Text, z.number()]),
  sku_discount_price: z.union([Text, z.number()]).optional(),
  ipm_sku_stock: Count.optional(),
  sku_stock: z.boolean().optional(),
  currency_code: Text.optional(),
  aeop_s_k_u_property_list: listOf(SkuProperty, 'global_aeop_sku_property'),
});
export type Sku = z.infer<typeof Sku>;

export const ProductInfo = z.object({
  product_id: Id,
  subject: Text,
  detail: Text.optional(),
  product_status_type: Text,
  currency_code: Text,
  gmt_modified: Text.optional(),
  multi_language_subject_list: listOf(
    z.object({ locale: Text.optional(), subject: Text.optional() }),
    'global_subject',
  ),
  aeop_ae_product_s_k_us: listOf(z.unknown(), 'global_aeop_ae_product_sku'),
});
export type ProductInfo = z.infer<typeof ProductInfo>;

export const ProductInfoReply = z.object({ result: z.unknown() });

export const OrderSummary = z.object({ order_id: Id });

export const OrderListReply = z.object({
  result: z.object({
    ...BusinessOutcome,
    total_count: Count.optional(),
    total_page: Count.optional(),
    current_page: Count.optional(),
    target_list: listOf(z.unknown(), 'order_dto'),
  }),
});

const ChildOrder = z.object({
  id: Id,
  product_id: Id,
  product_name: Text.optional(),
  product_count: Count,
  product_price: Amount,
  sku_code: Text.optional(),
  product_attributes: Text.optional(),
});

export const OrderDetail = z.object({
  id: Id,
  order_status: Text,
  gmt_create: Text,
  gmt_modified: Text,
  order_end_reason: Text.optional(),
  over_time_left: Text.optional(),
  buyer_info: z.object({ country: Text.optional() }).optional(),
  receipt_address: z.object({ country: Text.optional() }).optional(),
  order_amount: Amount,
  child_order_list: listOf(ChildOrder, 'global_aeop_tp_child_order_dto'),
});
export type OrderDetail = z.infer<typeof OrderDetail>;

/** The tracking numbers an order detail carries (an order already shipped). */
export const OrderLogistics = z.object({
  logistic_info_list: listOf(z.object({ logistics_no: Text }), 'global_aeop_tp_logistic_info_dto'),
});

export const OrderInfoReply = z.object({
  result: z.object({ ...BusinessOutcome, data: z.unknown().optional() }),
});

const BatchFailure = z.object({
  product_id: z.union([Id, Text]),
  error_code: z.union([Text, z.number()]).optional(),
  error_message: Text.optional(),
});

const BatchOutcome = z.object({
  update_success: z.boolean().optional(),
  update_successful_list: listOf(z.object({ product_id: Id }), 'synchronize_product_response_dto'),
  update_failed_list: listOf(BatchFailure, 'synchronize_update_error_dto'),
});

/** The batch outcome, at the top of the response or inside `result`. */
export const BatchReply = z.preprocess((value) => {
  const result = (value as { result?: unknown } | null)?.result;
  return typeof result === 'object' && result !== null ? result : value;
}, BatchOutcome);
export type BatchReply = z.infer<typeof BatchReply>;

export const EditReply = z.object({ result: z.object(BusinessOutcome) });

export const FulfillReply = z.object({
  result: z.object({
    result_success: z.boolean(),
    error_code: z.union([Text, z.number()]).optional(),
    error_desc: Text.optional(),
    error_message: Text.optional(),
  }),
});

export const LogisticsReply = z.object({
  result_success: z.boolean().optional(),
  result_list: listOf(
    z.object({ service_name: Text, display_name: Text.optional() }),
    'aeop_logistics_service_result',
  ),
});

export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
