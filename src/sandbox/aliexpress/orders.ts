/**
 * Order APIs of the fake (notes §3.4): `aliexpress.solution.order.get` filtered by modified and/or
 * created date in US Pacific wall-clock text, both bounds inclusive, page numbers (page_size and
 * current_page required; page_size at most 50, the limit of the older list APIs: UNCONFIRMED for
 * this one), newest order first; `order.info.get` (param1.order_id); `order.fulfill`; and the
 * carrier list `aliexpress.logistics.redefining.listlogisticsservice`.
 */
import { formatPacific, parsePacific } from './pacific.js';
import type { ApiContext } from './products.js';
import { amountText, integer, invalidParameter, jsonParam, record, IopError } from './protocol.js';
import {
  ORDER_STATUSES,
  setOrderStatus,
  type FakeOrder,
  type FakeOrderStatus,
  type StoreState,
} from './state.js';

export const ORDER_PAGE_LIMIT = 50;

export const LOGISTICS_SERVICES = [
  {
    service_name: 'CAINIAO_STANDARD',
    display_name: 'AliExpress Standard Shipping',
    regex: '^[A-Z]{2}\\d{8,12}[A-Z]{0,2}$',
  },
  { service_name: 'CAINIAO_PREMIUM', display_name: 'AliExpress Premium Shipping', regex: '' },
  { service_name: 'EMS', display_name: 'EMS', regex: '' },
  { service_name: 'OTHER_CN_OVERSEAS', display_name: 'Seller own carrier (overseas)', regex: '' },
  { service_name: 'OTHER_CN_LOCAL', display_name: 'Seller own carrier (local)', regex: '' },
] as const;

const money = (cents: number, currency: string) => ({
  amount: amountText(cents),
  currency_code: currency,
});

function pacificBound(query: Record<string, unknown>, name: string): number | null {
  const value = query[name];
  if (value === undefined || value === null || value === '') return null;
  const parsed = typeof value === 'string' ? parsePacific(value) : null;
  if (parsed === null) throw invalidParameter(`${name} must be yyyy-MM-dd HH:mm:ss`);
  return parsed;
}

function statusFilter(query: Record<string, unknown>): Set<FakeOrderStatus> | null {
  const list = query.order_status_list ?? (query.order_status ? [query.order_status] : null);
  if (list === null) return null;
  if (
    !Array.isArray(list) ||
    list.some((entry) => !ORDER_STATUSES.includes(entry as FakeOrderStatus))
  ) {
    throw invalidParameter(`order_status_list takes: ${ORDER_STATUSES.join(', ')}`);
  }
  return new Set(list as FakeOrderStatus[]);
}

function orderSummary(order: FakeOrder, currency: string): Record<string, unknown> {
  return {
    order_id: order.order_id,
    order_status: order.status,
    gmt_create: formatPacific(order.gmt_create),
    gmt_update: formatPacific(order.gmt_modified),
    ...(order.gmt_pay === null ? {} : { gmt_pay_time: formatPacific(order.gmt_pay) }),
    buyer_login_id: order.buyer_login_id,
    buyer_signer_fullname: order.buyer_name,
    pay_amount: money(order.total_cents, currency),
    logistics_status: order.shipment ? 'SELLER_SEND_GOODS' : 'NO_LOGISTICS',
    biz_type: 'AE_COMMON',
    ...(order.end_reason ? { end_reason: order.end_reason } : {}),
    product_list: {
      order_product_dto: order.lines.map((line) => ({
        child_id: line.child_id,
        order_id: order.order_id,
        product_id: line.product_id,
        product_name: line.product_name,
        product_count: line.count,
        product_unit_price: money(line.unit_cents, currency),
        total_product_amount: money(line.unit_cents * line.count, currency),
        sku_code: line.sku_code,
        show_status: order.status,
        product_unit: 'piece',
      })),
    },
  };
}

/** The SKU's attributes as AliExpress writes them in an order: JSON text of {sku: [...]}. */
function attributesJson(attributes: string): string {
  if (attributes === '') return '';
  const sku = attributes.split(';').map((pair, index) => {
    const [name = '', value = ''] = pair.split(':');
    return {
      pName: name,
      pValue: value,
      selfDefineValue: value,
      showType: 'none',
      order: index + 1,
    };
  });
  return JSON.stringify({ sku });
}

export function orderList(context: ApiContext): Record<string, unknown> {
  const query = record(jsonParam(context.params, 'param0'), 'param0');
  const size = integer(query.page_size, 'page_size', { min: 1, max: ORDER_PAGE_LIMIT });
  const page = integer(query.current_page, 'current_page', { min: 1 });
  const modifiedFrom = pacificBound(query, 'modified_date_start');
  const modifiedTo = pacificBound(query, 'modified_date_end');
  const createdFrom = pacificBound(query, 'create_date_start');
  const createdTo = pacificBound(query, 'create_date_end');
  const statuses = statusFilter(query);
  const matching = context.state.orders
    .filter(
      (order) =>
        (modifiedFrom === null || order.gmt_modified >= modifiedFrom) &&
        (modifiedTo === null || order.gmt_modified <= modifiedTo) &&
        (createdFrom === null || order.gmt_create >= createdFrom) &&
        (createdTo === null || order.gmt_create <= createdTo) &&
        (statuses === null || statuses.has(order.status)),
    )
    .sort((a, b) => b.gmt_create - a.gmt_create || b.order_id - a.order_id);
  const slice = matching.slice((page - 1) * size, page * size);
  return {
    result: {
      success: true,
      total_count: matching.length,
      total_page: Math.ceil(matching.length / size),
      current_page: page,
      page_size: size,
      time_stamp: formatPacific(context.now),
      ...(slice.length > 0
        ? {
            target_list: {
              order_dto: slice.map((order) => orderSummary(order, context.state.currency)),
            },
          }
        : {}),
    },
  };
}

