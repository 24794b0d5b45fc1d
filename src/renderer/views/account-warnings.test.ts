import { describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../shared/api/index.js';
import type { AccountId } from '../../shared/ids.js';
import { accountWarnings } from './account-warnings.js';
import { pageOfArray } from './local-source.js';

const now = Date.parse('2026-03-01T00:00:00Z');

function account(id: number, patch: Partial<AccountSummary>): AccountSummary {
  return {
    id: id as AccountId,
    marketplace: 'amazon',
    site: 'US',
    shopId: `S${id}`,
    displayName: `Shop ${id}`,
    authState: 'connected',
    reauthorizeBy: null,
    sandbox: false,
    listingCount: 0,
    orderCount: 0,
    lastSyncAt: null,
    ...patch,
  };
}

describe('accountWarnings', () => {
  it('warns for lost authorisation and a re-authorise-by date within two weeks, not for a shop disconnected on purpose', () => {
    const warnings = accountWarnings(
      [
        account(1, {}),
        account(2, { authState: 'reauthorize' }),
        account(3, { reauthorizeBy: '2026-03-10T00:00:00Z' }),
        account(4, { reauthorizeBy: '2026-06-01T00:00:00Z' }),
        account(5, { authState: 'expiring', reauthorizeBy: '2026-06-01T00:00:00Z' }),
        account(6, { authState: 'disconnected', reauthorizeBy: '2026-03-02T00:00:00Z' }),
      ],
      now,
    );
    expect(warnings.map((warning) => [warning.kind, warning.account.id])).toEqual([
      ['reauthorizeNow', 2],
      ['reauthorizeBy', 3],
      ['reauthorizeBy', 5],
    ]);
  });
});

describe('pageOfArray', () => {
  it('cuts a page and reports the whole length', () => {
    expect(pageOfArray([1, 2, 3, 4, 5], 2, 2)).toEqual({
      rows: [3, 4],
      total: 5,
      offset: 2,
      limit: 2,
    });
    expect(pageOfArray([1, 2], 4, 2).rows).toEqual([]);
  });
});
