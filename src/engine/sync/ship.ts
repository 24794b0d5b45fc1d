/**
 * Sending shipment confirmations: an account's 'order.ship' outbox jobs (store/shipments.ts) go to
 * the marketplace one order at a time through the connector, each answer recorded at once.
 *
 * A job moves pending → in_flight (claimed in a transaction of its own, just before its call) →
 * done | failed | pending again with a backoff. Never twice for one order:
 * - a job is claimed only while pending, so two senders (the morning run and a "ship now" from the
 *   orders view) never both send it;
 * - a crash between the call and its record leaves the job in flight. Once it is older than any
 *   call could take (STALE_IN_FLIGHT_MS) it is sent again, and the marketplace, which arranged the
 *   shipment the first time, answers "already shipped": that answer is recorded as success. The
 *   same holds for a reply lost on the way back, which is retried like any transient failure.
 */
import { ConnectorError, NeedsUserError, type Connector } from '../../connectors/index.js';
import type { Marketplace } from '../../shared/domain.js';
import type { AccountId } from '../../shared/ids.js';
import { createLogger } from '../../shared/log.js';
import { qb } from '../store/compiler.js';
import type { Reader, Store, Writer } from '../store/connection.js';
import { SHIP_JOB_KIND, settleShipment, ShipJobPayload } from '../store/shipments.js';
import { setJob } from './push-results.js';

const log = createLogger('engine.ship');

/** A failing confirmation is tried this many times (spaced by BACKOFF) before it fails for good. */
export const SHIP_MAX_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;
/** An in-flight job older than this was cut off by a crash: no call of ours lasts this long. */
export const STALE_IN_FLIGHT_MS = 10 * 60_000;

/**
 * The marketplaces' own "this order is already shipped" answers. Only these are taken as success
 * for a repeated confirmation; any other refusal is the marketplace's word and is shown as such.
 */
const ALREADY_SHIPPED: Partial<Record<Marketplace, readonly string[]>> = {
  shopee: ['logistics.package_already_shipped', 'logistics.package_already_arranged'],
};

export interface ShipPushOptions {
  store: Store;
  accountId: AccountId;
  connector: Connector;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; remaining: number }) => void;
}

export interface ShipFailure {
  shipmentId: number;
  orderId: number;
  remoteOrderId: string;
  message: string;
}

export interface ShipPushOutcome {
  /** Confirmation calls made. */
  sent: number;
  confirmed: number;
  /** Confirmed because the marketplace already had the order shipped (a repeat after a crash). */
  alreadyShipped: number;
  failed: ShipFailure[];
  /** Will be tried again later (transient failures, answers lost). */
  retryLater: number;
  /** The account's authorisation was refused: sending stopped. */
  authFailed: string | null;
}

interface JobRow {
  id: number;
  payload: string;
  attempts: number;
  state: string;
}

function dueQuery(r: Reader, accountId: AccountId) {
  const now = r.now();
  const stale = new Date(Date.parse(now) - STALE_IN_FLIGHT_MS).toISOString();
  return qb
    .selectFrom('outbox')
    .where('account_id', '=', accountId)
    .where('kind', '=', SHIP_JOB_KIND)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('state', '=', 'pending'),
          eb.or([eb('not_before', 'is', null), eb('not_before', '<=', now)]),
        ]),
        eb.and([eb('state', '=', 'in_flight'), eb('sent_at', '<', stale)]),
      ]),
    );
}

function nextDue(r: Reader, accountId: AccountId, skip: ReadonlySet<number>): JobRow | undefined {
  let query = dueQuery(r, accountId).select(['id', 'payload', 'attempts', 'state']).orderBy('id');
  if (skip.size > 0) query = query.where('id', 'not in', [...skip]);
  return r.first(query.limit(1));
}

