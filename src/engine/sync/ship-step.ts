/**
 * The morning run's shipment step for one account: the seller's shipment confirmations waiting in
 * the outbox go out (ship.ts), and what the marketplace refused joins the run's attention list.
 */
import type { AccountWork, MorningDeps } from './morning.js';
import { REPORTED_ITEMS } from './report.js';
import { pushShipments } from './ship.js';

export async function shipStep(
  deps: MorningDeps,
  account: AccountWork,
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    const shipped = await pushShipments({
      store: deps.store,
      accountId: account.accountId,
      connector: account.link.connector,
      ...(signal ? { signal } : {}),
    });
    for (const failure of shipped.failed.slice(0, REPORTED_ITEMS)) {
      account.attention.push({
        kind: 'shipment_failed',
        message: `order ${failure.remoteOrderId}: ${failure.message}`,
        accountId: account.accountId,
      });
    }
    if (shipped.confirmed + shipped.alreadyShipped > 0) deps.onChanged?.(['orders']);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    account.report.errors.push(`shipments: ${message}`);
    account.attention.push({
      kind: 'push_failed',
      message: `shipments: ${message}`,
      accountId: account.accountId,
    });
  }
}
