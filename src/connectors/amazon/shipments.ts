/**
 * Shipment confirmation for merchant-fulfilled orders through Orders v0 confirmShipment (not
 * deprecated in the current model): the order's unshipped items (read with getOrder 2026-01-01)
 * go in one package with carrier and tracking number. `carrierCode` is required in every
 * marketplace; a carrier outside Amazon's common codes is sent as "Other" with its name.
 * The package reference continues the order's own numbering, so a repeated confirmation of the
 * same package is refused by Amazon instead of creating a second one.
 */
import type { ShipmentConfirmation, ShipmentResult, ShippingOptions } from '../connector.js';
import { InvalidInputError, PermanentError } from '../http/errors.js';
import type { AmazonApi } from './api.js';
import { amazonTime } from './listings.js';
import type { AmazonOrders } from './orders.js';
import { Order } from './schemas.js';
import { z } from 'zod';

/** Carrier codes Amazon lists in its CarrierCode table (a common subset) [UNCONFIRMED: full list]. */
const CARRIER_CODES = [
  'UPS',
  'USPS',
  'FedEx',
  'DHL',
  'DHL eCommerce',
  'Royal Mail',
  'DPD',
  'Hermes',
  'GLS',
  'Canada Post',
  'Japan Post',
  'Yamato Transport',
  'Australia Post',
  'China Post',
  'Yanwen',
  '4PX',
  'SF Express',
];

export function carrierFields(carrier: string): { carrierCode: string; carrierName?: string } {
  const known = CARRIER_CODES.find((code) => code.toLowerCase() === carrier.trim().toLowerCase());
  return known ? { carrierCode: known } : { carrierCode: 'Other', carrierName: carrier.trim() };
}

const TrackedPackage = z.looseObject({ trackingNumber: z.string().optional() });

/** Whether one of the order's packages already carries this tracking number. */
function shippedWith(packages: readonly unknown[] | undefined, trackingNumber: string): boolean {
  return (packages ?? []).some((entry) => {
    const parsed = TrackedPackage.safeParse(entry);
    return parsed.success && parsed.data.trackingNumber === trackingNumber;
  });
}

export class AmazonShipments {
  constructor(
    private readonly api: AmazonApi,
    private readonly orders: AmazonOrders,
  ) {}

  /** Amazon merchant orders ship with the seller's own carrier and a tracking number. */
  options(remoteOrderId: string): Promise<ShippingOptions> {
    return Promise.resolve({ remoteOrderId, methods: ['tracking_only'], raw: null });
  }

  async confirm(confirmation: ShipmentConfirmation): Promise<ShipmentResult> {
    const operation = 'confirmShipment';
    const { remoteOrderId, trackingNumber, carrier } = confirmation;
    if (!carrier || carrier.trim() === '' || trackingNumber.trim() === '')
      throw new InvalidInputError(
        'Amazon needs the carrier and the tracking number to confirm a shipment',
        { marketplace: 'amazon', operation },
      );
    const read = await this.api.call(
      'getOrder',
      'orders.getOrder',
      {
        method: 'GET',
        path: `/orders/2026-01-01/orders/${encodeURIComponent(remoteOrderId)}`,
        query: { includedData: 'FULFILLMENT,PACKAGES' },
        idempotent: true,
      },
      z.looseObject({ order: Order }),
    );
    const { order } = read;
    if (order.fulfillment?.fulfilledBy === 'AMAZON')
      throw new PermanentError(
        `Order ${remoteOrderId} is fulfilled by Amazon; there is no shipment to confirm`,
        { marketplace: 'amazon', operation, marketplaceCode: 'fulfilled_by_amazon' },
      );
    const items = order.orderItems
      .map((item) => ({
        orderItemId: item.orderItemId,
        quantity: item.fulfillment?.quantityUnfulfilled ?? item.quantityOrdered,
      }))
      .filter((item) => item.quantity > 0);
    if (items.length === 0 && shippedWith(order.packages, trackingNumber.trim()))
      // Our earlier confirmation landed though its reply was lost: the same package, not a new one.
      return {
        remoteOrderId,
        trackingNumber: trackingNumber.trim(),
        state: 'confirmed',
        requestId: null,
      };
    if (items.length === 0)
      throw new PermanentError(`Order ${remoteOrderId} has nothing left to ship`, {
        marketplace: 'amazon',
        operation,
        marketplaceCode: 'nothing_to_ship',
      });
    const packageReferenceId = confirmation.packageId ?? String((order.packages?.length ?? 0) + 1);
    await this.api.client.request({
      operation,
      bucket: 'orders.confirmShipment',
      method: 'POST',
      path: `/orders/v0/orders/${encodeURIComponent(remoteOrderId)}/shipmentConfirmation`,
      body: {
        marketplaceId: this.api.identity.marketplaceId,
        packageDetail: {
          packageReferenceId,
          ...carrierFields(carrier),
          trackingNumber: trackingNumber.trim(),
          shipDate: amazonTime(this.api.client.clock.now() - 60_000),
          orderItems: items,
        },
      },
      // A lost reply is not repeated here: the next confirmation reads the order first and
      // takes a package with this tracking number as the one already confirmed.
      idempotent: false,
      authenticated: true,
    });
    return {
      remoteOrderId,
      trackingNumber: trackingNumber.trim(),
      state: 'confirmed',
      requestId: null,
    };
  }
}
