/**
 * Order APIs of the fake Shopee (v2.order.*): get_order_list over create_time or update_time in a
 * window of at most 15 days, page_size 1-100, cursor paging with `more` / `next_cursor`; and
 * get_order_detail for 1-50 order_sn where optional fields appear only when named in
 * response_optional_fields.
 */
import type { SandboxResponse } from '../kit/server.js';
import { ORDER_STATUSES, type FakeOrder, type ShopState } from './state.js';
import type { ApiContext } from './products.js';
import { ShopeeApiError, jsonPrice, success } from './protocol.js';

export const MAX_WINDOW_SECONDS = 15 * 86_400;
const DECIMALS = 2;
const invalidTime = () =>
  new ShopeeApiError(
    'order.order_list_invalid_time',
    'Start time must be earlier than end time and diff in 15days.',
  );

export function getOrderList(context: ApiContext): SandboxResponse {
  const { params, state, random } = context;
  const field = params.string('time_range_field', { required: true });
  if (field !== 'create_time' && field !== 'update_time') {
    throw new ShopeeApiError(
      'error_param',
      'Wrong parameters, detail: time_range_field must be create_time or update_time.',
    );
  }
  const from = params.int('time_from', { required: true, min: 0 })!;
  const to = params.int('time_to', { required: true, min: 0 })!;
  if (to < from || to - from > MAX_WINDOW_SECONDS) throw invalidTime();
  const pageSize = params.int('page_size', { required: true, min: 1, max: 100 })!;
  const cursorText = params.string('cursor', { required: false }) ?? '';
  if (cursorText !== '' && !/^\d+$/.test(cursorText))
    throw new ShopeeApiError('error_param', 'Wrong parameters, detail: cursor is invalid.');
  const offset = cursorText === '' ? 0 : Number(cursorText);
  const status = params.string('order_status', { required: false });
  if (status !== undefined && !(ORDER_STATUSES as readonly string[]).includes(status)) {
    throw new ShopeeApiError('error_param', 'Wrong parameters, detail: order_status is invalid.');
  }
  const optional = (params.string('response_optional_fields', { required: false }) ?? '')
    .split(',')
    .map((f) => f.trim());
  params.boolean('request_order_status_pending');
  // Both sorted indexes order by the time field, then order_sn: the window is two binary searches.
  const index = field === 'create_time' ? state.ordersByCreate : state.ordersByUpdate;
  const start = index.firstIndex((order) => order[field] < from);
  const end = index.firstIndex((order) => order[field] <= to);
  let page: FakeOrder[];
  let total: number;
  if (status === undefined) {
    page = index.slice(Math.min(end, start + offset), Math.min(end, start + offset + pageSize));
    total = end - start;
  } else {
    const matching = index.slice(start, end).filter((order) => order.order_status === status);
    page = matching.slice(offset, offset + pageSize);
    total = matching.length;
  }
  const more = offset + page.length < total;
  return success(random, {
    more,
    next_cursor: more ? String(offset + page.length) : '',
    order_list: page.map((order) =>
      optional.includes('order_status')
        ? { order_sn: order.order_sn, order_status: order.order_status }
        : { order_sn: order.order_sn },
    ),
  });
}

function logisticsStatus(order: FakeOrder): string {
  switch (order.order_status) {
    case 'READY_TO_SHIP':
      return 'LOGISTICS_READY';
    case 'PROCESSED':
      return 'LOGISTICS_REQUEST_CREATED';
    case 'SHIPPED':
      return 'LOGISTICS_PICKUP_DONE';
    case 'COMPLETED':
      return 'LOGISTICS_DELIVERY_DONE';
    case 'CANCELLED':
      return 'LOGISTICS_INVALID';
    default:
      return 'LOGISTICS_NOT_START';
  }
}

type Builder = (order: FakeOrder, state: ShopState) => unknown;

