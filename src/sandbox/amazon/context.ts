/** What every operation handler of the fake gets: the account, its clock and random stream. */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import type { SandboxRequest } from '../kit/server.js';
import { AmazonApiError, invalidInput, type Query } from './protocol.js';
import type { AccountState } from './state.js';

export interface FakeContext {
  state: AccountState;
  clock: SimClock;
  random: Random;
  /** The fake's own address (presigned URLs point back at it). */
  baseUrl: () => string;
}

export interface OperationCall {
  context: FakeContext;
  request: SandboxRequest;
  query: Query;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
}

/** The account sells in one marketplace: any other id in marketplaceIds is refused. */
export function checkMarketplaces(context: FakeContext, ids: readonly string[] | undefined): void {
  const own = context.state.site.marketplaceId;
  const foreign = (ids ?? []).filter((id) => id !== own);
  if (foreign.length > 0)
    throw invalidInput(
      `Invalid Input: the seller does not participate in marketplace ${foreign.join(', ')}.`,
    );
}

/** A listings call for another seller id is refused as Amazon does (403, not this seller's data). */
export function checkSeller(context: FakeContext, sellerId: string | undefined): void {
  if (sellerId !== context.state.sellerId)
    throw new AmazonApiError(
      403,
      'Unauthorized',
      'Access to requested resource is denied.',
      `The access token does not grant access to seller ${sellerId ?? ''}.`,
    );
}
