/**
 * Marking orders shipped. A shipment is two rows written in one transaction: the `shipments` row
 * (what the seller shipped, and where its confirmation stands) and an outbox job of kind
 * 'order.ship' that carries the confirmation to the marketplace (sync/ship.ts sends it). So a
 * shipment marked offline, or just before a crash, is sent later exactly as recorded.
 *
 * Rows are validated one by one (validateShipmentRows): a row's problem becomes its own error and
 * the other rows still go ahead. The validation runs again inside the writing transaction, so
 * what is written always passed the checks against the data as it is at that moment.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type {
  ShipmentRecord,
  ShipRowError,
  ShipRowResult,
} from '../../shared/api/types-operations.js';
import type { ShipmentRowInput } from '../../shared/api/contract-operations.js';
import type { AccountId, OrderId } from '../../shared/ids.js';
import type { OrderStatus } from '../../shared/domain.js';
import { qb } from './compiler.js';
import type { Reader, Writer } from './connection.js';

/** The outbox kind of a shipment confirmation (not taken by the listing drain in push.ts). */
export const SHIP_JOB_KIND = 'order.ship';
const MAX_TRACKING = 64;
const MAX_CARRIER = 100;
const ID_CHUNK = 500;

/** What an 'order.ship' job carries; re-validated when a sender loads it. */
export const ShipJobPayload = z.object({
  shipmentId: z.number().int().positive(),
  orderId: z.number().int().positive(),
  remoteOrderId: z.string().min(1),
  carrier: z.string().min(1),
  trackingNumber: z.string().min(1),
});
export type ShipJobPayload = z.infer<typeof ShipJobPayload>;

// Printable text only: a control character in a pasted cell is a broken paste, not a carrier.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The row's own fields; messages are the error codes (mapped to wording below). */
const RowFields = z.object({
  carrier: z
    .string()
    .trim()
    .min(1, 'missing_carrier')
    .max(MAX_CARRIER, 'invalid_carrier')
    .refine((text) => !CONTROL.test(text), 'invalid_carrier'),
  trackingNumber: z
    .string()
    .trim()
    .min(1, 'missing_tracking')
    .max(MAX_TRACKING, 'invalid_tracking')
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u, 'invalid_tracking'),
});

const MESSAGES: Record<ShipRowError, string> = {
  missing_order: 'Give the order number (or open the order and mark it shipped there).',
  unknown_order: 'No order with this number is in Silkroute.',
  ambiguous_order: 'This order number exists on more than one shop.',
  not_shippable: 'This order is not waiting to be shipped.',
  already_shipped: 'A shipment of this order is already recorded.',
  missing_carrier: 'The carrier is missing.',
  missing_tracking: 'The tracking number is missing.',
  invalid_tracking: `A tracking number has 1-${MAX_TRACKING} letters, digits, spaces or . _ / -.`,
  invalid_carrier: `A carrier name has 1-${MAX_CARRIER} printable characters.`,
  duplicate_row: 'The same row appears earlier; that one is used.',
  conflicting_rows: 'Another row gives this order a different carrier or tracking number.',
  account_disconnected: "The order's shop is disconnected.",
};

export interface ValidShipment {
  index: number;
  orderId: OrderId;
  accountId: AccountId;
  remoteOrderId: string;
  carrier: string;
  trackingNumber: string;
}

export interface ShipmentValidation {
  results: ShipRowResult[];
  valid: ValidShipment[];
}

interface OrderFacts {
  id: number;
  account_id: number;
  remote_id: string;
  status: OrderStatus;
  auth_state: string;
}

function ordersByIds(r: Reader, ids: number[]): Map<number, OrderFacts> {
  const found = new Map<number, OrderFacts>();
  for (let start = 0; start < ids.length; start += ID_CHUNK) {
    const rows = r.all(orderFacts().where('o.id', 'in', ids.slice(start, start + ID_CHUNK)));
    for (const row of rows) found.set(row.id, row);
  }
  return found;
}

