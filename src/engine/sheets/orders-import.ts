/**
 * Importing an orders sheet (an exported one, or a plain `order id, carrier, tracking` sheet) to
 * ship in bulk. Rows with no carrier and no tracking, or with exactly the order's recorded
 * shipment, are unchanged; the others are validated by the shipments path itself
 * (validateShipmentRows: unknown order, not shippable, already shipped, bad tracking…), so a
 * sheet and a paste refuse alike. Apply validates again in the write transaction and records
 * every shipment with its queued confirmation, or nothing.
 */
import type { ShipmentRowInput } from '../../shared/api/contract-operations.js';
import type { ShipRowError } from '../../shared/api/types-operations.js';
import type { SheetColumnId, SheetRowChange } from '../../shared/api/types-sheets.js';
import { qb } from '../store/compiler.js';
import type { Reader } from '../store/connection.js';
import { queueShipments, validateShipmentRows } from '../store/shipments.js';
import { cellText } from './columns.js';
import type { HeaderMatch } from './headers.js';
import { cellAt, encodingErrors, ErrorList, refuseStale, type ImportPlan } from './plan.js';
import { SheetFileError, type SheetRow, type SheetTable } from './read.js';

const EXPECTED: Record<ShipRowError, string> = {
  missing_order: 'the order number (or keep the hidden Order ID column)',
  unknown_order: 'the number of an order in Silkroute',
  ambiguous_order: 'the hidden Order ID column, to tell the shops apart',
  not_shippable: 'an order waiting to be shipped',
  already_shipped: 'an order with no shipment recorded yet',
  missing_carrier: 'the carrier’s name',
  missing_tracking: 'the tracking number',
  invalid_tracking: '1-64 letters, digits, spaces or . _ / -',
  invalid_carrier: '1-100 printable characters',
  duplicate_row: 'each order in one row only',
  conflicting_rows: 'one carrier and tracking number per order',
  account_disconnected: 'an order of a connected shop',
};

function columnOf(code: ShipRowError, match: HeaderMatch): SheetColumnId {
  if (code === 'missing_carrier' || code === 'invalid_carrier') return 'carrier';
  if (code === 'missing_tracking' || code === 'invalid_tracking') return 'tracking';
  return match.index.has('orderId') ? 'orderId' : 'orderNumber';
}

/** The latest shipment waiting or confirmed per order, as `carrier\0tracking`. */
function recordedShipments(r: Reader, orderIds: readonly number[]): Map<number, string> {
  const found = new Map<number, string>();
  for (let start = 0; start < orderIds.length; start += 500) {
    const rows = r.all(
      qb
        .selectFrom('shipments')
        .select(['order_id', 'carrier', 'tracking_number'])
        .where('order_id', 'in', orderIds.slice(start, start + 500))
        .where('state', 'in', ['pending', 'confirmed'])
        .orderBy('id'),
    );
    for (const row of rows) found.set(row.order_id, `${row.carrier}\u0000${row.tracking_number}`);
  }
  return found;
}

/** Order ids by order number, for numbers that name exactly one order. */
function ordersByNumber(r: Reader, numbers: readonly string[]): Map<string, number> {
  const found = new Map<string, number[]>();
  for (let start = 0; start < numbers.length; start += 500) {
    const rows = r.all(
      qb
        .selectFrom('orders')
        .select(['id', 'remote_id'])
        .where('remote_id', 'in', numbers.slice(start, start + 500)),
    );
    for (const row of rows) found.set(row.remote_id, [...(found.get(row.remote_id) ?? []), row.id]);
  }
  return new Map(
    [...found].flatMap(([number, ids]) => (ids.length === 1 ? [[number, ids[0]!]] : [])),
  );
}

export function planOrdersImport(r: Reader, table: SheetTable, match: HeaderMatch): ImportPlan {
  if (!match.index.has('carrier') || !match.index.has('tracking')) {
    throw new SheetFileError('The sheet needs a "Carrier" and a "Tracking number" column');
  }
  if (!match.index.has('orderId') && !match.index.has('orderNumber')) {
    throw new SheetFileError('The sheet needs an "Order number" column (or the hidden "Order ID")');
  }
  const errors = new ErrorList(match);
  const text = (row: SheetRow, column: SheetColumnId) =>
    cellText(cellAt(row, match, column) ?? null).trim();
  const byNumber = ordersByNumber(r, [
    ...new Set(table.rows.map((row) => text(row, 'orderNumber')).filter(Boolean)),
  ]);
  const idOf = (row: SheetRow) => {
    const id = text(row, 'orderId');
    return /^\d{1,15}$/.test(id) ? Number(id) : byNumber.get(text(row, 'orderNumber'));
  };
  const recorded = recordedShipments(r, [...new Set(table.rows.flatMap((row) => idOf(row) ?? []))]);
  const inputs: ShipmentRowInput[] = [];
  const rowsOfInputs: SheetRow[] = [];
  let unchanged = 0;
  for (const row of table.rows) {
    if (encodingErrors(row, table.headers, errors)) continue;
    const carrier = text(row, 'carrier');
    const tracking = text(row, 'tracking');
    const orderId = idOf(row);
    if (
      (carrier === '' && tracking === '') ||
      (orderId !== undefined && recorded.get(orderId) === `${carrier}\u0000${tracking}`)
    ) {
      unchanged++;
      continue;
    }
    const idText = text(row, 'orderId');
    if (idText !== '' && !/^\d{1,15}$/.test(idText)) {
      errors.add(row.row, 'orderId', `"${idText}" is not an order id`, 'the order id as exported');
      continue;
    }
    inputs.push({
      ...(idText !== '' ? { orderId: Number(idText) } : { orderNumber: text(row, 'orderNumber') }),
      carrier,
      trackingNumber: tracking,
      line: row.row,
    });
    rowsOfInputs.push(row);
  }
  const { results } = validateShipmentRows(r, inputs);
  const changed: SheetRowChange[] = [];
  results.forEach((result, index) => {
    const row = rowsOfInputs[index]!;
    if (result.error) {
      errors.add(
        row.row,
        columnOf(result.error.code, match),
        result.error.message,
        EXPECTED[result.error.code],
      );
      return;
    }
    changed.push({
      row: row.row,
      label: result.orderNumber ?? '',
      changes: [
        { field: 'carrier', before: '', after: result.carrier },
        { field: 'tracking', before: '', after: result.trackingNumber },
      ],
    });
  });
  errors.errors.sort((a, b) => a.row - b.row);
  return {
    kind: 'orders',
    rows: table.rows.length,
    unchangedCount: unchanged,
    errors: errors.errors,
    changed,
    editableColumns: ['carrier', 'tracking'],
    ignoredHeaders: match.ignored,
    apply: (w, context) => {
      const validation = validateShipmentRows(w, inputs);
      refuseStale(
        validation.results.filter((result) => !result.ok).map((result) => result.line ?? 0),
      );
      const ids = queueShipments(w, validation.valid, context.newKey);
      return {
        kind: 'orders',
        batchId: null,
        changed: ids.length,
        jobs: ids.length,
        accountIds: [...new Set(validation.valid.map((row) => row.accountId))],
      };
    },
  };
}
