/**
 * Orders v0 confirmShipment (POST /orders/v0/orders/{orderId}/shipmentConfirmation; not deprecated
 * in ordersV0.json): a merchant-fulfilled order that is UNSHIPPED or PARTIALLY_SHIPPED gets a
 * package with carrier and tracking number; its items' shipped quantities grow, and the order
 * becomes SHIPPED when everything has shipped. `carrierCode` is required in every marketplace,
 * `carrierName` when the code is "Other". Success is 204 with no body; failures carry
 * ConfirmShipmentErrorResponse (`{"errors":[…]}`).
 */
import type { SandboxResponse } from '../kit/server.js';
import type { OperationCall } from './context.js';
import { AmazonApiError, invalidInput, parseDateTime } from './protocol.js';
import { setOrderStatus, touchOrder } from './state.js';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function confirmShipment(call: OperationCall): SandboxResponse {
  const { context, request } = call;
  const order = context.state.orderById.get(call.params.orderId ?? '');
  if (!order)
    throw new AmazonApiError(404, 'NotFound', `Order ${call.params.orderId ?? ''} was not found.`);
  const body = request.body as Record<string, unknown> | undefined;
  if (request.bodyError !== null || !body || typeof body !== 'object')
    throw invalidInput('Invalid Input: the request body must be a JSON object.');
  if (body.marketplaceId !== context.state.site.marketplaceId)
    throw invalidInput(
      `Invalid Input: marketplaceId must be ${context.state.site.marketplaceId} for this order.`,
    );
  const detail = body.packageDetail as Record<string, unknown> | undefined;
  if (!detail || typeof detail !== 'object')
    throw invalidInput('Invalid Input: packageDetail is required.');
  const reference = text(detail.packageReferenceId);
  const carrierCode = text(detail.carrierCode);
  const tracking = text(detail.trackingNumber);
  const shipDate = text(detail.shipDate);
  if (!reference || !carrierCode || !tracking || !shipDate)
    throw invalidInput(
      'Invalid Input: packageReferenceId, carrierCode, trackingNumber and shipDate are required.',
    );
  const carrierName = text(detail.carrierName);
  if (carrierCode === 'Other' && !carrierName)
    throw invalidInput('Invalid Input: carrierName is required when carrierCode is Other.');
  const shipped = parseDateTime('shipDate', shipDate, false);
  const now = context.clock.now();
  if (shipped > now + 60_000 || shipped < order.createdAt - 60_000)
    throw invalidInput('Invalid Input: shipDate must lie between the order date and now.');
  if (order.fulfilledBy !== 'MERCHANT')
    throw invalidInput(
      'Invalid Input: the order is fulfilled by Amazon; its shipment cannot be confirmed.',
    );
  if (order.status !== 'UNSHIPPED' && order.status !== 'PARTIALLY_SHIPPED')
    throw invalidInput(
      `Invalid Input: the order is ${order.status}; only UNSHIPPED or PARTIALLY_SHIPPED orders can be confirmed.`,
    );
  if (order.packages.some((entry) => entry.packageReferenceId === reference))
    throw invalidInput(`Invalid Input: package ${reference} was already confirmed for this order.`);
  const lines = detail.orderItems;
  if (!Array.isArray(lines) || lines.length === 0)
    throw invalidInput('Invalid Input: orderItems is required.');
  const plan = lines.map((line) => {
    const entry = line as Record<string, unknown>;
    const item = order.items.find((candidate) => candidate.orderItemId === entry.orderItemId);
    const quantity = entry.quantity;
    if (!item)
      throw invalidInput(
        `Invalid Input: order item ${String(entry.orderItemId)} is not in this order.`,
      );
    if (
      typeof quantity !== 'number' ||
      !Number.isInteger(quantity) ||
      quantity < 1 ||
      quantity > item.quantity - item.quantityShipped
    )
      throw invalidInput(
        `Invalid Input: quantity for order item ${item.orderItemId} must be 1 to ${item.quantity - item.quantityShipped}.`,
      );
    return { item, quantity };
  });
  for (const { item, quantity } of plan) item.quantityShipped += quantity;
  order.packages.push({
    packageReferenceId: reference,
    carrierCode,
    carrierName,
    shippingMethod: text(detail.shippingMethod),
    trackingNumber: tracking,
    shipTime: shipped,
    items: plan.map(({ item, quantity }) => ({ orderItemId: item.orderItemId, quantity })),
  });
  const done = order.items.every((item) => item.quantityShipped >= item.quantity);
  if (done || order.status !== 'PARTIALLY_SHIPPED')
    setOrderStatus(context.state, order, done ? 'SHIPPED' : 'PARTIALLY_SHIPPED', now);
  else touchOrder(context.state, order, now);
  return { status: 204, text: '' };
}
