/**
 * Shipping an eBay order: the seller ships with a carrier of their choice and tells eBay with
 * createShippingFulfillment (one call per package: line items, carrier code, tracking number,
 * shipped date). A confirmation here ships every line not yet shipped, in one package.
 *
 * createShippingFulfillment is not idempotent (a second call would be a second package). When its
 * reply is lost, the order's fulfillments are read: one with our tracking number means it landed.
 */
import { z } from 'zod';
import type { ShipmentConfirmation, ShipmentResult, ShippingOptions } from '../connector.js';
import { ConnectorError, InvalidInputError, PermanentError } from '../http/errors.js';
import type { EbayApi } from './api.js';
import { Order, ShippingFulfillments } from './schemas.js';

const BASE = '/sell/fulfillment/v1/order';
const ORDER_ID = /^[\w-]{1,40}$/;
const CARRIER = /^[A-Z0-9_]{2,40}$/;
const TRACKING = /^[A-Za-z0-9-]{4,40}$/;

const RawOrder = z.object({
  lineItems: z.array(
    z.object({
      lineItemId: z.string(),
      quantity: z.number().int().positive(),
      lineItemFulfillmentStatus: z.string().optional(),
    }),
  ),
  orderFulfillmentStatus: z.string(),
  cancelStatus: z.object({ cancelState: z.string().optional() }).optional(),
});

export class EbayShipping {
  constructor(private readonly api: EbayApi) {}

  private invalid(message: string): InvalidInputError {
    return new InvalidInputError(message, {
      marketplace: 'ebay',
      operation: 'fulfillment.createShippingFulfillment',
    });
  }

  private async order(orderId: string) {
    if (!ORDER_ID.test(orderId)) throw this.invalid(`"${orderId}" is not an eBay order id`);
    return this.api.call({
      operation: 'fulfillment.getOrder',
      bucket: 'fulfillment',
      method: 'GET',
      path: `${BASE}/${encodeURIComponent(orderId)}`,
      idempotent: true,
      schema: Order.and(RawOrder),
    });
  }

  async options(orderId: string): Promise<ShippingOptions> {
    const reply = await this.order(orderId);
    // eBay leaves the carrier to the seller: ship, then report carrier and tracking number.
    return { remoteOrderId: orderId, methods: ['tracking_only'], raw: reply.data };
  }

  async confirm(confirmation: ShipmentConfirmation): Promise<ShipmentResult> {
    const { remoteOrderId: orderId, trackingNumber, carrier } = confirmation;
    if (carrier === null || !CARRIER.test(carrier))
      throw this.invalid(
        'eBay needs the carrier code (e.g. USPS, UPS, ROYAL_MAIL) with the tracking number',
      );
    if (!TRACKING.test(trackingNumber))
      throw this.invalid('The tracking number must be 4-40 letters, digits or dashes');
    const order = (await this.order(orderId)).data;
    if (order.cancelStatus?.cancelState === 'CANCELED')
      throw new PermanentError(`eBay order ${orderId} was cancelled`, {
        marketplace: 'ebay',
        operation: 'fulfillment.createShippingFulfillment',
        marketplaceCode: 'cancelled',
      });
    const lines = order.lineItems
      .filter((line) => line.lineItemFulfillmentStatus !== 'FULFILLED')
      .map((line) => ({ lineItemId: line.lineItemId, quantity: line.quantity }));
    if (lines.length === 0) {
      const existing = await this.fulfillmentWith(orderId, trackingNumber);
      if (existing)
        return { remoteOrderId: orderId, trackingNumber, state: 'confirmed', requestId: null };
      throw new PermanentError(`eBay order ${orderId} is already shipped`, {
        marketplace: 'ebay',
        operation: 'fulfillment.createShippingFulfillment',
        marketplaceCode: 'already_shipped',
      });
    }
    try {
      const reply = await this.api.call({
        operation: 'fulfillment.createShippingFulfillment',
        bucket: 'fulfillment',
        method: 'POST',
        path: `${BASE}/${encodeURIComponent(orderId)}/shipping_fulfillment`,
        idempotent: false,
        body: {
          lineItems: lines,
          shippedDate: new Date(this.api.client.clock.now()).toISOString(),
          shippingCarrierCode: carrier,
          trackingNumber,
        },
      });
      return {
        remoteOrderId: orderId,
        trackingNumber,
        state: 'confirmed',
        requestId: reply.requestId,
      };
    } catch (error) {
      if (error instanceof ConnectorError && error.maybeApplied) {
        const existing = await this.fulfillmentWith(orderId, trackingNumber);
        if (existing)
          return { remoteOrderId: orderId, trackingNumber, state: 'confirmed', requestId: null };
      }
      throw error;
    }
  }

  /** The id of the order's fulfillment carrying this tracking number, if there is one. */
  private async fulfillmentWith(orderId: string, trackingNumber: string): Promise<string | null> {
    const reply = await this.api.call({
      operation: 'fulfillment.getShippingFulfillments',
      bucket: 'fulfillment',
      method: 'GET',
      path: `${BASE}/${encodeURIComponent(orderId)}/shipping_fulfillment`,
      idempotent: true,
      schema: ShippingFulfillments,
    });
    const found = reply.data.fulfillments.find(
      (entry) => entry.shipmentTrackingNumber === trackingNumber,
    );
    return found ? (found.fulfillmentId ?? 'unknown') : null;
  }
}
