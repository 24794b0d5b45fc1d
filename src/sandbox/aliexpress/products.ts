/**
 * Product APIs of the fake (notes §3.4): `aliexpress.solution.product.list.get` (one status per
 * query, page numbers, page_size below 100), `product.info.get`, `product.edit` (partial), and the
 * batch price / inventory updates (at most 20 products per call, at most 200 SKUs per product for
 * inventory) answering per product in update_successful_list / update_failed_list.
 *
 * Lists are sorted newest product first (gmt_create, then product_id; AliExpress does not document
 * its order). A list that would be empty is left out of the reply, as IOP replies do.
 */
import { formatPacific } from './pacific.js';
import {
  amountText,
  integer,
  invalidParameter,
  jsonParam,
  priceCents,
  record,
  IopError,
} from './protocol.js';
import {
  PRODUCT_STATUSES,
  changeProduct,
  type FakeProduct,
  type FakeProductStatus,
  type StoreState,
  type WriteField,
} from './state.js';

export interface ApiContext {
  state: StoreState;
  now: number;
  params: Map<string, string>;
  method: string;
}

export const PRODUCT_BATCH_LIMIT = 20;
export const SKU_BATCH_LIMIT = 200;

function productSummary(product: FakeProduct, currency: string): Record<string, unknown> {
  const prices = product.skus.map((sku) => sku.price_cents);
  return {
    product_id: product.product_id,
    subject: product.subject,
    gmt_create: formatPacific(product.gmt_create),
    gmt_modified: formatPacific(product.gmt_modified),
    product_min_price: amountText(Math.min(...prices)),
    product_max_price: amountText(Math.max(...prices)),
    currency_code: currency,
    owner_member_id: 'sandbox_seller',
    ws_offline_date: formatPacific(product.gmt_modified + 30 * 86_400_000),
  };
}

export function productList(context: ApiContext): Record<string, unknown> {
  const query = record(
    jsonParam(context.params, 'aeop_a_e_product_list_query'),
    'aeop_a_e_product_list_query',
  );
  const status = query.product_status_type;
  if (!PRODUCT_STATUSES.includes(status as FakeProductStatus)) {
    throw invalidParameter(
      `product_status_type is required: one of ${PRODUCT_STATUSES.join(', ')}`,
    );
  }
  const page =
    query.current_page === undefined ? 1 : integer(query.current_page, 'current_page', { min: 1 });
  const size =
    query.page_size === undefined ? 20 : integer(query.page_size, 'page_size', { min: 1, max: 99 });
  const matching = context.state.products
    .filter((product) => product.status === status)
    .sort((a, b) => b.gmt_create - a.gmt_create || b.product_id - a.product_id);
  const slice = matching.slice((page - 1) * size, page * size);
  return {
    result: {
      success: true,
      product_count: matching.length,
      total_page: Math.ceil(matching.length / size),
      current_page: page,
      ...(slice.length > 0
        ? {
            aeop_a_e_product_display_d_t_o_list: {
              item_display_dto: slice.map((product) =>
                productSummary(product, context.state.currency),
              ),
            },
          }
        : {}),
    },
  };
}

function findProduct(state: StoreState, value: unknown, name = 'product_id'): FakeProduct {
  const id = integer(value, name, { min: 1 });
  const product = state.productById.get(id);
  if (!product) {
    throw new IopError(
      'InvalidParameter',
      `The product ${id} does not exist`,
      'ISV',
      'isv.product-not-exist',
    );
  }
  return product;
}

export function productInfo(context: ApiContext): Record<string, unknown> {
  const product = findProduct(context.state, context.params.get('product_id'));
  const currency = context.state.currency;
  return {
    result: {
      product_id: product.product_id,
      subject: product.subject,
      detail: product.detail,
      category_id: product.category_id,
      product_status_type: product.status,
      currency_code: currency,
      gmt_create: formatPacific(product.gmt_create),
      gmt_modified: formatPacific(product.gmt_modified),
      gross_weight: product.gross_weight,
      multi_language_subject_list: {
        global_subject: [{ locale: 'en_US', subject: product.subject }],
      },
      aeop_ae_product_s_k_us: {
        global_aeop_ae_product_sku: product.skus.map((sku) => ({
          id: sku.id,
          sku_code: sku.sku_code,
          sku_price: amountText(sku.price_cents),
          ipm_sku_stock: sku.stock,
          sku_stock: sku.stock > 0,
          currency_code: currency,
          ...(sku.attributes
            ? {
                aeop_s_k_u_property_list: {
                  global_aeop_sku_property: sku.attributes.split(';').map((pair) => {
                    const [name = '', value = ''] = pair.split(':');
                    return { sku_property_name: name, property_value_definition_name: value };
                  }),
                },
              }
            : {}),
        })),
      },
    },
  };
}

function recordWrite(
  context: ApiContext,
  product: FakeProduct,
  skuCode: string,
  field: WriteField,
  value: number | string,
): void {
  context.state.writes.push({
    at: context.now,
    method: context.method,
    productId: product.product_id,
    skuCode,
    field,
    value,
  });
}

