/**
 * The fake Wish product APIs:
 * - GET /api/v3/products: shallow products (no variations), `limit` 1–1000 (default 50), inclusive
 *   `updated_at_min/max` (ms) and `created_at_min/max` (cut to the second), `state`, `parent_sku`,
 *   `sort_by` updated_at|created_at .asc|.desc (default updated_at.desc). There is no cursor: the
 *   client moves the window. Objects sharing a sort key come back in an arbitrary order.
 * - GET /api/v3/products/{id}: one product with its variations.
 * - PUT /api/v3/products/{id}: UpdateProduct (name, description, parent_sku, status ENABLED/DISABLED).
 * - POST /api/v3/products/bulk_update: an async job over BulkUpdateProduct entries (price and
 *   inventories of variations); GET /api/v3/products/bulk_update/{id} reports PENDING → READY.
 */
import type { Random } from '../kit/random.js';
import type { SandboxRequest, SandboxResponse } from '../kit/server.js';
import {
  WishApiError,
  centsOf,
  formatTime,
  intParam,
  invalid,
  money,
  parseTime,
  sortParam,
  success,
  tieRank,
} from './protocol.js';
import {
  PRODUCT_STATES,
  REMOVED_STATES,
  changeProduct,
  newObjectId,
  recordWrite,
  type FakeBulkJob,
  type FakeProduct,
  type ProductState,
  type WishState,
} from './state.js';

export interface ProductContext {
  state: WishState;
  random: Random;
  nowMs: number;
  path: string;
}

export const MAX_PRODUCT_LIMIT = 1000;
/** Not published; the fake refuses larger jobs so a client must split. */
export const MAX_BULK_PRODUCTS = 1000;
export const MAX_INVENTORY = 500_000;

export function shallowProduct(product: FakeProduct): Record<string, unknown> {
  return {
    id: product.id,
    parent_sku: product.parent_sku,
    name: product.name,
    description: product.description,
    tags: [...product.tags],
    category_id: product.category_id,
    state: product.state,
    status:
      product.state === 'ACTIVE'
        ? 'APPROVED'
        : product.state.startsWith('REMOVED')
          ? product.state
          : 'PENDING_REVIEW',
    created_at: formatTime(product.created_at),
    updated_at: formatTime(product.updated_at),
    condition: 'NEW',
  };
}

export function fullProduct(state: WishState, product: FakeProduct): Record<string, unknown> {
  return {
    ...shallowProduct(product),
    variations: product.variations.map((variation) => ({
      id: variation.id,
      product_id: product.id,
      sku: variation.sku,
      status: variation.status,
      price: money(variation.price_cents, state.currency),
      inventories: [{ warehouse_id: state.warehouseId, inventory: variation.inventory }],
      options: variation.options.map((option) => ({ ...option })),
    })),
  };
}

export function listProducts(context: ProductContext, request: SandboxRequest): SandboxResponse {
  const { query } = request;
  const limit = intParam(query, 'limit', 50, 1, MAX_PRODUCT_LIMIT);
  const updatedMin = query.get('updated_at_min');
  const updatedMax = query.get('updated_at_max');
  const createdMin = query.get('created_at_min');
  const createdMax = query.get('created_at_max');
  const bounds = {
    updatedMin: updatedMin ? parseTime('updated_at_min', updatedMin) : null,
    updatedMax: updatedMax ? parseTime('updated_at_max', updatedMax) : null,
    createdMin: createdMin ? parseTime('created_at_min', createdMin, 'second') : null,
    createdMax: createdMax ? parseTime('created_at_max', createdMax, 'second') : null,
  };
  const wanted = query.get('state');
  if (wanted !== null && !PRODUCT_STATES.includes(wanted as ProductState)) {
    throw invalid(`state must be one of ${PRODUCT_STATES.join(', ')}`);
  }
  const parentSku = query.get('parent_sku');
  const sort = sortParam(query, ['updated_at', 'created_at'], 'updated_at.desc');
  const key = sort.field === 'created_at' ? 'created_at' : 'updated_at';
  const matches = context.state.products.filter(
    (product) =>
      (bounds.updatedMin === null || product.updated_at >= bounds.updatedMin) &&
      (bounds.updatedMax === null || product.updated_at <= bounds.updatedMax) &&
      (bounds.createdMin === null || product.created_at >= bounds.createdMin) &&
      (bounds.createdMax === null || product.created_at <= bounds.createdMax) &&
      (wanted === null || product.state === wanted) &&
      (parentSku === null || product.parent_sku === parentSku),
  );
  const direction = sort.descending ? -1 : 1;
  matches.sort((a, b) => direction * (a[key] - b[key]) || tieRank(a.id) - tieRank(b.id));
  return success(matches.slice(0, limit).map((product) => shallowProduct(product)));
}