function ordersByNumbers(r: Reader, numbers: string[]): Map<string, OrderFacts[]> {
  const found = new Map<string, OrderFacts[]>();
  for (let start = 0; start < numbers.length; start += ID_CHUNK) {
    const rows = r.all(
      orderFacts().where('o.remote_id', 'in', numbers.slice(start, start + ID_CHUNK)),
    );
    for (const row of rows) found.set(row.remote_id, [...(found.get(row.remote_id) ?? []), row]);
  }
  return found;
}

function orderFacts() {
  return qb
    .selectFrom('orders as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .select(['o.id', 'o.account_id', 'o.remote_id', 'o.status', 'a.auth_state']);
}

/** Orders among `ids` with a shipment waiting to be sent or confirmed. */
function ordersWithActiveShipment(r: Reader, ids: number[]): Set<number> {
  const active = new Set<number>();
  for (let start = 0; start < ids.length; start += ID_CHUNK) {
    const rows = r.all(
      qb
        .selectFrom('shipments')
        .select('order_id')
        .distinct()
        .where('order_id', 'in', ids.slice(start, start + ID_CHUNK))
        .where('state', 'in', ['pending', 'confirmed']),
    );
    for (const row of rows) active.add(row.order_id);
  }
  return active;
}

/** Checks every row alone, then duplicates across rows; reads only. */
export function validateShipmentRows(
  r: Reader,
  rows: readonly ShipmentRowInput[],
): ShipmentValidation {
  const numbers = rows.flatMap((row) =>
    row.orderId === undefined && row.orderNumber?.trim() ? [row.orderNumber.trim()] : [],
  );
  // Marketplaces print order numbers in upper case; a number typed in lower case still matches.
  const byNumber = ordersByNumbers(r, [
    ...new Set(numbers.flatMap((text) => [text, text.toUpperCase()])),
  ]);
  const byId = ordersByIds(r, [
    ...new Set(rows.flatMap((row) => (row.orderId === undefined ? [] : [row.orderId]))),
  ]);
  const results: ShipRowResult[] = [];
  const candidates: (ValidShipment & { key: string })[] = [];

  rows.forEach((row, index) => {
    const orderNumber = row.orderNumber?.trim() || null;
    const result: ShipRowResult = {
      index,
      line: row.line ?? null,
      orderId: null,
      orderNumber,
      carrier: (row.carrier ?? '').trim(),
      trackingNumber: (row.trackingNumber ?? '').trim(),
      ok: false,
      error: null,
    };
    results.push(result);
    const fail = (code: ShipRowError, detail?: string) => {
      result.error = { code, message: detail ? `${MESSAGES[code]} ${detail}` : MESSAGES[code] };
    };
    let order: OrderFacts | undefined;
    if (row.orderId !== undefined) order = byId.get(row.orderId);
    else if (orderNumber) {
      const matches = byNumber.get(orderNumber) ?? byNumber.get(orderNumber.toUpperCase()) ?? [];
      if (matches.length > 1) return fail('ambiguous_order');
      order = matches[0];
    } else return fail('missing_order');
    if (!order) return fail('unknown_order');
    result.orderId = order.id as OrderId;
    result.orderNumber = order.remote_id;
    const fields = RowFields.safeParse({
      carrier: row.carrier ?? '',
      trackingNumber: row.trackingNumber ?? '',
    });
    if (!fields.success) return fail(fields.error.issues[0]!.message as ShipRowError);
    if (order.auth_state === 'disconnected') return fail('account_disconnected');
    if (order.status !== 'to_ship') return fail('not_shippable', `(status: ${order.status})`);
    candidates.push({
      index,
      orderId: order.id as OrderId,
      accountId: order.account_id as AccountId,
      remoteOrderId: order.remote_id,
      carrier: fields.data.carrier,
      trackingNumber: fields.data.trackingNumber,
      key: `${fields.data.carrier.toLowerCase()}\u0000${fields.data.trackingNumber.toUpperCase()}`,
    });
  });

  const active = ordersWithActiveShipment(r, [...new Set(candidates.map((c) => c.orderId))]);
  const byOrder = new Map<number, (ValidShipment & { key: string })[]>();
  for (const candidate of candidates) {
    byOrder.set(candidate.orderId, [...(byOrder.get(candidate.orderId) ?? []), candidate]);
  }
  const valid: ValidShipment[] = [];
  for (const [orderId, group] of byOrder) {
    const fail = (index: number, code: ShipRowError) => {
      results[index]!.error = { code, message: MESSAGES[code] };
    };
    if (active.has(orderId)) {
      for (const entry of group) fail(entry.index, 'already_shipped');
      continue;
    }
    if (group.some((entry) => entry.key !== group[0]!.key)) {
      for (const entry of group) fail(entry.index, 'conflicting_rows');
      continue;
    }
    for (const entry of group.slice(1)) fail(entry.index, 'duplicate_row');
    const { key: _key, ...first } = group[0]!;
    valid.push(first);
  }
  for (const entry of valid) results[entry.index]!.ok = true;
  valid.sort((a, b) => a.index - b.index);
  return { results, valid };
}

/**
 * Records the shipments and queues their confirmations, in the caller's transaction. The caller
 * validated `rows` in the same transaction (validateShipmentRows).
 */
export function queueShipments(
  w: Writer,
  rows: readonly ValidShipment[],
  newKey: () => string,
): number[] {
  const now = w.now();
  const ids: number[] = [];
  for (const row of rows) {
    const shipment = w.first(
      qb
        .insertInto('shipments')
        .values({
          order_id: row.orderId,
          carrier: row.carrier,
          tracking_number: row.trackingNumber,
          shipped_at: now,
          state: 'pending',
          last_error: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id'),
    )!;
    const payload: ShipJobPayload = {
      shipmentId: shipment.id,
      orderId: row.orderId,
      remoteOrderId: row.remoteOrderId,
      carrier: row.carrier,
      trackingNumber: row.trackingNumber,
    };
    w.run(
      qb.insertInto('outbox').values({
        account_id: row.accountId,
        listing_id: null,
        batch_id: null,
        kind: SHIP_JOB_KIND,
        payload: JSON.stringify(payload),
        idempotency_key: newKey(),
        base_version: null,
        source: 'edit',
        created_at: now,
        updated_at: now,
      }),
    );
    ids.push(shipment.id);
  }
  return ids;
}

/** An order's shipments, oldest first, with the state of each one's confirmation job. */
export function listShipments(r: Reader, orderId: number): ShipmentRecord[] {
  const shipments = r.all(
    qb
      .selectFrom('shipments')
      .select(['id', 'carrier', 'tracking_number', 'shipped_at', 'state', 'last_error'])
      .where('order_id', '=', orderId)
      .orderBy('shipped_at')
      .orderBy('id'),
  );
  const jobs = new Map<number, { attempts: number; not_before: string | null }>();
  const rows = r.all(
    qb
      .selectFrom('outbox')
      .select(['payload', 'attempts', 'not_before'])
      .where('kind', '=', SHIP_JOB_KIND)
      .where('account_id', '=', (eb) =>
        eb.selectFrom('orders').select('account_id').where('id', '=', orderId),
      )
      .where(sql<number>`json_extract(payload, '$.orderId')`, '=', orderId),
  );
  for (const row of rows) {
    const payload = ShipJobPayload.safeParse(safeJson(row.payload));
    if (payload.success) {
      jobs.set(payload.data.shipmentId, { attempts: row.attempts, not_before: row.not_before });
    }
  }
  return shipments.map((shipment) => {
    const job = jobs.get(shipment.id);
    return {
      id: shipment.id,
      carrier: shipment.carrier,
      trackingNumber: shipment.tracking_number,
      shippedAt: shipment.shipped_at,
      state: shipment.state,
      lastError: shipment.last_error,
      attempts: job?.attempts ?? 0,
      retryAt: shipment.state === 'pending' ? (job?.not_before ?? null) : null,
    };
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Sets a shipment's state after its confirmation was answered (or refused). */
export function settleShipment(
  w: Writer,
  shipmentId: number,
  state: 'pending' | 'confirmed' | 'failed',
  lastError: string | null,
): void {
  w.run(
    qb
      .updateTable('shipments')
      .set({ state, last_error: lastError, updated_at: w.now() })
      .where('id', '=', shipmentId),
  );
}
