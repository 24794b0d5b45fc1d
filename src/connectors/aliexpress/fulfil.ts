/**
 * Shipping AliExpress orders (notes §3.4): the seller ships with a carrier of their choice and tells
 * AliExpress the carrier's `service_name` (from `aliexpress.logistics.redefining.listlogisticsservice`)
 * and the tracking number through `aliexpress.solution.order.fulfill` (send_type `all`, out_ref =
 * the order id). Non-integrated carriers (`OTHER_XX_LOCAL` / `OTHER_XX_OVERSEAS`) also need the
 * tracking website: pass the carrier as `OTHER_CN_OVERSEAS@https://tracking.example`.
 *
 * order.fulfill is not idempotent: a lost reply is not repeated blindly (the kit reports it with
 * maybeApplied); the next order pull shows whether it landed.
 */
import type { ShipmentConfirmation, ShipmentResult, ShippingOptions } from '../connector.js';
import { InvalidInputError, PermanentError } from '../http/errors.js';
import type { AliExpressApi } from './api.js';
import { FulfillReply, LogisticsReply } from './schemas.js';

const FULFILL = 'aliexpress.solution.order.fulfill';
const CARRIERS = 'aliexpress.logistics.redefining.listlogisticsservice';

export class AliExpressFulfilment {
  constructor(private readonly api: AliExpressApi) {}

  async shippingOptions(remoteOrderId: string): Promise<ShippingOptions> {
    const reply = await this.api.business(CARRIERS, {}, LogisticsReply, true);
    return {
      remoteOrderId,
      methods: ['tracking_only'],
      raw: reply.data.result_list,
    };
  }

  async confirm(confirmation: ShipmentConfirmation): Promise<ShipmentResult> {
    const details = { marketplace: 'aliexpress' as const, operation: FULFILL };
    const { remoteOrderId, trackingNumber, carrier } = confirmation;
    if (!/^\d+$/.test(remoteOrderId)) {
      throw new InvalidInputError(`"${remoteOrderId}" is not an AliExpress order id`, details);
    }
    if (trackingNumber.trim() === '') {
      throw new InvalidInputError('A tracking number is required', details);
    }
    if (!carrier) {
      throw new InvalidInputError(
        'AliExpress needs the carrier: a service_name from the carrier list',
        details,
      );
    }
    const [serviceName = '', website] = carrier.split('@', 2);
    if (!/^[A-Z0-9_]+$/.test(serviceName)) {
      throw new InvalidInputError(`"${serviceName}" is not an AliExpress service_name`, details);
    }
    if (serviceName.startsWith('OTHER_') && !website) {
      throw new InvalidInputError(
        `${serviceName} needs the tracking website: give the carrier as ${serviceName}@https://…`,
        details,
      );
    }
    const params: Record<string, string> = {
      service_name: serviceName,
      out_ref: remoteOrderId,
      send_type: 'all',
      logistics_no: trackingNumber.trim(),
      ...(website ? { tracking_website: website } : {}),
    };
    const reply = await this.api.business(FULFILL, params, FulfillReply, false);
    const { result } = reply.data;
    if (!result.result_success) {
      const code = result.error_code === undefined ? null : String(result.error_code);
      const message =
        result.error_desc ?? result.error_message ?? 'AliExpress refused the shipment';
      throw new PermanentError(`AliExpress ${FULFILL}: ${message}`, {
        ...details,
        requestId: reply.requestId,
        marketplaceCode: code,
        marketplaceMessage: message,
      });
    }
    return {
      remoteOrderId,
      trackingNumber: params.logistics_no!,
      state: 'confirmed',
      requestId: reply.requestId,
    };
  }
}
