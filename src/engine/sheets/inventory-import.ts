/**
 * Importing an inventory sheet: rows matched by the hidden product id (or the SKU) and the
 * warehouse; a changed "On hand" is set through the stock engine's setOnHand, which queues the
 * quantity pushes it causes, changed customs cells through setProductCustoms
 * (inventory-customs.ts), and rule rows through setChannelRule, all in the caller's one
 * transaction. An empty warehouse is the default warehouse (a SKU that had no stock row). The
 * applied file is one change batch with an audit row per change (store/stock-audit.ts), so
 * revertBatch puts every count, rule and customs field back as a whole.
 */
import type { ChangeBatchId } from '../../shared/ids.js';
import type { SheetFieldChange, SheetRowChange } from '../../shared/api/types-sheets.js';
import { DEFAULT_WAREHOUSE } from '../stock/index.js';
import { qb } from '../store/compiler.js';
import type { Reader } from '../store/connection.js';
import { readCustoms, sameCustoms, setProductCustoms } from '../store/product-customs.js';
import { setOnHandAudited } from '../store/stock-audit.js';
import { cellText, valueText } from './columns.js';
import type { HeaderMatch } from './headers.js';
import {
  INVENTORY_COLUMN_BY_ID,
  inventoryByProducts,
  inventoryKey,
  productIdsBySku,
  type InventorySheetRow,
} from './inventory-columns.js';
import { cellAt, encodingErrors, ErrorList, refuseStale, type ImportPlan } from './plan.js';
import {
  applyRules,
  currentRules,
  planRuleRow,
  staleRules,
  type PlannedRule,
} from './inventory-rules.js';
import { AccountLookup } from './accounts.js';
import { CustomsPlanner } from './inventory-customs.js';
import { SheetFileError, type SheetRow, type SheetTable } from './read.js';

const MAX_COUNT = 1_000_000_000;

interface PlannedCount {
  row: number;
  productId: number;
  warehouse: string;
  before: number | null;
  onHand: number;
}

