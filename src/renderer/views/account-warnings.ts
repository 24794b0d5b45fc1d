/**
 * Which accounts the seller must act on: authorisation lost, or a re-authorise-by date near. A shop
 * the seller disconnected on purpose is not a warning.
 */
import type { AccountSummary } from '../../shared/api/index.js';

/** How far ahead a re-authorise-by date starts to warn. */
export const REAUTHORIZE_WARNING_DAYS = 14;

export type AccountWarning =
  | { kind: 'reauthorizeNow'; account: AccountSummary }
  | { kind: 'reauthorizeBy'; account: AccountSummary; by: string };

export function accountWarnings(
  accounts: readonly AccountSummary[],
  now: number,
): AccountWarning[] {
  const horizon = now + REAUTHORIZE_WARNING_DAYS * 24 * 60 * 60 * 1000;
  const warnings: AccountWarning[] = [];
  for (const account of accounts) {
    if (account.authState === 'disconnected') continue;
    if (account.authState === 'reauthorize') {
      warnings.push({ kind: 'reauthorizeNow', account });
      continue;
    }
    const by = account.reauthorizeBy ? Date.parse(account.reauthorizeBy) : Number.NaN;
    if (account.reauthorizeBy && (account.authState === 'expiring' || by <= horizon)) {
      warnings.push({ kind: 'reauthorizeBy', account, by: account.reauthorizeBy });
    }
  }
  return warnings;
}