function productOf(state: WishState, id: string): FakeProduct {
  const product = state.productById.get(id);
  if (!product) throw invalid(`We could not find a product for id: '${id}'`);
  return product;
}

export function getProduct(context: ProductContext, id: string): SandboxResponse {
  return success(fullProduct(context.state, productOf(context.state, id)));
}

const text = (name: string, value: unknown, max: number): string => {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw invalid(`${name} must be a non-empty string of at most ${max} characters`);
  }
  return value;
};

export function updateProduct(context: ProductContext, id: string, body: unknown): SandboxResponse {
  const { state, nowMs } = context;
  const product = productOf(state, id);
  if (REMOVED_STATES.includes(product.state)) throw invalid('Removed products cannot be updated.');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('The body must be an UpdateProduct object');
  }
  const input = body as Record<string, unknown>;
  const allowed = new Set(['name', 'description', 'parent_sku', 'status', 'tags']);
  const unknown = Object.keys(input).filter((key) => !allowed.has(key));
  if (unknown.length > 0)
    throw invalid(`Fields not supported by this sandbox: ${unknown.join(', ')}`);
  const name = input.name === undefined ? undefined : text('name', input.name, 255);
  const description =
    input.description === undefined ? undefined : text('description', input.description, 4000);
  const parentSku =
    input.parent_sku === undefined ? undefined : text('parent_sku', input.parent_sku, 80);
  const status = input.status;
  if (status !== undefined && status !== 'ENABLED' && status !== 'DISABLED') {
    throw invalid('status must be ENABLED or DISABLED');
  }
  const write = (field: 'name' | 'description' | 'status', value: string) =>
    recordWrite(state, {
      at: nowMs,
      path: context.path,
      productId: id,
      variationId: '',
      field,
      value,
    });
  changeProduct(product, nowMs, () => {
    if (name !== undefined) {
      product.name = name;
      write('name', name);
    }
    if (description !== undefined) {
      product.description = description;
      write('description', description);
    }
    if (parentSku !== undefined) product.parent_sku = parentSku;
    if (status !== undefined) {
      if (product.state === 'ACTIVE' || product.state === 'MERCHANT_INACTIVE') {
        product.state = status === 'ENABLED' ? 'ACTIVE' : 'MERCHANT_INACTIVE';
      }
      write('status', status);
    }
  });
  return success(fullProduct(state, product));
}

function jobView(job: FakeBulkJob): Record<string, unknown> {
  return {
    id: job.id,
    status: job.status,
    created_at: formatTime(job.created_at),
    completed_at: job.status === 'PENDING' ? null : formatTime(job.ready_at),
    total_count: job.body.length,
    processed_count: job.status === 'PENDING' ? 0 : job.body.length,
    // The result file's format is not published; the fake offers none.
    file_urls: null,
  };
}