function orderDetail(order: FakeOrder, currency: string): Record<string, unknown> {
  return {
    id: order.order_id,
    order_status: order.status,
    gmt_create: formatPacific(order.gmt_create),
    gmt_modified: formatPacific(order.gmt_modified),
    ...(order.gmt_pay === null ? {} : { gmt_pay_success: formatPacific(order.gmt_pay) }),
    ...(order.end_reason ? { order_end_reason: order.end_reason } : {}),
    buyer_info: {
      login_id: order.buyer_login_id,
      country: order.buyer_country,
      first_name: order.buyer_name.split(' ')[0],
      last_name: order.buyer_name.split(' ').slice(1).join(' '),
    },
    receipt_address: {
      country: order.buyer_country,
      city: 'Sandbox City',
      zip: '00000',
      contact_person: order.buyer_name,
      detail_address: '1 Simulated Street',
    },
    order_amount: money(order.total_cents, currency),
    logistics_amount: money(order.logistics_cents, currency),
    ...(order.gmt_pay === null
      ? {}
      : { over_time_left: formatPacific(order.gmt_pay + order.prepare_days * 86_400_000) }),
    child_order_list: {
      global_aeop_tp_child_order_dto: order.lines.map((line) => ({
        id: line.child_id,
        product_id: line.product_id,
        product_name: line.product_name,
        product_count: line.count,
        product_price: money(line.unit_cents, currency),
        sku_code: line.sku_code,
        product_attributes: attributesJson(line.sku_attributes),
        order_status: order.status,
        product_unit: 'piece',
      })),
    },
    ...(order.shipment
      ? {
          logistic_info_list: {
            global_aeop_tp_logistic_info_dto: [
              {
                logistics_no: order.shipment.logistics_no,
                logistics_service_name: order.shipment.service_name,
              },
            ],
          },
        }
      : {}),
  };
}

export function orderInfo(context: ApiContext): Record<string, unknown> {
  const query = record(jsonParam(context.params, 'param1'), 'param1');
  const id = integer(query.order_id, 'order_id', { min: 1 });
  const order = context.state.orderById.get(id);
  if (!order) {
    // A business failure: reported inside the result, not as error_response (notes §3.6).
    return {
      result: {
        success: false,
        error_code: 'F00-10-10000-001',
        error_message: `The order ${id} does not exist`,
      },
    };
  }
  return { result: { success: true, data: orderDetail(order, context.state.currency) } };
}

const SHIPPABLE: readonly FakeOrderStatus[] = ['WAIT_SELLER_SEND_GOODS', 'SELLER_PART_SEND_GOODS'];

export function orderFulfill(context: ApiContext, state: StoreState): Record<string, unknown> {
  const params = context.params;
  const required = (name: string) => {
    const value = params.get(name);
    if (value === undefined || value.trim() === '')
      throw invalidParameter(`Missing parameter: ${name}`);
    return value;
  };
  const serviceName = required('service_name');
  const orderId = integer(required('out_ref'), 'out_ref', { min: 1 });
  const sendType = required('send_type');
  const trackingNumber = required('logistics_no');
  if (sendType !== 'all' && sendType !== 'part') throw invalidParameter('send_type is all or part');
  const service = LOGISTICS_SERVICES.find((entry) => entry.service_name === serviceName);
  if (!service) throw invalidParameter(`Unknown service_name ${serviceName}`);
  if (serviceName.startsWith('OTHER_') && !params.get('tracking_website')) {
    throw invalidParameter('tracking_website is required for a seller own carrier');
  }
  if ((params.get('description') ?? '').length > 512)
    throw invalidParameter('description is too long');
  if (service.regex && !new RegExp(service.regex).test(trackingNumber)) {
    throw invalidParameter(`logistics_no does not fit ${serviceName}`);
  }
  const order = state.orderById.get(orderId);
  if (!order) {
    throw new IopError(
      'InvalidParameter',
      `The order ${orderId} does not exist`,
      'ISV',
      'isv.order-not-exist',
    );
  }
  if (!SHIPPABLE.includes(order.status)) {
    return {
      result: {
        result_success: false,
        error_code: 'ORDER_STATUS_NOT_SUPPORT',
        error_desc: `The order is ${order.status}; it cannot be shipped`,
      },
    };
  }
  setOrderStatus(
    state,
    order,
    sendType === 'all' ? 'WAIT_BUYER_ACCEPT_GOODS' : 'SELLER_PART_SEND_GOODS',
    context.now,
    { shipment: { service_name: serviceName, logistics_no: trackingNumber, send_type: sendType } },
  );
  return { result: { result_success: true } };
}

export function listLogisticsServices(): Record<string, unknown> {
  return {
    result_success: true,
    result_list: {
      aeop_logistics_service_result: LOGISTICS_SERVICES.map((service) => ({
        service_name: service.service_name,
        display_name: service.display_name,
        logistics_company: service.display_name,
        tracking_no_regex: service.regex,
        min_process_day: 1,
        max_process_day: 7,
      })),
    },
  };
}