function checkEditable(product: FakeProduct): void {
  if (product.status === 'auditing') {
    throw new IopError(
      'InvalidParameter',
      `The product ${product.product_id} is under review and cannot be edited`,
      'ISV',
      'isv.product-auditing',
    );
  }
}

export function productEdit(context: ApiContext): Record<string, unknown> {
  const request = record(jsonParam(context.params, 'edit_product_request'), 'edit_product_request');
  const product = findProduct(context.state, request.product_id);
  const changes: [WriteField, string][] = [];
  for (const [field, key, max] of [
    ['subject', 'subject', 218],
    ['detail', 'detail', 60_000],
  ] as const) {
    const value = request[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
      throw invalidParameter(`${key} must be non-empty text of at most ${max} characters`);
    }
    changes.push([field, value]);
  }
  const unknown = Object.keys(request).filter(
    (key) => !['product_id', 'subject', 'detail'].includes(key),
  );
  if (unknown.length > 0) throw invalidParameter(`Fields not editable here: ${unknown.join(', ')}`);
  if (changes.length === 0) throw invalidParameter('Nothing to edit');
  checkEditable(product);
  changeProduct(product, context.now, () => {
    for (const [field, value] of changes) {
      if (field === 'subject') product.subject = value;
      else product.detail = value;
      recordWrite(context, product, '', field, value);
    }
  });
  return { result: { success: true, product_id: product.product_id } };
}

interface BatchEntry {
  productId: unknown;
  skus: Record<string, unknown>[];
}

function batchEntries(context: ApiContext, skuLimit: number | null): BatchEntry[] {
  const list = jsonParam(context.params, 'mutiple_product_update_list');
  if (!Array.isArray(list) || list.length === 0) {
    throw invalidParameter('mutiple_product_update_list must be a non-empty array');
  }
  if (list.length > PRODUCT_BATCH_LIMIT) {
    throw invalidParameter(`At most ${PRODUCT_BATCH_LIMIT} products per call, got ${list.length}`);
  }
  return list.map((entry: unknown, index) => {
    const product = record(entry, `mutiple_product_update_list[${index}]`);
    const skus = product.multiple_sku_update_list;
    if (!Array.isArray(skus) || skus.length === 0) {
      throw invalidParameter(
        `multiple_sku_update_list of entry ${index} must be a non-empty array`,
      );
    }
    if (skuLimit !== null && skus.length > skuLimit) {
      throw invalidParameter(`At most ${skuLimit} SKUs per product, got ${skus.length}`);
    }
    return {
      productId: product.product_id,
      skus: skus.map((sku: unknown, position) => record(sku, `SKU ${position} of entry ${index}`)),
    };
  });
}

/** Applies one product's updates all-or-nothing; the batch answers per product. */
function batchUpdate(
  context: ApiContext,
  skuLimit: number | null,
  field: 'price' | 'stock',
): Record<string, unknown> {
  const succeeded: { product_id: number }[] = [];
  const failed: { product_id: number | string; error_code: string; error_message: string }[] = [];
  for (const entry of batchEntries(context, skuLimit)) {
    try {
      const product = findProduct(context.state, entry.productId);
      checkEditable(product);
      const changes = entry.skus.map((sku) => {
        const code = sku.sku_code;
        const target = product.skus.find((candidate) => candidate.sku_code === code);
        if (typeof code !== 'string' || !target) {
          throw new IopError(
            'InvalidParameter',
            `SKU ${String(code)} is not in product ${product.product_id}`,
            'ISV',
            'isv.sku-not-exist',
          );
        }
        const value =
          field === 'price'
            ? priceCents(sku.price, `price of ${code}`)
            : integer(sku.inventory, `inventory of ${code}`, { min: 0, max: 999_999 });
        return { target, value };
      });
      changeProduct(product, context.now, () => {
        for (const { target, value } of changes) {
          if (field === 'price') target.price_cents = value;
          else target.stock = value;
          recordWrite(context, product, target.sku_code, field, value);
        }
      });
      succeeded.push({ product_id: product.product_id });
    } catch (error) {
      if (!(error instanceof IopError)) throw error;
      failed.push({
        product_id: typeof entry.productId === 'number' ? entry.productId : String(entry.productId),
        error_code: error.subCode ?? error.code,
        error_message: error.message,
      });
    }
  }
  return {
    update_success: failed.length === 0,
    ...(succeeded.length > 0
      ? { update_successful_list: { synchronize_product_response_dto: succeeded } }
      : {}),
    ...(failed.length > 0 ? { update_failed_list: { synchronize_update_error_dto: failed } } : {}),
  };
}

export const batchPriceUpdate = (context: ApiContext) => batchUpdate(context, null, 'price');
export const batchInventoryUpdate = (context: ApiContext) =>
  batchUpdate(context, SKU_BATCH_LIMIT, 'stock');
