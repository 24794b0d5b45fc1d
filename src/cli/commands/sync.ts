/**
 * `silkroute sync`: one sync run, now, for cron jobs, systemd timers and scripts. Opens the engine
 * on the data folder, waits for it to be ready, runs the sync (trigger 'cli'), prints a summary per
 * account and what needs attention (or, with --json, the outcome as one JSON document), and exits
 * with a code a scheduler can act on. SIGINT/SIGTERM abort the run (pages under way finish, nothing
 * further starts) and the command exits 130 once the engine has closed.
 */
import type { AccountSummary, SyncRunReport } from '../../shared/api/index.js';
import type { AccountId } from '../../shared/ids.js';
import type { Engine, EngineOptions } from '../../engine/service/engine-types.js';
import type { SyncOutcome, SyncRunner, SyncStep } from '../../engine/sync/types.js';
import type { CliIo } from '../io.js';

/**
 * Exit codes. When several apply, the first in EXIT_PRECEDENCE wins: a stop request beats
 * everything, "busy" means nothing ran, and a lapsed authorisation is named before the failure it
 * usually causes, because it tells the seller exactly what to do.
 */
export const SYNC_EXIT = {
  succeeded: 0,
  failed: 1,
  usage: 2,
  partial: 3,
  busy: 4,
  attention: 5,
  reauthorize: 6,
  cancelled: 130,
} as const;
export type SyncExitReason = keyof typeof SYNC_EXIT;

export const EXIT_PRECEDENCE: readonly SyncExitReason[] = [
  'cancelled',
  'busy',
  'reauthorize',
  'failed',
  'partial',
  'attention',
  'succeeded',
];

/** What the command needs of the engine: LocalEngine with its `sync`. */
export interface SyncEngine extends SyncRunner {
  /** Settles once the engine has restarted what it runs (sandbox shops). */
  readonly ready: Promise<void>;
  handle: Engine['handle'];
  shutdown(): Promise<void>;
}

export interface SyncCommand {
  dataDir: string;
  /** Empty: every account. */
  accountIds: readonly AccountId[];
  /** Empty: every step. */
  steps: readonly SyncStep[];
  json: boolean;
  /** Resolves with the signal's name when the run should stop. */
  stopSignal: Promise<string>;
  openEngine: (options: EngineOptions) => SyncEngine | Promise<SyncEngine>;
}

/** The exit reason for an outcome; `reauthorize` when an account in the run's scope has lapsed. */
export function syncExitReason(outcome: SyncOutcome, reauthorize: boolean): SyncExitReason {
  const applies = (reason: SyncExitReason): boolean => {
    switch (reason) {
      case 'reauthorize':
        return reauthorize && outcome.state !== 'busy';
      case 'usage':
        return false;
      default:
        return outcome.state === reason;
    }
  };
  return EXIT_PRECEDENCE.find(applies) ?? 'failed';
}

async function listAccounts(engine: SyncEngine): Promise<AccountSummary[]> {
  const result = await engine.handle({ type: 'call', id: 0, method: 'accounts.list', input: {} });
  if (!result.ok) throw new Error(`Could not read the accounts: ${result.error.message}`);
  return result.value as AccountSummary[];
}

