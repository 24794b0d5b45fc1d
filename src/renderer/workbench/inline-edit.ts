/**
 * Saving one grid cell: the typed text is checked here as the detail form checks it (so a typo
 * never reaches the engine), then sent as a one-listing bulk edit, so an inline edit is a held
 * batch like any other — undoable, and pushed only when the seller pushes.
 */
import type { TFunction } from 'i18next';
import type { BulkOperation } from '../../shared/api/contract-workbench.js';
import type { SilkrouteApi, WorkbenchListingRow } from '../../shared/api/index.js';
import { currencyExponent, parseDecimalToMinor } from '../../shared/money.js';
import { toApiError } from '../api/use-api-call.js';
import { MAX_COUNT } from './bulk-form.js';

export type CellOutcome = { batchId: number | null; label: string } | { error: string };

/** The operation a cell's text stands for, or the reason it is refused. */
export function cellOperation(
  row: WorkbenchListingRow,
  columnId: string,
  text: string,
):
  | { operation: BulkOperation }
  | { problem: 'required' | 'notAmount' | 'notPositive' | 'notWholeNumber' | 'tooLarge' }
  | null {
  const value = text.trim();
  switch (columnId) {
    case 'title':
      return value ? { operation: { kind: 'setTitle', title: value } } : { problem: 'required' };
    case 'price': {
      try {
        const minor = parseDecimalToMinor(value, row.price.currency);
        if (minor <= 0) return { problem: 'notPositive' };
      } catch {
        return { problem: 'notAmount' };
      }
      return { operation: { kind: 'setPrice', amount: value } };
    }
    case 'quantity':
      if (!/^\d{1,7}$/.test(value)) return { problem: 'notWholeNumber' };
      if (Number(value) > MAX_COUNT) return { problem: 'tooLarge' };
      return { operation: { kind: 'setQuantity', quantity: Number(value) } };
    default:
      return null;
  }
}

export async function commitCell(
  api: SilkrouteApi,
  t: TFunction,
  row: WorkbenchListingRow,
  columnId: string,
  text: string,
): Promise<CellOutcome> {
  const built = cellOperation(row, columnId, text);
  if (!built) return { error: t('workbench.inline.notEditable') };
  if ('problem' in built) {
    const problem = built.problem;
    if (problem === 'notAmount') {
      const decimals = currencyExponent(row.price.currency);
      return {
        error:
          decimals === 0
            ? t('listings.edit.errors.notWholeAmount')
            : t('listings.edit.errors.notAmount', { decimals }),
      };
    }
    if (problem === 'tooLarge')
      return { error: t('listings.edit.errors.tooLarge', { max: MAX_COUNT }) };
    return { error: t(`listings.edit.errors.${problem}`) };
  }
  const label = t('workbench.labels.inline', {
    field: t(
      `workbench.fields.${columnId === 'price' ? 'priceMinor' : columnId === 'title' ? 'title' : 'quantity'}`,
    ),
    sku: row.sku,
  });
  try {
    const outcome = await api.call('listings.bulkEdit', {
      selection: { ids: [row.id] },
      operation: built.operation,
      label,
    });
    if (!outcome.applied) {
      const refusal = outcome.refusals[0];
      return {
        error: refusal
          ? t(`workbench.refusals.${refusal.code}`, refusal.params)
          : t('workbench.preview.refused', { count: outcome.refusalCount }),
      };
    }
    return { batchId: outcome.batchId, label };
  } catch (error) {
    return { error: toApiError(error).message };
  }
}

/** The field a fill-down copies for the active column, or null for a column it cannot fill. */
export function fillDownField(columnId: string): 'price' | 'quantity' | 'title' | 'status' | null {
  return columnId === 'price' ||
    columnId === 'quantity' ||
    columnId === 'title' ||
    columnId === 'status'
    ? columnId
    : null;
}
