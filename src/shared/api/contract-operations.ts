/**
 * The operations part of the contract (issue 8, part B): shipping orders, editing stock and channel
 * rules, the sync view's live status and schedule preview, and connecting or disconnecting shops.
 * Spread into `contract` (contract.ts); typed and validated exactly like the methods there.
 *
 * This module must not import values from contract.ts (contract.ts imports it: a cycle would
 * evaluate one of them half-initialised), so it defines its own small building blocks.
 */
import { z } from 'zod';
import { Marketplace, OrderStatus } from '../domain.js';
import type {
  AccountSummary,
  ConnectOption,
  ConnectStart,
  DisconnectOutcome,
  OrderShippingRow,
  SchedulePreview,
  ShipOutcome,
  ShipmentRecord,
  SkuChannel,
  StockEditOutcome,
  SyncStatus,
} from './types-operations.js';
import type { Page } from './types.js';

/** Shaped like contract.ts's MethodDef (declared apart to keep the import one-way). */
export interface OperationsMethod<I extends z.ZodType, O> {
  readonly input: I;
  readonly __output?: O;
}
const method =
  <O>() =>
  <I extends z.ZodType>(input: I): OperationsMethod<I, O> => ({ input });

const Id = z.number().int().positive();
const Count = z.number().int().min(0).max(1_000_000_000);

/** Where an order stands with our own shipment records (see types-operations.ts). */
export const SHIPMENT_FILTERS = ['none', 'pending', 'confirmed', 'failed'] as const;
export const ShipmentFilter = z.enum(SHIPMENT_FILTERS);
export type ShipmentFilter = z.infer<typeof ShipmentFilter>;

/** The orders view's query: orders.query's filters plus the order's own shipment state. */
export const OrdersShippingQueryInput = z.strictObject({
  search: z.string().trim().max(200).optional(),
  marketplaces: z.array(Marketplace).max(5).optional(),
  accountIds: z.array(Id).max(1000).optional(),
  statuses: z.array(OrderStatus).optional(),
  placedFrom: z.iso.datetime({ offset: true }).optional(),
  placedTo: z.iso.datetime({ offset: true }).optional(),
  overdueOnly: z.boolean().optional(),
  /** 'none': no shipment recorded yet, or only failed ones (the seller still has to ship it). */
  shipment: ShipmentFilter.optional(),
  sort: z
    .strictObject({
      field: z.enum(['placedAt', 'updatedAt', 'shipBy', 'total', 'status', 'marketplace']),
      dir: z.enum(['asc', 'desc']),
    })
    .optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(200),
});

/**
 * One "mark shipped" row, as typed in the order's panel or pasted/imported as
 * `order id, carrier, tracking`. The fields are deliberately loose here: each row is validated on
 * its own by the engine, so one bad row gets its own error and the valid rows still go ahead.
 */
export const ShipmentRowInput = z.strictObject({
  /** Our order id (the order's panel knows it). */
  orderId: Id.optional(),
  /** The marketplace's order number (pasted rows carry this). */
  orderNumber: z.string().max(300).optional(),
  carrier: z.string().max(300).default(''),
  trackingNumber: z.string().max(300).default(''),
  /** The row's line in the pasted text or file (1-based), echoed in the result. */
  line: z.number().int().min(1).max(1_000_000).optional(),
});
export type ShipmentRowInput = z.input<typeof ShipmentRowInput>;

export const operationsContract = {
  /** Orders with their latest shipment, filtered by it too (the orders view's grid). */
  'orders.queryShipping': method<Page<OrderShippingRow>>()(OrdersShippingQueryInput),
  /**
   * Marks orders shipped with carrier and tracking. Each row is validated alone (unknown order,
   * not shippable, already shipped, missing carrier or tracking, duplicate rows…): valid rows are
   * recorded with their confirmation queued for the marketplace, all in one transaction; invalid
   * rows come back with their error and write nothing. `dryRun` validates without writing.
   */
  'orders.ship': method<ShipOutcome>()(
    z.strictObject({
      rows: z.array(ShipmentRowInput).min(1).max(5000),
      dryRun: z.boolean().default(false),
    }),
  ),
  /** An order's shipments with where their confirmation stands. */
  'orders.shipments': method<ShipmentRecord[]>()(z.strictObject({ orderId: Id })),
  /** Each channel's view of a SKU (and its variants): shown, allowed, the rule, danger. */
  'catalog.channels': method<SkuChannel[]>()(z.strictObject({ productId: Id })),
  /** Sets what is on hand of a SKU in one warehouse; the quantity pushes it causes are queued. */
  'stock.setOnHand': method<StockEditOutcome>()(
    z.strictObject({
      productId: Id,
      warehouse: z.string().trim().min(1).max(100),
      onHand: Count,
    }),
  ),
  /**
   * Sets an account's channel rule for a SKU (productId) or its default rule (productId null);
   * the quantity pushes it causes on that account are queued.
   */
  'stock.setRule': method<StockEditOutcome>()(
    z.strictObject({
      accountId: Id,
      productId: Id.nullable(),
      buffer: Count,
      maxQuantity: Count.nullable(),
      allocationPercent: z.number().int().min(0).max(100),
    }),
  ),
  /** Per account: its rate-limit buckets now and what waits in its outbox. */
  'sync.status': method<SyncStatus>()(z.strictObject({})),
  /** Checks a cron schedule and names its next run times (the engine's own reading of it). */
  'sync.previewSchedule': method<SchedulePreview>()(
    z.strictObject({
      schedule: z.string().max(200),
      count: z.number().int().min(1).max(10).default(3),
    }),
  ),
  /** Which marketplaces can be connected from this app now, and why not where they cannot. */
  'accounts.connectOptions': method<ConnectOption[]>()(z.strictObject({})),
  /**
   * Starts connecting a real shop: answers the marketplace's consent page (to open in the system
   * browser) and a session to finish with `accounts.completeConnect`.
   */
  'accounts.beginConnect': method<ConnectStart>()(
    z.strictObject({
      marketplace: Marketplace,
      site: z.string().trim().min(2).max(20),
      /** Where the marketplace sends the seller back (this window's address in browser mode). */
      redirectUrl: z.url({ protocol: /^https?$/ }).max(1000),
    }),
  ),
  /**
   * Finishes a connection with what the marketplace's redirect brought back: the whole address
   * the seller landed on, its query string, or the bare code (with the shop id where needed).
   */
  'accounts.completeConnect': method<AccountSummary>()(
    z.strictObject({
      sessionId: z.string().min(1).max(100),
      callback: z.string().trim().min(1).max(4000),
      shopId: z.string().trim().max(100).optional(),
    }),
  ),
  /**
   * Disconnects a shop. A real shop stops syncing and keeps its data; a sandbox shop is removed
   * with its simulated data (see DisconnectOutcome).
   */
  'accounts.disconnect': method<DisconnectOutcome>()(z.strictObject({ id: Id })),
} as const;

export type OperationsContract = typeof operationsContract;
export type OperationsMethodName = keyof OperationsContract;