function countDue(r: Reader, accountId: AccountId): number {
  return r.first(dueQuery(r, accountId).select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
}

/** Claims the job if it is still due (another sender may have taken it meanwhile). */
function claim(w: Writer, job: JobRow, accountId: AccountId): ShipJobPayload | 'taken' | null {
  const current = nextDueById(w, job.id, accountId);
  if (!current) return 'taken';
  const parsed = ShipJobPayload.safeParse(parseJson(current.payload));
  if (!parsed.success) {
    setJob(w, job.id, { state: 'failed', last_error: 'the job cannot be read' });
    return null;
  }
  setJob(w, job.id, { state: 'in_flight', attempts: current.attempts + 1, sent_at: w.now() });
  return parsed.data;
}

function nextDueById(w: Writer, id: number, accountId: AccountId): JobRow | undefined {
  return w.first(
    dueQuery(w, accountId).select(['id', 'payload', 'attempts', 'state']).where('id', '=', id),
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isAlreadyShipped(error: ConnectorError): boolean {
  const codes =
    error.marketplace === 'translation' ? [] : (ALREADY_SHIPPED[error.marketplace] ?? []);
  return error.marketplaceCode !== null && codes.includes(error.marketplaceCode);
}

type Verdict =
  | { kind: 'confirmed'; requestId: string | null; already: boolean }
  | { kind: 'retry' | 'failed' | 'auth'; message: string; code: string | null };

function verdictOf(error: unknown): Verdict {
  if (!(error instanceof ConnectorError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'failed', message, code: null };
  }
  const message = error.marketplaceMessage ?? error.message;
  if (isAlreadyShipped(error))
    return { kind: 'confirmed', requestId: error.requestId, already: true };
  if (
    error.kind === 'auth_expired' ||
    (error instanceof NeedsUserError && error.reason === 'reauthorize')
  ) {
    return { kind: 'auth', message, code: error.marketplaceCode };
  }
  if (error.kind === 'retryable' || error.kind === 'rate_limited' || error.maybeApplied) {
    return { kind: 'retry', message, code: error.marketplaceCode };
  }
  return { kind: 'failed', message, code: error.marketplaceCode };
}

function record(
  w: Writer,
  job: { id: number; attempts: number },
  payload: ShipJobPayload,
  verdict: Verdict,
  outcome: ShipPushOutcome,
): void {
  const now = w.now();
  if (verdict.kind === 'confirmed') {
    setJob(w, job.id, {
      state: 'done',
      last_error: null,
      result: { ok: true, alreadyShipped: verdict.already, requestId: verdict.requestId, at: now },
    });
    settleShipment(w, payload.shipmentId, 'confirmed', null);
    outcome.confirmed++;
    if (verdict.already) outcome.alreadyShipped++;
    return;
  }
  const answer = { ok: false, code: verdict.code, message: verdict.message, at: now };
  if (verdict.kind === 'auth') {
    setJob(w, job.id, { state: 'pending', last_error: verdict.message, result: answer });
    settleShipment(w, payload.shipmentId, 'pending', verdict.message);
    outcome.authFailed = verdict.message;
    outcome.retryLater++;
    return;
  }
  if (verdict.kind === 'retry' && job.attempts < SHIP_MAX_ATTEMPTS) {
    const wait = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (job.attempts - 1));
    setJob(w, job.id, {
      state: 'pending',
      last_error: verdict.message,
      result: answer,
      not_before: new Date(Date.parse(now) + wait).toISOString(),
    });
    settleShipment(w, payload.shipmentId, 'pending', verdict.message);
    outcome.retryLater++;
    return;
  }
  setJob(w, job.id, { state: 'failed', last_error: verdict.message, result: answer });
  settleShipment(w, payload.shipmentId, 'failed', verdict.message);
  outcome.failed.push({
    shipmentId: payload.shipmentId,
    orderId: payload.orderId,
    remoteOrderId: payload.remoteOrderId,
    message: verdict.message,
  });
}

/**
 * Sends the account's due shipment confirmations until none is due, the signal aborts, or the
 * marketplace refuses the account's authorisation. Never throws for a marketplace's answer.
 */
export async function pushShipments(options: ShipPushOptions): Promise<ShipPushOutcome> {
  const { store, accountId, connector, signal } = options;
  const outcome: ShipPushOutcome = {
    sent: 0,
    confirmed: 0,
    alreadyShipped: 0,
    failed: [],
    retryLater: 0,
    authFailed: null,
  };
  // Each job is tried once per call: a job put back for a retry waits for a later call.
  const tried = new Set<number>();
  let done = 0;
  while (!signal?.aborted && outcome.authFailed === null) {
    const job = store.read((r) => nextDue(r, accountId, tried));
    if (!job) break;
    tried.add(job.id);
    const payload = store.write((w) => claim(w, job, accountId));
    if (payload === 'taken' || payload === null) continue;
    const claimed = { id: job.id, attempts: job.attempts + 1 };
    let verdict: Verdict;
    if (!connector.capabilities.shipments.confirm) {
      verdict = {
        kind: 'failed',
        message: `${connector.marketplace} cannot confirm shipments through its API: mark the order shipped in its seller centre`,
        code: 'unsupported',
      };
    } else {
      outcome.sent++;
      try {
        const result = await connector.confirmShipment({
          remoteOrderId: payload.remoteOrderId,
          trackingNumber: payload.trackingNumber,
          carrier: payload.carrier,
          packageId: null,
        });
        verdict = { kind: 'confirmed', requestId: result.requestId, already: false };
      } catch (error) {
        if (signal?.aborted) {
          // Cut off mid-call: whether it landed is unknown. The job stays in flight and the
          // marketplace's "already shipped" settles it when it is sent again later.
          log.info('shipment confirmation cut off by cancel', { jobId: job.id });
          break;
        }
        verdict = verdictOf(error);
      }
    }
    store.write((w) => record(w, claimed, payload, verdict, outcome));
    done++;
    options.onProgress?.({ done, remaining: store.read((r) => countDue(r, accountId)) });
  }
  if (outcome.failed.length > 0 || outcome.authFailed) {
    log.warn('some shipment confirmations were refused', {
      accountId,
      failed: outcome.failed.length,
      authFailed: outcome.authFailed !== null,
    });
  }
  return outcome;
}
