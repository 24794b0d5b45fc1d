/**
 * The store: one better-sqlite3 connection, migrated at open, with reads and writes that differ in
 * type (STYLE.md §6). A `Reader` can only run statements SQLite reports as read-only; a `Writer`
 * exists only inside `store.write(fn)`, which is one IMMEDIATE transaction — the one writer path.
 * If `fn` throws, everything it wrote is rolled back. Sessions die with their transaction, so a
 * Writer kept past its callback cannot write outside a transaction.
 *
 * Everything is synchronous on purpose: better-sqlite3 is, and the engine runs in its own process.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Sqlite from 'better-sqlite3';
import { isCompiledQuery, type Compilable, type CompiledQuery } from 'kysely';
import { createLogger } from '../../shared/log.js';
import type { StatementDef } from './compiler.js';
import {
  SchemaTooNewError,
  StoreError,
  UnexpectedRowCount,
  translateSqliteError,
} from './errors.js';
import { resumeBatchRows } from './deferred-rows.js';
import { migrate, readSchemaVersion } from './migrate.js';
import { LATEST_SCHEMA_VERSION } from './migrations/index.js';

declare const readerBrand: unique symbol;
declare const writerBrand: unique symbol;

type Query<Row> = Compilable<Row> | CompiledQuery<Row>;

export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

/** Read access. Writers are Readers too, so a query function taking a Reader runs in either. */
export interface Reader {
  readonly [readerBrand]: true;
  /** The transaction's clock reading, ISO-8601 UTC; constant within one transaction. */
  now(): string;
  all<Row>(query: Query<Row>): Row[];
  first<Row>(query: Query<Row>): Row | undefined;
  rows<Args, Row>(statement: StatementDef<Args, Row>, args: Args): Row[];
  row<Args, Row>(statement: StatementDef<Args, Row>, args: Args): Row | undefined;
}

/** Write access: only handed out inside `store.write`. */
export interface Writer extends Reader {
  readonly [writerBrand]: true;
  run(query: Query<unknown>): RunResult;
  exec<Args>(statement: StatementDef<Args, unknown>, args: Args): RunResult;
  /** Throws UnexpectedRowCount unless exactly one row changed; `what` names the row in the error. */
  expectOne(result: RunResult, what: string): void;
}

export interface Store {
  /** Absolute path of the database file (or ':memory:'). */
  readonly path: string;
  readonly schemaVersion: number;
  /** Runs `fn` in a read transaction: every query in it sees the same snapshot. */
  read<T>(fn: (reader: Reader) => T): T;
  /** Runs `fn` in one write transaction; a throw rolls back everything `fn` wrote. */
  write<T>(fn: (writer: Writer) => T): T;
  /**
   * Finishes an earlier write in steps, each its own transaction, between other work: the steps
   * run on the event loop's idle turns, and every one left runs before any other write starts,
   * so no write ever sees the earlier one half done (deferred-rows.ts). `startAfterMs` leaves the
   * first turns to the answers the caller's user is about to ask for.
   */
  defer(write: DeferredWrite, startAfterMs?: number): void;
  /** Refreshes the planner's statistics (cheap when nothing changed much); run after bulk loads. */
  optimize(): void;
  close(): void;
  /**
   * The underlying connection, for tests, benchmarks and tooling only. Application code writes
   * through `write` so that every change is one transaction.
   */
  readonly raw: Sqlite.Database;
}

/** Work `store.defer` runs in steps. */
export interface DeferredWrite {
  /** Names the work in the log when a step fails. */
  readonly name: string;
  /** One step in its own transaction; true when the work is finished. */
  step(writer: Writer): boolean;
  /** Called once after the last step. */
  done?: (() => void) | undefined;
}

export interface OpenStoreOptions {
  /** The clock behind `now()`; tests fix it. */
  now?: () => Date;
  /** Run pending migrations at open (default true). Tests that migrate step by step pass false. */
  migrate?: boolean;
}

export const STORE_FILE_NAME = 'silkroute.db';
const AD_HOC_CACHE_LIMIT = 300;
/** The schema version that brought change_batches.rows_due (migration 0010). */
const DEFERRED_ROWS_SCHEMA = 10;
const log = createLogger('store');

