/**
 * Shopee statuses onto our vocabulary. Unknown values are not guessed: they map to a safe value
 * (`unknown` for orders, `inactive` for listings) and the caller reports them as problems with the
 * raw payload kept.
 */
import type { ListingStatus, OrderStatus } from '../../shared/domain.js';

const ORDER_STATUS: Readonly<Record<string, OrderStatus>> = {
  UNPAID: 'unpaid',
  // Paid but still under Shopee's own checks (request_order_status_pending): not shippable yet.
  PENDING: 'unpaid',
  READY_TO_SHIP: 'to_ship',
  PROCESSED: 'to_ship',
  RETRY_SHIP: 'to_ship',
  // Brazil: an invoice is needed before shipping; the order still awaits the seller.
  INVOICE_PENDING: 'to_ship',
  // The buyer asked to cancel and the seller has not answered: keep the stock reserved.
  IN_CANCEL: 'to_ship',
  SHIPPED: 'shipped',
  TO_CONFIRM_RECEIVE: 'shipped',
  COMPLETED: 'delivered',
  CANCELLED: 'cancelled',
  TO_RETURN: 'returned',
};

export function orderStatusOf(raw: string): { status: OrderStatus; known: boolean } {
  const status = ORDER_STATUS[raw];
  return status ? { status, known: true } : { status: 'unknown', known: false };
}

const ITEM_STATUS: Readonly<Record<string, ListingStatus>> = {
  NORMAL: 'active',
  UNLIST: 'inactive',
  REVIEWING: 'inactive',
  BANNED: 'error',
  SELLER_DELETE: 'deleted',
  SHOPEE_DELETE: 'deleted',
};

export function listingStatusOf(raw: string): { status: ListingStatus; known: boolean } {
  const status = ITEM_STATUS[raw];
  return status ? { status, known: true } : { status: 'inactive', known: false };
}

/** Every item status, for pulls that must see deletions and bans too. */
export const ALL_ITEM_STATUSES = Object.keys(ITEM_STATUS);
