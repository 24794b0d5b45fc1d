/**
 * The run report: per account what was pulled and pushed, and what needs the seller — open
 * conflicts and drift, unlinked SKUs, rejected edits, authorisations to renew, listings that could
 * not be read, and the oversell danger list (channels showing more than may be sold now).
 */
import type { SyncAttention, SyncRunReport } from '../../shared/api/types.js';

import { dayInsight, insightAttention } from '../insights/index.js';
import { oversellDanger } from '../stock/index.js';
import { qb } from '../store/compiler.js';
import type { Store } from '../store/connection.js';
import { createLogger } from '../../shared/log.js';
import type { AccountWork, MorningDeps } from './morning.js';

export const REPORTED_ITEMS = 50;
/** Accounts whose authorisation ends within this are reported. */
const REAUTHORIZE_WARNING_MS = 14 * 86_400_000;

const log = createLogger('engine.sync');

export function buildReport(
  store: Store,
  work: AccountWork[],
  offline: SyncAttention[],
  durationMs: number,
): SyncRunReport {
  const needsAttention: SyncAttention[] = [...offline];
  const ids = work.map((account) => account.accountId);
  const counts = store.read((r) => {
    if (ids.length === 0) return [];
    return r.all(
      qb
        .selectFrom('listing_conflicts as c')
        .innerJoin('listings as l', 'l.id', 'c.listing_id')
        .select(['l.account_id', 'c.kind'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('c.resolved_at', 'is', null)
        .where('l.account_id', 'in', ids)
        .groupBy(['l.account_id', 'c.kind']),
    );
  });
  const unlinked = store.read((r) => {
    if (ids.length === 0) return [];
    return r.all(
      qb
        .selectFrom('listings')
        .select('account_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('product_id', 'is', null)
        .where('status', '<>', 'deleted')
        .where('account_id', 'in', ids)
        .groupBy('account_id'),
    );
  });
  for (const account of work) {
    const of = (kind: string) =>
      counts.find((row) => row.account_id === account.accountId && row.kind === kind)?.n ?? 0;
    account.report.conflicts = of('conflict');
    account.report.drifts = of('drift');
    if (account.report.conflicts > 0) {
      needsAttention.push({
        kind: 'conflict',
        message: `${account.report.conflicts} listing fields changed on both sides`,
        accountId: account.accountId,
      });
    }
    if (account.report.drifts > 0) {
      needsAttention.push({
        kind: 'drift',
        message: `${account.report.drifts} listing fields changed on the marketplace`,
        accountId: account.accountId,
      });
    }
    const loose = unlinked.find((row) => row.account_id === account.accountId)?.n ?? 0;
    if (loose > 0) {
      needsAttention.push({
        kind: 'unlinked_sku',
        message: `${loose} listings are not linked to a master SKU`,
        accountId: account.accountId,
      });
    }
    needsAttention.push(...account.attention);
  }
  const oversell = store.read((r) => oversellDanger(r, { limit: REPORTED_ITEMS }));
  for (const row of oversell.slice(0, 10)) {
    needsAttention.push({
      kind: 'oversell',
      message:
        row.shown === null
          ? `${row.sku} is oversold: ${row.available} available`
          : `${row.sku} shows ${row.shown} but only ${row.allowed} may be sold there`,
      ...(row.accountId === null ? {} : { accountId: row.accountId }),
    });
  }
  let insight: SyncRunReport['insight'];
  try {
    // Insights: yesterday's sales per channel and the SKUs about to run out (#/insights).
    insight = dayInsight(store);
    needsAttention.push(...insightAttention(insight));
  } catch (error) {
    log.warn('The day’s insights could not be added to the report', { error });
  }
  return {
    ...(insight ? { insight } : {}),
    accounts: work.map((account) => account.report),
    needsAttention,
    oversellDanger: oversell,
    durationMs,
  };
}

/** Stores the account's authorisation state and reports one that must be renewed soon. */
export async function noteAuthorization(deps: MorningDeps, account: AccountWork): Promise<void> {
  try {
    const status = await account.link.connector.authStatus();
    deps.store.write((w) =>
      w.run(
        qb
          .updateTable('accounts')
          .set({
            auth_state: status.state,
            reauthorize_by: status.reauthorizeBy,
            auth_expires_at: status.accessTokenExpiresAt,
          })
          .where('id', '=', account.accountId),
      ),
    );
    const by = status.reauthorizeBy;
    const soon = by !== null && Date.parse(by) - account.link.remoteNow() < REAUTHORIZE_WARNING_MS;
    if (status.state === 'reauthorize' || status.state === 'expiring' || soon) {
      account.attention.push({
        kind: 'reauthorize',
        message: by
          ? `Re-authorise this account before ${by}`
          : `Re-authorise this account${status.reason ? `: ${status.reason}` : ''}`,
        accountId: account.accountId,
        ...(by ? { by } : {}),
      });
    }
  } catch (error) {
    log.warn('the authorisation status could not be read', { accountId: account.accountId, error });
  }
}