class Session {
  private open = true;
  private clock: string | undefined;

  constructor(
    private readonly connection: Connection,
    readonly writable: boolean,
  ) {}

  end(): void {
    this.open = false;
  }

  now(): string {
    this.clock ??= this.connection.clock().toISOString();
    return this.clock;
  }

  private statement(sql: string, def?: object): Sqlite.Statement {
    if (!this.open)
      throw new StoreError('This Reader/Writer belongs to a transaction that has ended');
    const statement = this.connection.prepare(sql, def);
    if (!this.writable && !statement.readonly) {
      throw new StoreError('A Reader cannot run a statement that writes; use store.write');
    }
    return statement;
  }

  private compiled<Row>(query: Query<Row>): CompiledQuery<Row> {
    return isCompiledQuery(query) ? query : query.compile();
  }

  all<Row>(query: Query<Row>): Row[] {
    const compiled = this.compiled(query);
    return this.statement(compiled.sql).all(...compiled.parameters) as Row[];
  }

  first<Row>(query: Query<Row>): Row | undefined {
    const compiled = this.compiled(query);
    return this.statement(compiled.sql).get(...compiled.parameters) as Row | undefined;
  }

  rows<Args, Row>(def: StatementDef<Args, Row>, args: Args): Row[] {
    return this.statement(def.sql, def).all(...def.bind(args)) as Row[];
  }

  row<Args, Row>(def: StatementDef<Args, Row>, args: Args): Row | undefined {
    return this.statement(def.sql, def).get(...def.bind(args)) as Row | undefined;
  }

  run(query: Query<unknown>): RunResult {
    const compiled = this.compiled(query);
    return toRunResult(this.statement(compiled.sql).run(...compiled.parameters));
  }

  exec<Args>(def: StatementDef<Args, unknown>, args: Args): RunResult {
    return toRunResult(this.statement(def.sql, def).run(...def.bind(args)));
  }

  expectOne(result: RunResult, what: string): void {
    if (result.changes !== 1) {
      throw new UnexpectedRowCount(
        `Expected to change exactly one row (${what}) but changed ${result.changes}`,
      );
    }
  }
}

function toRunResult(result: Sqlite.RunResult): RunResult {
  return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
}