function accountName(account: AccountSummary | undefined, id: AccountId | undefined): string {
  if (!account) return id === undefined ? 'all accounts' : `account #${id}`;
  return `${account.displayName} (${account.marketplace} ${account.site}, #${account.id})`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

function accountLine(
  line: SyncRunReport['accounts'][number],
  account: AccountSummary | undefined,
): string {
  const parts = [
    `${plural(line.ordersPulled, 'order')} and ${plural(line.listingsPulled, 'listing')} pulled`,
    `${plural(line.editsPushed, 'edit')} pushed`,
  ];
  if (line.stockPushed) parts.push(`${plural(line.stockPushed, 'stock update')} pushed`);
  if (line.rejected) parts.push(`${plural(line.rejected, 'push', 'pushes')} rejected`);
  if (line.conflicts) parts.push(plural(line.conflicts, 'conflict'));
  parts.push(plural(line.errors.length, 'error'));
  return `  ${accountName(account, line.accountId)}: ${parts.join(', ')}`;
}

const HEADLINES: Record<SyncOutcome['state'], string> = {
  succeeded: 'Sync succeeded',
  attention: 'Sync completed; some things need you',
  partial: 'Sync partly failed',
  failed: 'Sync failed',
  cancelled: 'Sync cancelled',
  busy: 'Sync not started',
};

/** The human summary of an outcome, one string per line. */
export function formatOutcome(
  outcome: SyncOutcome,
  accounts: readonly AccountSummary[],
  lapsed: readonly AccountSummary[] = [],
): string[] {
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const lines: string[] = [];
  const run = outcome.runId === null ? '' : ` (run #${outcome.runId})`;
  if (outcome.state === 'busy') {
    const held = outcome.heldBy
      ? ` (${outcome.heldBy.holder}, until ${outcome.heldBy.expiresAt})`
      : '';
    lines.push(`${HEADLINES.busy}: another sync is under way${held}. Nothing was done.`);
    return lines;
  }
  lines.push(`${HEADLINES[outcome.state]}${run}.`);
  const report = outcome.report;
  if (report) {
    if (report.accounts.length === 0) lines.push('  No accounts were synced.');
    for (const line of report.accounts) {
      lines.push(accountLine(line, byId.get(line.accountId)));
      for (const error of line.errors) lines.push(`    error: ${error}`);
    }
    const danger = report.oversellDanger?.length ?? 0;
    if (report.needsAttention.length > 0 || danger > 0) {
      lines.push(`Needs attention (${report.needsAttention.length + (danger > 0 ? 1 : 0)}):`);
      for (const item of report.needsAttention) {
        const where =
          item.accountId === undefined
            ? ''
            : ` ${accountName(byId.get(item.accountId), item.accountId)}:`;
        lines.push(`  - [${item.kind}]${where} ${item.message}`);
      }
      if (danger > 0) {
        lines.push(
          `  - [oversell] ${plural(danger, 'channel shows', 'channels show')} more stock than may be sold`,
        );
      }
    }
  }
  if (lapsed.length > 0) {
    lines.push(
      `Re-authorise ${lapsed.map((account) => accountName(account, account.id)).join(', ')} in Silkroute (Accounts) before the next sync.`,
    );
  }
  return lines;
}

/** Resolves when `signal` aborts (never otherwise). */
function whenAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

const NOT_STARTED: SyncOutcome = { state: 'cancelled', runId: null, report: null };

export async function runSync(command: SyncCommand, io: CliIo): Promise<number> {
  const controller = new AbortController();
  void command.stopSignal.then((signal) => controller.abort(new Error(`Stopped on ${signal}`)));

  const engine = await command.openEngine({ dataDir: command.dataDir });
  try {
    await Promise.race([engine.ready, whenAborted(controller.signal)]);
    let outcome = NOT_STARTED;
    let accounts: AccountSummary[] = [];
    if (!controller.signal.aborted) {
      accounts = await listAccounts(engine);
      const unknown = command.accountIds.filter((id) => !accounts.some((a) => a.id === id));
      if (unknown.length > 0) {
        const known = accounts.map((account) => account.id).join(', ') || 'none';
        io.err(
          `silkroute sync: no account ${unknown.map((id) => `#${id}`).join(', ')} in ${command.dataDir} (accounts: ${known})`,
        );
        io.err(`Run 'silkroute sync --help' for usage.`);
        return SYNC_EXIT.usage;
      }
      outcome = await engine.sync({
        trigger: 'cli',
        signal: controller.signal,
        ...(command.accountIds.length > 0 ? { accountIds: command.accountIds } : {}),
        ...(command.steps.length > 0 ? { steps: command.steps } : {}),
      });
    }

    // The run refreshes each account's authorisation; read it afterwards.
    let lapsed: AccountSummary[] = [];
    if (outcome !== NOT_STARTED && outcome.state !== 'busy') {
      const inScope = (id: AccountId) =>
        command.accountIds.length === 0 || command.accountIds.includes(id);
      accounts = await listAccounts(engine);
      lapsed = accounts.filter(
        (account) => inScope(account.id) && account.authState === 'reauthorize',
      );
    }

    if (command.json) io.out(JSON.stringify(outcome));
    else for (const line of formatOutcome(outcome, accounts, lapsed)) io.out(line);
    // A stop request cancels, whatever the run managed to report before it saw the request.
    const reason = controller.signal.aborted
      ? 'cancelled'
      : syncExitReason(outcome, lapsed.length > 0);
    return SYNC_EXIT[reason];
  } finally {
    await engine.shutdown();
  }
}
