/**
 * Logistics APIs of the fake Shopee: get_shipping_parameter says what ship_order needs for an order
 * (pickup for the integrated sandbox channel, non_integrated tracking for the seller's own
 * carrier); ship_order arranges shipment of a READY_TO_SHIP order with exactly one of
 * pickup / dropoff / non_integrated and moves it to PROCESSED.
 */
import type { SandboxResponse } from '../kit/server.js';
import { setOrderStatus, type FakeOrder } from './state.js';
import type { ApiContext } from './products.js';
import { ShopeeApiError, success } from './protocol.js';

const ADDRESS_ID = 5001;

function findOrder(context: ApiContext): FakeOrder {
  const sn = context.params.string('order_sn', { required: true })!;
  const order = context.state.orderBySn.get(sn);
  if (!order)
    throw new ShopeeApiError('error_not_found', 'Wrong parameters, detail: order_sn is not found.');
  const packageNumber = context.params.string('package_number', { required: false });
  if (packageNumber !== undefined && packageNumber !== order.package_number) {
    throw new ShopeeApiError('logistics.package_not_exist', 'The package is not exist.');
  }
  return order;
}

function pickupTimeIds(
  nowSeconds: number,
): { date: number; time_text: string; pickup_time_id: string }[] {
  const day = Math.floor(nowSeconds / 86_400) * 86_400;
  return [1, 2].map((offset) => ({
    date: day + offset * 86_400,
    time_text: `Day +${offset}, 09:00-18:00`,
    pickup_time_id: String(day + offset * 86_400),
  }));
}

export function getShippingParameter(context: ApiContext): SandboxResponse {
  const order = findOrder(context);
  if (order.order_status === 'CANCELLED')
    throw new ShopeeApiError('error_status', 'The order has been cancelled.');
  if (order.channel.integrated) {
    return success(context.random, {
      info_needed: { dropoff: [], pickup: ['address_id', 'pickup_time_id'] },
      pickup: {
        address_list: [
          {
            address_id: ADDRESS_ID,
            region: context.state.region,
            state: '',
            city: 'Singapore',
            district: '',
            town: '',
            address: '1 Sandbox Warehouse Road',
            zipcode: '000001',
            address_flag: ['default_address', 'pickup_address'],
            time_slot_list: pickupTimeIds(context.nowSeconds),
          },
        ],
      },
    });
  }
  return success(context.random, { info_needed: { non_integrated: ['tracking_no'] } });
}

export function shipOrder(context: ApiContext): SandboxResponse {
  const { params, nowSeconds } = context;
  const order = findOrder(context);
  const modes = (['pickup', 'dropoff', 'non_integrated'] as const).filter((mode) =>
    params.has(mode),
  );
  if (modes.length !== 1) {
    throw new ShopeeApiError(
      'logistics.ship_order_only_support_one_type',
      'Please select just one way to ship order: pickup or dropoff or non_integrated.',
    );
  }
  if (order.order_status !== 'READY_TO_SHIP') {
    if (order.tracking_number !== null) {
      throw new ShopeeApiError(
        'logistics.package_already_shipped',
        "This package has already been arranged shipment and you can't call this API again.",
      );
    }
    throw new ShopeeApiError(
      'logistics.ship_order_not_ready_to_ship',
      'The order is not ready to ship.',
    );
  }
  const mode = modes[0]!;
  const details = params.object(mode, true)!;
  let tracking: string;
  if (mode === 'non_integrated') {
    if (order.channel.integrated) {
      throw new ShopeeApiError(
        'logistics.ship_order_unsupport_non_integrated',
        'This order does not support ship with non_integrated.',
      );
    }
    const given = details.tracking_number;
    if (given !== undefined && typeof given !== 'string') {
      throw new ShopeeApiError(
        'error_param',
        'Wrong parameters, detail: tracking_number must be a string.',
      );
    }
    if (typeof given === 'string' && given.length > 64) {
      throw new ShopeeApiError(
        'logistics.ship_order_long_tracking_number',
        'Parameter tracking_number can not be longer than 64.',
      );
    }
    tracking = given && given.length > 0 ? given : `SBX${order.create_time}`;
  } else if (mode === 'pickup') {
    if (!order.channel.integrated) {
      throw new ShopeeApiError(
        'logistics.ship_order_unsupport_pickup',
        'This order does not support ship with pickup.',
      );
    }
    const validTimes = pickupTimeIds(nowSeconds).map((slot) => slot.pickup_time_id);
    if (details.address_id !== ADDRESS_ID || !validTimes.includes(String(details.pickup_time_id))) {
      throw new ShopeeApiError(
        'logistics.ship_order_need_address_pickup_time',
        'Parameter address_id and pickup_time_id are required.',
      );
    }
    tracking = `SBXP${order.create_time}`;
  } else {
    throw new ShopeeApiError(
      'logistics.ship_order_unsupport_dropoff',
      'This order does not support ship with dropoff.',
    );
  }
  setOrderStatus(context.state, order, 'PROCESSED', nowSeconds, { tracking_number: tracking });
  return success(context.random, undefined);
}
