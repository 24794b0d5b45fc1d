/**
 * Which shop a row means: the hidden account id when it names one, else the "Account" column's
 * shop name (case and surrounding spaces ignored), which must name exactly one shop.
 */
import type { Reader } from '../store/connection.js';
import { cellText } from './columns.js';
import type { HeaderMatch } from './headers.js';
import { accountNames } from './listings-columns.js';
import { cellAt, type ErrorList } from './plan.js';
import type { SheetRow } from './read.js';

export class AccountLookup {
  private readonly ids: Set<number>;
  private readonly byName = new Map<string, number[]>();

  constructor(r: Reader) {
    const accounts = accountNames(r);
    this.ids = new Set(accounts.keys());
    for (const [id, account] of accounts) {
      const key = account.name.trim().toLowerCase();
      this.byName.set(key, [...(this.byName.get(key) ?? []), id]);
    }
  }

  /** The row's account, or undefined after adding the row's error. */
  find(row: SheetRow, match: HeaderMatch, errors: ErrorList): number | undefined {
    const idText = cellText(cellAt(row, match, 'accountId') ?? null).trim();
    if (/^\d{1,15}$/.test(idText) && this.ids.has(Number(idText))) return Number(idText);
    const name = cellText(cellAt(row, match, 'account') ?? null).trim();
    const ids = this.byName.get(name.toLowerCase()) ?? [];
    if (ids.length === 1) return ids[0];
    errors.add(
      row.row,
      match.index.has('account') ? 'account' : 'accountId',
      ids.length === 0 ? `no shop is named "${name}"` : `${ids.length} shops are named "${name}"`,
      'the name of one of your shops, as exported',
    );
    return undefined;
  }
}
