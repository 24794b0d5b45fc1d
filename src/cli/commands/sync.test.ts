import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSummary, ResultFrame, SyncRunReport } from '../../shared/api/index.js';
import type { AccountId, SyncRunId } from '../../shared/ids.js';
import { openEngine, openStore, storePath } from '../../engine/service/engine.js';
import { upsertAccount } from '../../engine/store/ingest-accounts.js';
import { accountInput, temporaryDir } from '../../engine/store/test-fixtures.js';
import { acquireLease, holdLease, newHolderId } from '../../engine/sync/lease.js';
import { finishRun, startRun } from '../../engine/sync/runs.js';
import type { SyncOutcome, SyncRequest } from '../../engine/sync/types.js';
import { parseCommandLine, usage, UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { run } from '../run.js';
import {
  formatOutcome,
  runSync,
  SYNC_EXIT,
  syncExitReason,
  type SyncCommand,
  type SyncEngine,
} from './sync.js';

const accountId = (id: number) => id as AccountId;

function summary(overrides: Partial<AccountSummary> = {}): AccountSummary {
  return {
    id: accountId(1),
    marketplace: 'shopee',
    site: 'MY',
    shopId: '1001',
    displayName: 'Acme MY',
    authState: 'connected',
    reauthorizeBy: null,
    sandbox: false,
    listingCount: 0,
    orderCount: 0,
    lastSyncAt: null,
    ...overrides,
  };
}

function report(overrides: Partial<SyncRunReport> = {}): SyncRunReport {
  return {
    accounts: [
      {
        accountId: accountId(1),
        ordersPulled: 12,
        listingsPulled: 1,
        editsPushed: 3,
        errors: [],
      },
    ],
    needsAttention: [],
    ...overrides,
  };
}

function outcome(state: SyncOutcome['state'], extra: Partial<SyncOutcome> = {}): SyncOutcome {
  return { state, runId: 7 as SyncRunId, report: report(), ...extra };
}

class CapturedIo implements CliIo {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  out = (line: string) => void this.stdout.push(line);
  err = (line: string) => void this.stderr.push(line);
}

/** An engine whose accounts and sync answer as the test says. */
class FakeEngine implements SyncEngine {
  readonly requests: SyncRequest[] = [];
  shutdowns = 0;
  ready: Promise<void> = Promise.resolve();

  constructor(
    public accounts: AccountSummary[],
    private readonly answer: (request: SyncRequest, engine: FakeEngine) => Promise<SyncOutcome>,
  ) {}

  sync(request: SyncRequest): Promise<SyncOutcome> {
    this.requests.push(request);
    return this.answer(request, this);
  }

  handle(): Promise<ResultFrame> {
    return Promise.resolve({ type: 'result', id: 0, ok: true, value: this.accounts });
  }

  shutdown(): Promise<void> {
    this.shutdowns++;
    return Promise.resolve();
  }
}

function command(engine: SyncEngine, overrides: Partial<SyncCommand> = {}): SyncCommand {
  return {
    dataDir: '/data',
    accountIds: [],
    steps: [],
    json: false,
    stopSignal: new Promise(() => {}),
    openEngine: () => engine,
    ...overrides,
  };
}

describe('parsing `silkroute sync`', () => {
  it('reads repeated accounts (each once), the chosen steps and --json', () => {
    expect(
      parseCommandLine([
        '--data-dir',
        '/d',
        'sync',
        '--account',
        '2',
        '--account=1',
        '--account',
        '2',
        '--push',
        '--orders',
        '--json',
      ]),
    ).toEqual({
      kind: 'sync',
      dataDir: '/d',
      accountIds: [2, 1],
      steps: ['orders', 'push'],
      json: true,
    });
    expect(parseCommandLine(['sync'])).toEqual({
      kind: 'sync',
      dataDir: undefined,
      accountIds: [],
      steps: [],
      json: false,
    });
  });

  it('refuses an account that is not a whole number above 0, and unknown options', () => {
    for (const bad of ['0', 'shop', '-3', '1.5']) {
      expect(() => parseCommandLine(['sync', `--account=${bad}`])).toThrow(
        `--account must be an account id (a whole number above 0), not '${bad}'`,
      );
    }
    expect(() => parseCommandLine(['sync', '--orders=yes'])).toThrow(UsageError);
    expect(() => parseCommandLine(['sync', '--all'])).toThrow(UsageError);
  });

  it('documents every exit code in its usage text', () => {
    const text = usage('sync');
    for (const code of Object.values(SYNC_EXIT))
      expect(text).toMatch(new RegExp(`^  ${code} `, 'm'));
    expect(usage()).toMatch(/^ {2}sync /m);
  });
});

describe('syncExitReason', () => {
  it('maps each outcome state to its code', () => {
    expect(syncExitReason(outcome('succeeded'), false)).toBe('succeeded');
    expect(syncExitReason(outcome('attention'), false)).toBe('attention');
    expect(syncExitReason(outcome('partial'), false)).toBe('partial');
    expect(syncExitReason(outcome('failed'), false)).toBe('failed');
    expect(syncExitReason(outcome('busy'), false)).toBe('busy');
    expect(syncExitReason(outcome('cancelled'), false)).toBe('cancelled');
  });

  it('puts a lapsed authorisation before failures, and after busy and cancelled', () => {
    for (const state of ['succeeded', 'attention', 'partial', 'failed'] as const)
      expect(syncExitReason(outcome(state), true)).toBe('reauthorize');
    expect(syncExitReason(outcome('busy'), true)).toBe('busy');
    expect(syncExitReason(outcome('cancelled'), true)).toBe('cancelled');
  });
});

describe('formatOutcome', () => {
  it('names each account with its counts and errors, then what needs attention', () => {
    const lines = formatOutcome(
      outcome('partial', {
        report: report({
          accounts: [
            {
              accountId: accountId(1),
              ordersPulled: 1,
              listingsPulled: 2,
              editsPushed: 0,
              errors: ['orders: the shop did not answer'],
              stockPushed: 4,
            },
          ],
          needsAttention: [
            { kind: 'conflict', message: 'Title changed on both sides', accountId: accountId(1) },
          ],
        }),
      }),
      [summary()],
    );
    expect(lines).toEqual([
      'Sync partly failed (run #7).',
      '  Acme MY (shopee MY, #1): 1 order and 2 listings pulled, 0 edits pushed, 4 stock updates pushed, 1 error',
      '    error: orders: the shop did not answer',
      'Needs attention (1):',
      '  - [conflict] Acme MY (shopee MY, #1): Title changed on both sides',
    ]);
  });
});

describe('runSync', () => {
  it('runs one sync with trigger cli, prints the summary and exits 0', async () => {
    const engine = new FakeEngine([summary()], () => Promise.resolve(outcome('succeeded')));
    const io = new CapturedIo();
    expect(await runSync(command(engine), io)).toBe(0);
    expect(engine.requests).toHaveLength(1);
    expect(engine.requests[0]).toMatchObject({ trigger: 'cli' });
    expect(engine.requests[0]).not.toHaveProperty('accountIds');
    expect(engine.requests[0]).not.toHaveProperty('steps');
    expect(io.stdout[0]).toBe('Sync succeeded (run #7).');
    expect(io.stdout[1]).toContain('Acme MY (shopee MY, #1): 12 orders and 1 listing pulled');
    expect(engine.shutdowns).toBe(1);
  });

  it('passes the chosen accounts and steps on', async () => {
    const engine = new FakeEngine([summary(), summary({ id: accountId(2) })], () =>
      Promise.resolve(outcome('succeeded')),
    );
    await runSync(
      command(engine, { accountIds: [accountId(2)], steps: ['listings'] }),
      new CapturedIo(),
    );
    expect(engine.requests[0]).toMatchObject({ accountIds: [2], steps: ['listings'] });
  });

  it('prints the outcome as one JSON document with --json', async () => {
    const result = outcome('attention', {
      report: report({ needsAttention: [{ kind: 'drift', message: 'Price changed on Shopee' }] }),
    });
    const engine = new FakeEngine([summary()], () => Promise.resolve(result));
    const io = new CapturedIo();
    expect(await runSync(command(engine, { json: true }), io)).toBe(5);
    expect(io.stdout).toHaveLength(1);
    expect(JSON.parse(io.stdout[0] ?? '')).toEqual(result);
  });

  it('exits 4 and says who holds the lease when another run is under way', async () => {
    const busy: SyncOutcome = {
      state: 'busy',
      runId: null,
      report: null,
      heldBy: { holder: 'app:4711:ab12cd34', expiresAt: '2026-03-10T07:32:00.000Z' },
    };
    const engine = new FakeEngine([summary()], () => Promise.resolve(busy));
    const io = new CapturedIo();
    expect(await runSync(command(engine), io)).toBe(4);
    expect(io.stdout).toEqual([
      'Sync not started: another sync is under way (app:4711:ab12cd34, until 2026-03-10T07:32:00.000Z). Nothing was done.',
    ]);
  });

  it('exits 6 naming the account whose authorisation lapsed during the run', async () => {
    const engine = new FakeEngine(
      [summary(), summary({ id: accountId(2), displayName: 'Acme SG', site: 'SG' })],
      (_request, self) => {
        self.accounts = self.accounts.map((account) =>
          account.id === 2 ? { ...account, authState: 'reauthorize' } : account,
        );
        return Promise.resolve(outcome('partial'));
      },
    );
    const io = new CapturedIo();
    expect(await runSync(command(engine), io)).toBe(6);
    expect(io.stdout.at(-1)).toBe(
      'Re-authorise Acme SG (shopee SG, #2) in Silkroute (Accounts) before the next sync.',
    );
  });

  it('ignores a lapsed account outside the chosen ones', async () => {
    const engine = new FakeEngine(
      [summary(), summary({ id: accountId(2), authState: 'reauthorize' })],
      () => Promise.resolve(outcome('succeeded')),
    );
    expect(await runSync(command(engine, { accountIds: [accountId(1)] }), new CapturedIo())).toBe(
      0,
    );
  });

  it('refuses an unknown account with exit 2 before syncing anything', async () => {
    const engine = new FakeEngine([summary()], () => Promise.resolve(outcome('succeeded')));
    const io = new CapturedIo();
    expect(await runSync(command(engine, { accountIds: [accountId(1), accountId(9)] }), io)).toBe(
      2,
    );
    expect(io.stderr[0]).toBe('silkroute sync: no account #9 in /data (accounts: 1)');
    expect(engine.requests).toHaveLength(0);
    expect(engine.shutdowns).toBe(1);
  });

  it('aborts the run on a stop signal and exits 130 after closing the engine', async () => {
    let stop: (signal: string) => void = () => {};
    const engine = new FakeEngine(
      [summary()],
      (request) =>
        new Promise((resolve) => {
          request.signal?.addEventListener('abort', () =>
            resolve({ state: 'cancelled', runId: 7 as SyncRunId, report: report() }),
          );
          stop('SIGINT');
        }),
    );
    const io = new CapturedIo();
    const code = await runSync(
      command(engine, { stopSignal: new Promise((resolve) => (stop = resolve)) }),
      io,
    );
    expect(code).toBe(130);
    expect(engine.requests[0]?.signal?.aborted).toBe(true);
    expect(io.stdout[0]).toBe('Sync cancelled (run #7).');
    expect(engine.shutdowns).toBe(1);
  });

  it('does not start a run when stopped while the engine gets ready', async () => {
    const engine = new FakeEngine([summary()], () => Promise.resolve(outcome('succeeded')));
    engine.ready = new Promise(() => {});
    const io = new CapturedIo();
    const code = await runSync(
      command(engine, { json: true, stopSignal: Promise.resolve('SIGTERM') }),
      io,
    );
    expect(code).toBe(130);
    expect(engine.requests).toHaveLength(0);
    expect(JSON.parse(io.stdout[0] ?? '')).toEqual({
      state: 'cancelled',
      runId: null,
      report: null,
    });
  });

  it('closes the engine when the run throws', async () => {
    const engine = new FakeEngine([summary()], () => Promise.reject(new Error('disk full')));
    await expect(runSync(command(engine), new CapturedIo())).rejects.toThrow('disk full');
    expect(engine.shutdowns).toBe(1);
  });
});

describe('silkroute sync on a real engine and lease', () => {
  let cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const step of cleanup.reverse()) step();
    cleanup = [];
  });

  /** The engine on a fresh data folder, its sync a stand-in for the lead's morning run. */
  function engineOn(dataDir: string): SyncEngine {
    const engine = openEngine({ dataDir });
    engine.store.write((w) => {
      upsertAccount(w, accountInput({ displayName: 'Acme US' }));
    });
    const sync = (request: SyncRequest): Promise<SyncOutcome> => {
      const held = holdLease(engine.store, {
        holder: newHolderId('cli'),
        ttlMs: 60_000,
        renewEveryMs: 20_000,
      });
      if (!held.ok) {
        return Promise.resolve({
          state: 'busy',
          runId: null,
          report: null,
          heldBy: { holder: held.holder, expiresAt: held.expiresAt },
        });
      }
      try {
        const runId = engine.store.write((w) => startRun(w, request.trigger));
        const runReport = report({ needsAttention: [] });
        engine.store.write((w) => finishRun(w, runId, 'succeeded', runReport));
        return Promise.resolve({ state: 'succeeded', runId, report: runReport });
      } finally {
        held.lease.release();
      }
    };
    return Object.assign(engine, { sync });
  }

  it('syncs when the lease is free, and exits 4 while another process holds it', async () => {
    const { dir, dispose } = temporaryDir();
    cleanup.push(dispose);
    const io = new CapturedIo();
    expect(await runSync(command(engineOn(dir), { dataDir: dir }), io)).toBe(0);
    expect(io.stdout[1]).toMatch(/^ {2}Acme US \(amazon US, #1\): 12 orders/);

    const other = openStore(storePath(dir));
    cleanup.push(() => other.close());
    other.write((w) => acquireLease(w, { holder: 'app:99:feedbeef', ttlMs: 60_000 }));
    const busyIo = new CapturedIo();
    expect(await runSync(command(engineOn(dir), { dataDir: dir, json: true }), busyIo)).toBe(4);
    expect(JSON.parse(busyIo.stdout[0] ?? '')).toMatchObject({
      state: 'busy',
      heldBy: { holder: 'app:99:feedbeef' },
    });
  });
});

describe('silkroute sync through the command line', () => {
  it('prints its usage with --help and exits 2 on a bad account', async () => {
    const io = new CapturedIo();
    expect(await run(['sync', '--help'], { io })).toBe(0);
    expect(io.stdout.join('\n')).toContain('Usage: silkroute sync');
    const bad = new CapturedIo();
    expect(await run(['sync', '--account', 'x'], { io: bad })).toBe(2);
    expect(bad.stderr).toEqual([
      "silkroute sync: --account must be an account id (a whole number above 0), not 'x'",
      "Run 'silkroute sync --help' for usage.",
    ]);
  });
});