function isPromiseLike(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

class Connection implements Store {
  readonly schemaVersion: number;
  private readonly byDef = new WeakMap<object, Sqlite.Statement>();
  private readonly bySql = new Map<string, Sqlite.Statement>();
  private writer: Session | undefined;
  private savepoints = 0;
  private readonly deferred: DeferredWrite[] = [];
  private deferredScheduled = false;

  constructor(
    readonly path: string,
    readonly raw: Sqlite.Database,
    readonly clock: () => Date,
    runMigrations: boolean,
  ) {
    raw.pragma('busy_timeout = 5000');
    // Checked before anything that writes to the file (journal_mode does), so a newer file stays as it was.
    const found = readSchemaVersion(raw);
    if (found > LATEST_SCHEMA_VERSION)
      throw new SchemaTooNewError(path, found, LATEST_SCHEMA_VERSION);
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('temp_store = MEMORY');
    raw.pragma('cache_size = -32000');
    this.schemaVersion = runMigrations ? migrate(raw, { path, now: clock }) : found;
    if (runMigrations) raw.pragma('optimize = 0x10002');
  }

  prepare(sql: string, def?: object): Sqlite.Statement {
    if (def) {
      let statement = this.byDef.get(def);
      if (!statement) {
        statement = this.raw.prepare(sql);
        this.byDef.set(def, statement);
      }
      return statement;
    }
    let statement = this.bySql.get(sql);
    if (!statement) {
      statement = this.raw.prepare(sql);
      // Ad-hoc queries vary with their filters; forget the oldest rather than grow without bound.
      if (this.bySql.size >= AD_HOC_CACHE_LIMIT) this.bySql.delete(this.bySql.keys().next().value!);
      this.bySql.set(sql, statement);
    }
    return statement;
  }

  read<T>(fn: (reader: Reader) => T): T {
    const session = new Session(this, false);
    const own = !this.raw.inTransaction;
    if (own) this.raw.exec('BEGIN DEFERRED');
    try {
      const result = fn(session as unknown as Reader);
      if (isPromiseLike(result)) throw new StoreError('store.read callbacks must be synchronous');
      return result;
    } catch (error) {
      throw translateSqliteError(error);
    } finally {
      session.end();
      if (own && this.raw.inTransaction) this.raw.exec('COMMIT');
    }
  }

  write<T>(fn: (writer: Writer) => T): T {
    if (this.writer) return this.nestedWrite(fn, this.writer);
    if (this.raw.inTransaction) throw new StoreError('store.write cannot start inside store.read');
    while (this.deferred.length > 0) this.deferredStep();
    return this.transaction(fn);
  }

  defer(write: DeferredWrite, startAfterMs = 0): void {
    this.deferred.push(write);
    if (startAfterMs <= 0) this.scheduleDeferred();
    // Unreferenced: a process ending before then leaves the work to the next open.
    else setTimeout(() => this.scheduleDeferred(), startAfterMs).unref();
  }

  private scheduleDeferred(): void {
    if (this.deferredScheduled) return;
    this.deferredScheduled = true;
    setImmediate(() => {
      this.deferredScheduled = false;
      if (!this.raw.open || this.deferred.length === 0) return;
      // Only a transaction begun on the raw connection (tools, tests) can be open between turns:
      // the step waits for the next turn rather than nest in it.
      if (!this.raw.inTransaction) this.deferredStep();
      if (this.deferred.length > 0) this.scheduleDeferred();
    });
  }

  /** Runs the oldest deferred write's next step; a step that fails drops that write, logged. */
  private deferredStep(): void {
    const write = this.deferred[0]!;
    let finished: boolean;
    try {
      finished = this.transaction((writer) => write.step(writer));
    } catch (error) {
      this.deferred.shift();
      log.error('a deferred write failed; it is finished at the next open', {
        write: write.name,
        error,
      });
      return;
    }
    if (!finished) return;
    this.deferred.shift();
    write.done?.();
  }

  private transaction<T>(fn: (writer: Writer) => T): T {
    const session = new Session(this, true);
    this.writer = session;
    this.raw.exec('BEGIN IMMEDIATE');
    try {
      const result = fn(session as unknown as Writer);
      if (isPromiseLike(result)) throw new StoreError('store.write callbacks must be synchronous');
      this.raw.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
      throw translateSqliteError(error);
    } finally {
      session.end();
      this.writer = undefined;
    }
  }

  /** A write inside a write is a savepoint: its failure undoes only its own changes. */
  private nestedWrite<T>(fn: (writer: Writer) => T, session: Session): T {
    const name = `nested_${++this.savepoints}`;
    this.raw.exec(`SAVEPOINT ${name}`);
    try {
      const result = fn(session as unknown as Writer);
      if (isPromiseLike(result)) throw new StoreError('store.write callbacks must be synchronous');
      this.raw.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.raw.exec(`ROLLBACK TO ${name}`);
      this.raw.exec(`RELEASE ${name}`);
      throw translateSqliteError(error);
    } finally {
      this.savepoints--;
    }
  }

  optimize(): void {
    this.raw.pragma('optimize');
  }

  close(): void {
    if (!this.raw.open) return;
    try {
      while (this.deferred.length > 0) this.deferredStep();
      this.raw.pragma('optimize');
    } finally {
      this.raw.close();
    }
  }
}

/**
 * Opens (creating folder and file when missing) and migrates the store at `path`. Refuses, with
 * SchemaTooNewError and without touching the file, a database written by a newer Silkroute.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const memory = path === ':memory:';
  const absolute = memory ? path : resolve(path);
  if (!memory) mkdirSync(dirname(absolute), { recursive: true });
  const raw = new Sqlite(absolute);
  try {
    const store = new Connection(
      absolute,
      raw,
      options.now ?? (() => new Date()),
      options.migrate ?? true,
    );
    if (store.schemaVersion >= DEFERRED_ROWS_SCHEMA) resumeBatchRows(store);
    return store;
  } catch (error) {
    raw.close();
    throw error;
  }
}