export function planInventoryImport(r: Reader, table: SheetTable, match: HeaderMatch): ImportPlan {
  if (!match.index.has('productId') && !match.index.has('sku')) {
    throw new SheetFileError(
      'The sheet has no key column: keep the hidden "Product ID" column, or give a "SKU" column',
    );
  }
  const errors = new ErrorList(match);
  const text = (
    row: (typeof table.rows)[number],
    column: 'productId' | 'sku' | 'warehouse' | 'onHand' | 'account' | 'accountId',
  ) => cellText(cellAt(row, match, column) ?? null).trim();
  const skus = productIdsBySku(r, [...new Set(table.rows.map((row) => text(row, 'sku')))]);
  const ids = new Set<number>(skus.values());
  for (const row of table.rows)
    if (/^\d{1,15}$/.test(text(row, 'productId'))) ids.add(Number(text(row, 'productId')));
  const current = inventoryByProducts(r, [...ids]);
  const known = new Set([...current.values()].map((row) => row.productId));
  const editable = match.index.has('onHand') ? (['onHand'] as const) : [];
  const seen = new Map<string, number>();
  const planned: PlannedCount[] = [];
  const changed: SheetRowChange[] = [];
  let unchanged = 0;

  const customs = new CustomsPlanner(match, errors, readCustoms(r, [...known]));
  const accounts = new AccountLookup(r);
  const rules = currentRules(r);
  const plannedRules: PlannedRule[] = [];
  const hasRules = match.index.has('account') || match.index.has('accountId');
  /** The row's product: its id, null when the row names none, undefined after an error. */
  const productOf = (row: SheetRow): number | null | undefined => {
    const idText = text(row, 'productId');
    if (idText !== '') {
      if (/^\d{1,15}$/.test(idText) && known.has(Number(idText))) return Number(idText);
      errors.add(
        row.row,
        'productId',
        `no SKU has the id "${idText}"`,
        'the product id as exported',
      );
      return undefined;
    }
    const sku = text(row, 'sku');
    if (sku === '') return null;
    const id = skus.get(sku);
    if (id !== undefined) return id;
    errors.add(
      row.row,
      'sku',
      `no SKU "${sku}" is in Silkroute`,
      'the SKU of one of your products',
    );
    return undefined;
  };

  for (const row of table.rows) {
    if (encodingErrors(row, table.headers, errors)) continue;
    const ruleRow = hasRules && (text(row, 'account') !== '' || text(row, 'accountId') !== '');
    const found = productOf(row);
    if (found === undefined) continue;
    if (ruleRow) {
      const accountId = accounts.find(row, match, errors);
      if (accountId === undefined) continue;
      const key = `rule/${accountId}/${found ?? 0}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        errors.add(
          row.row,
          'account',
          `the same rule as row ${earlier}`,
          'each rule in one row only',
        );
        continue;
      }
      seen.set(key, row.row);
      const label = `${text(row, 'account') || accountId} ${found === null ? '*' : text(row, 'sku')}`;
      const plan = planRuleRow(row, match, { accountId, productId: found, label }, rules, errors);
      if (plan === 'unchanged') unchanged++;
      else if (plan) {
        plannedRules.push(plan.planned);
        changed.push(plan.change);
      }
      continue;
    }
    if (found === null) {
      errors.add(row.row, 'sku', 'the SKU is empty', 'the SKU of one of your products');
      continue;
    }
    const productId = found;
    const warehouse = text(row, 'warehouse');
    const key = inventoryKey(productId, warehouse);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.add(
        row.row,
        match.index.has('productId') ? 'productId' : 'sku',
        `the same SKU and warehouse as row ${earlier}`,
        'each SKU and warehouse in one row only',
      );
      continue;
    }
    seen.set(key, row.row);
    const customsChanges = customs.planRow(row, productId);
    if (customsChanges === undefined) continue;
    const stock: InventorySheetRow | undefined = current.get(key);
    const target = warehouse === '' ? DEFAULT_WAREHOUSE : warehouse;
    const fieldChanges: SheetFieldChange[] = [];
    if (editable.length > 0) {
      const before = stock?.onHand ?? null;
      const cell = cellText(cellAt(row, match, 'onHand') ?? null).trim();
      const shown = stock ? valueText(INVENTORY_COLUMN_BY_ID.get('onHand')!.value(stock)) : '';
      const onHand = /^\d{1,15}$/.test(cell) ? Number(cell) : NaN;
      if (cell !== shown && !(onHand <= MAX_COUNT)) {
        errors.add(
          row.row,
          'onHand',
          cell === '' ? 'the count is empty' : `"${cell}" is not a count of units`,
          'a whole number from 0 to 1,000,000,000',
        );
        continue;
      }
      if (cell !== shown && onHand !== before) {
        planned.push({ row: row.row, productId, warehouse: target, before, onHand });
        fieldChanges.push({
          field: 'onHand',
          before: before === null ? '' : String(before),
          after: String(onHand),
        });
      }
    }
    fieldChanges.push(...customsChanges);
    if (fieldChanges.length === 0) {
      unchanged++;
      continue;
    }
    changed.push({
      row: row.row,
      label: `${stock?.sku ?? text(row, 'sku')} ${target}`,
      changes: fieldChanges,
    });
  }

  return {
    kind: 'inventory',
    rows: table.rows.length,
    unchangedCount: unchanged,
    errors: errors.errors,
    changed,
    editableColumns: [
      ...editable,
      ...customs.columns,
      ...(['buffer', 'maxQuantity', 'allocationPercent'] as const).filter((column) =>
        match.index.has(column),
      ),
    ],
    ignoredHeaders: match.ignored,
    apply: (w, context) => {
      const now = inventoryByProducts(w, [...new Set(planned.map((entry) => entry.productId))]);
      const original = (entry: PlannedCount) =>
        now.get(inventoryKey(entry.productId, entry.warehouse))?.onHand ??
        (entry.warehouse === DEFAULT_WAREHOUSE
          ? (now.get(inventoryKey(entry.productId, ''))?.onHand ?? null)
          : null);
      const plannedCustoms = customs.planned;
      const customsNow = readCustoms(
        w,
        plannedCustoms.map((entry) => entry.productId),
      );
      refuseStale(
        [
          ...planned.filter((entry) => original(entry) !== entry.before).map((entry) => entry.row),
          ...staleRules(w, plannedRules),
          ...plannedCustoms
            .filter((entry) => !sameCustoms(customsNow.get(entry.productId), entry.before))
            .map((entry) => entry.row),
        ].sort((a, b) => a - b),
      );
      const count = planned.length + plannedRules.length + plannedCustoms.length;
      if (count === 0) return { kind: 'inventory', batchId: null, changed: 0, jobs: 0 };
      const batchId = w.first(
        qb
          .insertInto('change_batches')
          .values({ label: context.label, source: 'import', created_at: w.now() })
          .returning('id'),
      )!.id;
      let jobs = 0;
      for (const entry of planned) {
        jobs += setOnHandAudited(
          w,
          entry.productId,
          entry.warehouse,
          entry.onHand,
          batchId,
          context.newKey,
        );
      }
      jobs += applyRules(w, plannedRules, batchId, context.newKey);
      for (const entry of plannedCustoms) {
        setProductCustoms(w, entry.productId, entry.changes, batchId);
      }
      return { kind: 'inventory', batchId: batchId as ChangeBatchId, changed: count, jobs };
    },
  };
}
