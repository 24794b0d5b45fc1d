/**
 * Click-through from a number to the orders behind it: an orders.query filter written into the
 * orders view's hash (#/orders?placedFrom=…&placedTo=…&marketplace=…&account=…&status=…&search=…)
 * and read back from it. Kept apart from the view so the orders view can read the same format.
 */
import type { OrdersLink } from '../../shared/api/index.js';
import { MARKETPLACES, type Marketplace } from '../../shared/domain.js';

const LINK_STATUSES = ['to_ship', 'shipped', 'delivered', 'cancelled', 'returned'] as const;

export function ordersHref(link: OrdersLink): string {
  const query = new URLSearchParams();
  query.set('placedFrom', link.placedFrom);
  query.set('placedTo', link.placedTo);
  for (const marketplace of link.marketplaces ?? []) query.append('marketplace', marketplace);
  for (const account of link.accountIds ?? []) query.append('account', String(account));
  for (const status of link.statuses ?? []) query.append('status', status);
  if (link.search) query.set('search', link.search);
  return `#/orders?${query.toString()}`;
}

const isInstant = (text: string | null): text is string =>
  text !== null && !Number.isNaN(Date.parse(text));

/** The filter in an orders hash; unknown or malformed values are dropped, never guessed. */
export function parseOrdersHref(hash: string): OrdersLink | null {
  const query = new URLSearchParams(hash.split('?')[1] ?? '');
  const placedFrom = query.get('placedFrom');
  const placedTo = query.get('placedTo');
  if (!isInstant(placedFrom) || !isInstant(placedTo)) return null;
  const marketplaces = query
    .getAll('marketplace')
    .filter((value): value is Marketplace => (MARKETPLACES as readonly string[]).includes(value));
  const accountIds = query
    .getAll('account')
    .map(Number)
    .filter((id) => Number.isInteger(id) && id > 0);
  const statuses = query
    .getAll('status')
    .filter((value): value is (typeof LINK_STATUSES)[number] =>
      (LINK_STATUSES as readonly string[]).includes(value),
    );
  const search = query.get('search') ?? '';
  return {
    placedFrom,
    placedTo,
    ...(marketplaces.length ? { marketplaces } : {}),
    ...(accountIds.length ? { accountIds } : {}),
    ...(statuses.length ? { statuses } : {}),
    ...(search ? { search } : {}),
  };
}
