/**
 * Shipping AliExpress orders (notes §3.4): the seller ships with a carrier of their choice and tells
 * AliExpress the carrier's `service_name` (from `aliexpress.logistics.redefining.listlogisticsservice`)
 * and the tracking number through `aliexpress.solution.order.fulfill` (send_type `all`, out_ref =
 * the order id). Non-integrated carriers (`OTHER_XX_LOCAL` / `OTHER_XX_OVERSEAS`) also need the
 * tracking website: pass the carrier as `OTHER_CN_OVERSEAS@https://tracking.example`.
 *
 * order.fulfill is not idempotent: a lost reply is not repeated blindly (the kit reports it with
 * maybeApplied); the next order pull shows whether it landed. A confirmation sent again for an
 * order already shipped with the same tracking number is confirmed (AliExpress answers
 * ORDER_STATUS_NOT_SUPPORT; the order detail shows the number); any other refusal stands.
 */
import type { ShipmentConfirmation, ShipmentResult, ShippingOptions } from '../connector.js';
import { InvalidInputError, PermanentError } from '../http/errors.js';
import { idParam, type AliExpressApi } from './api.js';
import { FulfillReply, LogisticsReply, OrderInfoReply, OrderLogistics } from './schemas.js';

const FULFILL = 'aliexpress.solution.order.fulfill';
const CARRIERS = 'aliexpress.logistics.redefining.listlogisticsservice';
const INFO = 'aliexpress.solution.order.info.get';

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
      // Refused as not shippable: an earlier confirmation of ours may have landed (its reply was
      // lost). Then the order carries this tracking number and it is confirmed, not refused.
      if (code === 'ORDER_STATUS_NOT_SUPPORT' && (await this.shippedWith(remoteOrderId, params))) {
        return {
          remoteOrderId,
          trackingNumber: params.logistics_no!,
          state: 'confirmed',
          requestId: reply.requestId,
        };
      }
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

  /** Whether the order already carries this tracking number (read through order.info.get). */
  private async shippedWith(orderId: string, params: Record<string, string>): Promise<boolean> {
    const reply = await this.api.business(
      INFO,
      { param1: { order_id: idParam(orderId) } },
      OrderInfoReply,
      true,
    );
    const logistics = OrderLogistics.safeParse(reply.data.result.data);
    if (!logistics.success) return false;
    return logistics.data.logistic_info_list.some(
      (entry) => entry.logistics_no.trim() === params.logistics_no,
    );
  }
}
