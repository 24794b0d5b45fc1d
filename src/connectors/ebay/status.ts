/**
 * eBay's statuses onto our vocabulary. Unknown values are not guessed: they map to a safe value
 * (`unknown` for orders, `inactive` for listings) and the caller reports them as problems.
 *
 * Listings: an UNPUBLISHED offer is not live on eBay, whether it never was or was withdrawn (eBay
 * keeps a withdrawn offer as UNPUBLISHED): `inactive`. A published offer follows its listing:
 * ACTIVE and OUT_OF_STOCK (still listed, nothing to sell) are `active`; an ended listing is
 * `inactive`; a listing on hold for a policy violation is `error`.
 *
 * Orders carry three statuses (fulfillment, payment, cancellation); the order of the checks
 * below is the meaning: cancelled wins, a full refund is a return, unpaid stays unpaid, then the
 * fulfillment state. eBay's order API does not report delivery, so nothing maps to `delivered`.
 */
import type { ListingStatus, OrderStatus } from '../../shared/domain.js';

const LISTING_STATUS: Readonly<Record<string, ListingStatus>> = {
  ACTIVE: 'active',
  OUT_OF_STOCK: 'active',
  INACTIVE: 'inactive',
  ENDED: 'inactive',
  EBAY_ENDED: 'inactive',
  NOT_LISTED: 'inactive',
};

export function listingStatusOf(offer: {
  status: string;
  listing?: { listingStatus?: string; listingOnHold?: boolean } | undefined;
}): { status: ListingStatus; known: boolean } {
  if (offer.status === 'UNPUBLISHED') return { status: 'inactive', known: true };
  if (offer.status !== 'PUBLISHED') return { status: 'inactive', known: false };
  if (offer.listing?.listingOnHold) return { status: 'error', known: true };
  const status = LISTING_STATUS[offer.listing?.listingStatus ?? ''];
  return status ? { status, known: true } : { status: 'inactive', known: false };
}

const FULFILLMENT: Readonly<Record<string, OrderStatus>> = {
  NOT_STARTED: 'to_ship',
  IN_PROGRESS: 'to_ship',
  FULFILLED: 'shipped',
};
const PAYMENTS = new Set(['PENDING', 'FAILED', 'PAID', 'PARTIALLY_REFUNDED', 'FULLY_REFUNDED']);
const CANCEL_STATES = new Set(['NONE_REQUESTED', 'IN_PROGRESS', 'CANCELED']);

export function orderStatusOf(order: {
  fulfillment: string;
  payment: string;
  cancelState: string;
}): { status: OrderStatus; known: boolean } {
  const known =
    FULFILLMENT[order.fulfillment] !== undefined &&
    PAYMENTS.has(order.payment) &&
    CANCEL_STATES.has(order.cancelState);
  if (!known) return { status: 'unknown', known: false };
  if (order.cancelState === 'CANCELED') return { status: 'cancelled', known };
  if (order.payment === 'FULLY_REFUNDED') return { status: 'returned', known };
  if (order.payment === 'PENDING' || order.payment === 'FAILED') return { status: 'unpaid', known };
  // A buyer's cancel request under way keeps the order (and its stock) waiting to ship.
  return { status: FULFILLMENT[order.fulfillment]!, known };
}

/** The three statuses as one raw status for the store: `FULFILLMENT/PAYMENT[/CANCEL]`. */
export function rawOrderStatus(order: {
  fulfillment: string;
  payment: string;
  cancelState: string;
}): string {
  const parts = [order.fulfillment, order.payment];
  if (order.cancelState !== 'NONE_REQUESTED') parts.push(order.cancelState);
  return parts.join('/');
}