export function startBulkUpdate(context: ProductContext, body: unknown): SandboxResponse {
  const { state, nowMs, random } = context;
  if (!Array.isArray(body) || body.length === 0) {
    throw invalid('The body must be a non-empty array of BulkUpdateProduct');
  }
  if (body.length > MAX_BULK_PRODUCTS) {
    throw invalid(`Failed to start updating products: at most ${MAX_BULK_PRODUCTS} per job`);
  }
  for (const [index, entry] of body.entries()) {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id === '') throw invalid(`[${index}].id is required`);
  }
  // A few seconds of queueing plus a little per product, as an async job would take.
  const readyAt = nowMs + 2000 + body.length * 20 + random.int(0, 1000);
  const job: FakeBulkJob = {
    id: newObjectId(state, nowMs),
    created_at: nowMs,
    ready_at: readyAt,
    applied: false,
    status: 'PENDING',
    body,
    outcomes: [],
  };
  state.jobs.set(job.id, job);
  return success(jobView(job));
}

export function getBulkUpdate(context: ProductContext, id: string): SandboxResponse {
  const job = context.state.jobs.get(id);
  if (!job) throw invalid('There is no such update products job for the merchant.');
  return success(jobView(job));
}

/** Runs every job whose time has come; all products of a job change at its ready time. */
export function applyDueJobs(state: WishState, nowMs: number, path: string): void {
  for (const job of state.jobs.values()) {
    if (job.applied || job.ready_at > nowMs) continue;
    job.applied = true;
    job.status = 'READY';
    job.outcomes = job.body.map((entry) => {
      const productId = String((entry as { id: unknown }).id);
      try {
        applyBulkEntry(state, entry, job.ready_at, path);
        return { productId, ok: true, message: null };
      } catch (error) {
        if (error instanceof WishApiError) return { productId, ok: false, message: error.message };
        throw error;
      }
    });
  }
}

/** One BulkUpdateProduct: all of it is checked before any of it is applied. */
function applyBulkEntry(state: WishState, entry: unknown, at: number, path: string): void {
  const input = entry as { id: string; variations?: unknown };
  const product = productOf(state, input.id);
  if (REMOVED_STATES.includes(product.state)) throw invalid('Removed products cannot be updated.');
  if (!Array.isArray(input.variations) || input.variations.length > 400) {
    throw invalid('variations must be an array of at most 400 UpdateProductVariation');
  }
  const changes = input.variations.map((raw, index) => {
    const change = raw as { id?: unknown; price?: unknown; inventories?: unknown };
    const variation = product.variations.find((candidate) => candidate.id === change.id);
    if (!variation)
      throw invalid(`variations[${index}]: no variation ${String(change.id)} in this product`);
    if (variation.status === 'REMOVED_BY_WISH')
      throw invalid('Removed variations cannot be updated.');
    const price =
      change.price === undefined
        ? undefined
        : centsOf(`variations[${index}].price`, change.price, state.currency);
    let inventory: number | undefined;
    if (change.inventories !== undefined) {
      if (!Array.isArray(change.inventories) || change.inventories.length !== 1) {
        throw invalid(`variations[${index}].inventories must name the merchant's one warehouse`);
      }
      const slot = change.inventories[0] as { warehouse_id?: unknown; inventory?: unknown };
      if (slot.warehouse_id !== state.warehouseId)
        throw invalid(`Unknown warehouse ${String(slot.warehouse_id)}`);
      const value = slot.inventory;
      if (
        typeof value !== 'number' ||
        !Number.isInteger(value) ||
        value < 0 ||
        value > MAX_INVENTORY
      ) {
        throw invalid(`inventory must be an integer between 0 and ${MAX_INVENTORY}`);
      }
      inventory = value;
    }
    return { variation, price, inventory };
  });
  changeProduct(product, at, () => {
    for (const { variation, price, inventory } of changes) {
      const base = { at, path, productId: product.id, variationId: variation.id };
      if (price !== undefined) {
        variation.price_cents = price;
        recordWrite(state, { ...base, field: 'price', value: price });
      }
      if (inventory !== undefined) {
        variation.inventory = inventory;
        recordWrite(state, { ...base, field: 'inventory', value: inventory });
      }
    }
  });
}

export function checkNoBody(request: SandboxRequest): void {
  if (request.bodyError !== null) throw invalid(`The body is not valid JSON: ${request.bodyError}`);
}