/** The optional fields the fake models, by the name used in response_optional_fields. */
const OPTIONAL: Record<string, Builder> = {
  buyer_user_id: (order) => order.buyer_user_id,
  buyer_username: (order) => order.buyer_username,
  total_amount: (order) => jsonPrice(order.total_cents, DECIMALS),
  estimated_shipping_fee: (order) => jsonPrice(order.shipping_fee_cents, DECIMALS),
  pay_time: (order) => order.pay_time,
  shipping_carrier: (order) => order.channel.name,
  payment_method: (order) => (order.cod ? 'Cash on Delivery' : 'Credit Card/Debit Card'),
  note: () => '',
  cancel_by: (order) => (order.order_status === 'CANCELLED' ? 'buyer' : ''),
  cancel_reason: (order) => order.cancel_reason,
  buyer_cancel_reason: (order) => order.cancel_reason,
  fulfillment_flag: () => 'fulfilled_by_local_seller',
  split_up: () => false,
  goods_to_declare: () => false,
  recipient_address: (order, state) => ({
    name: order.recipient_name,
    phone: order.recipient_phone,
    town: '',
    district: '',
    city: order.recipient_city,
    state: '',
    region: state.region,
    zipcode: order.recipient_zipcode,
    full_address: `1 Sandbox Road, ${order.recipient_city} ${order.recipient_zipcode}`,
  }),
  item_list: (order) =>
    order.lines.map((line) => ({
      item_id: line.item_id,
      item_name: line.item_name,
      item_sku: line.item_sku,
      model_id: line.model_id,
      model_name: line.model_name,
      model_sku: line.model_sku,
      model_quantity_purchased: line.quantity,
      model_original_price: jsonPrice(line.original_cents, DECIMALS),
      model_discounted_price: jsonPrice(line.discounted_cents, DECIMALS),
      wholesale: false,
      weight: 0.5,
      add_on_deal: false,
      main_item: false,
      add_on_deal_id: 0,
      promotion_type: '',
      promotion_id: 0,
      order_item_id: line.order_item_id,
      promotion_group_id: 0,
      image_info: { image_url: `https://sandbox.invalid/img/${line.item_id}.jpg` },
    })),
  package_list: (order) => [
    {
      package_number: order.package_number,
      logistics_status: logisticsStatus(order),
      logistics_channel_id: order.channel.logistics_channel_id,
      shipping_carrier: order.channel.name,
      allow_self_design_awb: false,
      item_list: order.lines.map((line) => ({
        item_id: line.item_id,
        model_id: line.model_id,
        model_quantity: line.quantity,
        order_item_id: line.order_item_id,
        promotion_group_id: 0,
      })),
    },
  ],
};

export function getOrderDetail(context: ApiContext): SandboxResponse {
  const { params, state, random } = context;
  const listText = params.string('order_sn_list', { required: true })!;
  const sns = listText.split(',').map((sn) => sn.trim());
  if (sns.length < 1 || sns.length > 50 || sns.some((sn) => sn === '')) {
    throw new ShopeeApiError(
      'error_param',
      'Wrong parameters, detail: order_sn_list must hold 1 to 50 order_sn.',
    );
  }
  const optional = (params.string('response_optional_fields', { required: false }) ?? '')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field in OPTIONAL);
  params.boolean('request_order_status_pending');
  const found = sns
    .map((sn) => state.orderBySn.get(sn))
    .filter((order): order is FakeOrder => order !== undefined);
  if (found.length === 0)
    throw new ShopeeApiError('error_param', 'The information you queried is not found.');
  const missing = sns.filter((sn) => !state.orderBySn.has(sn));
  const orderList = found.map((order) => {
    const json: Record<string, unknown> = {
      order_sn: order.order_sn,
      region: state.region,
      currency: state.currency,
      cod: order.cod,
      order_status: order.order_status,
      message_to_seller: order.message_to_seller,
      create_time: order.create_time,
      update_time: order.update_time,
      days_to_ship: order.days_to_ship,
      ship_by_date: order.ship_by_date,
    };
    for (const field of optional) json[field] = OPTIONAL[field]!(order, state);
    return json;
  });
  const extra =
    missing.length > 0 ? { warning: missing.map((sn) => `order_sn ${sn} is not found`) } : {};
  return success(random, { order_list: orderList }, extra);
}
