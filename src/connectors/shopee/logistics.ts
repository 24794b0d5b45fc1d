/**
 * Shipping a Shopee order with the seller's own (non-integrated) carrier: get_shipping_parameter
 * says what ship_order needs ("non_integrated" → a tracking number); ship_order then arranges the
 * shipment with `non_integrated.tracking_number`. Orders on Shopee-integrated channels need a
 * pickup address and time slot or a drop-off branch chosen in Seller Centre: those are refused
 * here with a clear error rather than guessed. ship_order is not repeated after a lost reply.
 */
import type { ShipmentConfirmation, ShipmentResult, ShippingOptions } from '../connector.js';
import { InvalidInputError, PermanentError } from '../http/errors.js';
import type { ShopeeApi } from './api.js';
import { ShippingParameterReply } from './schemas.js';
import { z } from 'zod';

const SHIPPING_PARAMETER_PATH = '/api/v2/logistics/get_shipping_parameter';
const SHIP_ORDER_PATH = '/api/v2/logistics/ship_order';
const MAX_TRACKING_LENGTH = 64;

export class ShopeeLogistics {
  constructor(private readonly api: ShopeeApi) {}

  async shippingOptions(
    remoteOrderId: string,
    packageId: string | null = null,
  ): Promise<ShippingOptions> {
    if (remoteOrderId.trim() === '') {
      throw new InvalidInputError('An order id is required', {
        marketplace: 'shopee',
        operation: 'logistics.get_shipping_parameter',
      });
    }
    const reply = await this.api.shopGet(
      'logistics.get_shipping_parameter',
      SHIPPING_PARAMETER_PATH,
      { order_sn: remoteOrderId, package_number: packageId ?? undefined },
      ShippingParameterReply,
    );
    const needed = reply.data.info_needed;
    const methods: ShippingOptions['methods'] = [];
    if (needed.pickup) methods.push('pickup');
    if (needed.dropoff) methods.push('dropoff');
    if (needed.non_integrated) methods.push('tracking_only');
    return { remoteOrderId, methods, raw: reply.data };
  }

  async confirm(confirmation: ShipmentConfirmation): Promise<ShipmentResult> {
    const operation = 'logistics.ship_order';
    const tracking = confirmation.trackingNumber.trim();
    if (tracking === '' || tracking.length > MAX_TRACKING_LENGTH) {
      throw new InvalidInputError(
        `A tracking number of 1-${MAX_TRACKING_LENGTH} characters is required`,
        { marketplace: 'shopee', operation },
      );
    }
    const options = await this.shippingOptions(confirmation.remoteOrderId, confirmation.packageId);
    if (!options.methods.includes('tracking_only')) {
      throw new PermanentError(
        `Shopee order ${confirmation.remoteOrderId} ships with a Shopee-integrated carrier (${options.methods.join(', ') || 'no method'}); arrange pickup or drop-off in Seller Centre`,
        { marketplace: 'shopee', operation, marketplaceCode: 'integrated_channel' },
      );
    }
    const reply = await this.api.shopPost(
      operation,
      SHIP_ORDER_PATH,
      {
        order_sn: confirmation.remoteOrderId,
        ...(confirmation.packageId ? { package_number: confirmation.packageId } : {}),
        non_integrated: { tracking_number: tracking },
      },
      z.unknown(),
      false,
    );
    return {
      remoteOrderId: confirmation.remoteOrderId,
      trackingNumber: tracking,
      state: 'confirmed',
      requestId: reply.requestId,
    };
  }
}
