/**
 * FBA Inventory v1 getInventorySummaries (fbaInventory.json): Amazon-fulfilled stock per SKU for
 * granularityType=Marketplace. `startDateTime` (no earlier than 18 months back) returns what
 * changed since; `sellerSkus` (≤ 50) narrows to those SKUs; pages of 50 with a `nextToken` that
 * expires 30 seconds after it was issued. Replies are wrapped as GetInventorySummariesResponse.
 */
import type { SandboxResponse } from '../kit/server.js';
import type { OperationCall } from './context.js';
import { checkMarketplaces } from './context.js';
import { decodeToken, encodeToken, invalidInput } from './protocol.js';
import { isoSeconds } from './sites.js';

const PAGE = 50;
const TOKEN_LIFETIME_MS = 30_000;
const EIGHTEEN_MONTHS_MS = 548 * 86_400_000;

export function getInventorySummaries(call: OperationCall): SandboxResponse {
  const { context, query, request } = call;
  const { site } = context.state;
  if (query.oneOf('granularityType', ['Marketplace']) === undefined)
    throw invalidInput('Missing required parameter: granularityType.');
  if (query.string('granularityId', true) !== site.marketplaceId)
    throw invalidInput(`Invalid Input: granularityId must be ${site.marketplaceId}.`);
  checkMarketplaces(context, query.list('marketplaceIds', { required: true, max: 1 }));
  const details = query.bool('details') ?? false;
  const now = context.clock.now();
  const since = query.date('startDateTime', false);
  if (since !== undefined && since < now - EIGHTEEN_MONTHS_MS)
    throw invalidInput('Invalid Input: startDateTime must be no earlier than 18 months ago.');
  const skus =
    since === undefined
      ? (query.list('sellerSkus', { max: 50 }) ??
        (query.string('sellerSku') ? [query.string('sellerSku')!] : undefined))
      : undefined;
  const fingerprintParams = new URLSearchParams(request.query);
  fingerprintParams.delete('nextToken');
  fingerprintParams.sort();
  const fingerprint = fingerprintParams.toString();
  let start = 0;
  const token = query.string('nextToken');
  if (token !== undefined) start = Number(decodeToken('nextToken', token, fingerprint, now).s) || 0;
  const stocked = context.state.listings
    .filter((listing) => listing.fba !== null)
    .filter((listing) => (skus ? skus.includes(listing.sku) : true))
    .filter((listing) => (since === undefined ? true : (listing.fba?.updatedAt ?? 0) >= since))
    .sort((a, b) => (a.sku < b.sku ? -1 : 1));
  const page = stocked.slice(start, start + PAGE);
  const summaries = page.map((listing) => {
    const fba = listing.fba!;
    const total =
      fba.fulfillable + fba.inboundWorking + fba.inboundShipped + fba.reserved + fba.unfulfillable;
    return {
      asin: listing.asin,
      fnSku: fba.fnSku,
      sellerSku: listing.sku,
      condition: 'NewItem',
      ...(details
        ? {
            inventoryDetails: {
              fulfillableQuantity: fba.fulfillable,
              inboundWorkingQuantity: fba.inboundWorking,
              inboundShippedQuantity: fba.inboundShipped,
              inboundReceivingQuantity: 0,
              reservedQuantity: {
                totalReservedQuantity: fba.reserved,
                pendingCustomerOrderQuantity: fba.reserved,
                pendingTransshipmentQuantity: 0,
                fcProcessingQuantity: 0,
              },
              unfulfillableQuantity: { totalUnfulfillableQuantity: fba.unfulfillable },
            },
          }
        : {}),
      lastUpdatedTime: isoSeconds(fba.updatedAt),
      productName: listing.title,
      totalQuantity: total,
      stores: [site.marketplaceId],
    };
  });
  const more = start + PAGE < stocked.length;
  return {
    status: 200,
    json: {
      payload: {
        granularity: { granularityType: 'Marketplace', granularityId: site.marketplaceId },
        inventorySummaries: summaries,
      },
      ...(more
        ? {
            pagination: {
              nextToken: encodeToken({
                f: fingerprint,
                s: start + PAGE,
                x: now + TOKEN_LIFETIME_MS,
              }),
            },
          }
        : {}),
    },
  };
}
