/**
 * How one account's streams are timed and noted in its report: durations per step, failures and
 * the objects a connector could not read as attention items (split from morning.ts).
 */
import { marketplaceStockStep } from '../stock/marketplace-stock.js';
import type { AccountWork } from './morning.js';
import type { StreamOutcome } from './pull.js';
import { REPORTED_ITEMS } from './report.js';

export async function timed(
  account: AccountWork,
  step: 'orders' | 'listings',
  work: () => Promise<StreamOutcome>,
): Promise<StreamOutcome> {
  const started = Date.now();
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { pages: 0, items: 0, problems: [], error: `${step}: ${message}` };
  } finally {
    account.report.durationsMs![step] = Date.now() - started;
  }
}

/** FBA and the like: read beside the listings, counted in their duration (marketplace-stock.ts). */
export async function heldStock(
  account: AccountWork,
  options: Parameters<typeof marketplaceStockStep>[0],
): Promise<void> {
  if (!options.connector.marketplaceStock) return;
  const started = Date.now();
  const { error, attention } = await marketplaceStockStep(options);
  const durations = account.report.durationsMs!;
  durations.listings = (durations.listings ?? 0) + (Date.now() - started);
  for (const entry of attention) account.attention.push({ ...entry, accountId: account.accountId });
  if (error !== null)
    noteStream(account, 'marketplace stock', { pages: 0, items: 0, problems: [], error });
}

export function noteStream(account: AccountWork, stream: string, outcome: StreamOutcome): void {
  if (outcome.error === null) account.completedSteps++;
  else {
    account.failedSteps++;
    account.report.errors.push(outcome.error);
    account.attention.push({
      kind: 'stream_failed',
      message: outcome.error,
      accountId: account.accountId,
    });
  }
  for (const problem of outcome.problems.slice(0, REPORTED_ITEMS)) {
    account.attention.push({
      kind: problem.kind,
      message: `${stream}: ${problem.operation}${problem.remoteId ? ` ${problem.remoteId}` : ''}: ${problem.message}`,
      accountId: account.accountId,
    });
  }
  if (outcome.problems.length > REPORTED_ITEMS) {
    account.attention.push({
      kind: 'more_problems',
      message: `${outcome.problems.length - REPORTED_ITEMS} more ${stream} could not be read`,
      accountId: account.accountId,
    });
  }
}
