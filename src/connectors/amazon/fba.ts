/**
 * FBA stock (FBA Inventory v1 getInventorySummaries, 2 per second, burst 2): Amazon-fulfilled
 * quantities per SKU for the account's marketplace, so FBA stock can be shown beside the seller's
 * own. Pages of 50 with a nextToken that expires 30 seconds after it is issued: the pages are read
 * back to back, and a `changedSince` time asks only for summaries changed since then.
 */
import { InvalidPayloadError } from '../http/errors.js';
import type { AmazonApi } from './api.js';
import { amazonTime } from './listings.js';
import { InventorySummaries } from './schemas.js';

export interface FbaStock {
  sku: string;
  asin: string | null;
  fnSku: string | null;
  fulfillable: number;
  inbound: number;
  reserved: number;
  unfulfillable: number;
  total: number;
  updatedAt: string | null;
}

export async function readFbaInventory(
  api: AmazonApi,
  changedSince: string | null = null,
): Promise<FbaStock[]> {
  const out: FbaStock[] = [];
  let token: string | undefined;
  const { marketplaceId } = api.identity;
  do {
    const reply = await api.call(
      'getInventorySummaries',
      'fba.getInventorySummaries',
      {
        method: 'GET',
        path: '/fba/inventory/v1/summaries',
        query: {
          details: true,
          granularityType: 'Marketplace',
          granularityId: marketplaceId,
          marketplaceIds: marketplaceId,
          ...(changedSince ? { startDateTime: amazonTime(Date.parse(changedSince)) } : {}),
          ...(token ? { nextToken: token } : {}),
        },
        idempotent: true,
      },
      InventorySummaries,
    );
    if (!reply.payload)
      throw new InvalidPayloadError('Amazon answered getInventorySummaries without a payload', [], {
        marketplace: 'amazon',
        operation: 'getInventorySummaries',
      });
    for (const summary of reply.payload.inventorySummaries) {
      if (!summary.sellerSku) continue;
      const details = summary.inventoryDetails;
      out.push({
        sku: summary.sellerSku,
        asin: summary.asin ?? null,
        fnSku: summary.fnSku ?? null,
        fulfillable: details?.fulfillableQuantity ?? 0,
        inbound:
          (details?.inboundWorkingQuantity ?? 0) +
          (details?.inboundShippedQuantity ?? 0) +
          (details?.inboundReceivingQuantity ?? 0),
        reserved: details?.reservedQuantity?.totalReservedQuantity ?? 0,
        unfulfillable: details?.unfulfillableQuantity?.totalUnfulfillableQuantity ?? 0,
        total: summary.totalQuantity ?? 0,
        updatedAt: summary.lastUpdatedTime
          ? new Date(Date.parse(summary.lastUpdatedTime)).toISOString()
          : null,
      });
    }
    token = reply.pagination?.nextToken;
  } while (token);
  return out;
}
