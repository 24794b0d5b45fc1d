/**
 * Runs the numbered migrations (migrations/index.ts) on a better-sqlite3 connection. Each
 * migration runs in its own IMMEDIATE transaction together with its schema_migrations row, so a
 * failing migration leaves the database exactly at the previous version. `user_version` mirrors
 * the latest version so that tools can read it without a query.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { SchemaTooNewError, StoreError } from './errors.js';
import {
  LATEST_SCHEMA_VERSION,
  migrations,
  type Migration,
  type MigrationExecutor,
} from './migrations/index.js';

const HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version     INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  applied_at  TEXT NOT NULL
) STRICT`;

function executorFor(database: BetterSqlite3.Database): MigrationExecutor {
  return {
    exec: (sql) => void database.exec(sql),
    run: (sql, ...parameters) => database.prepare(sql).run(...parameters).changes,
    all: <Row>(sql: string, ...parameters: unknown[]) =>
      database.prepare(sql).all(...parameters) as Row[],
  };
}

/** The highest applied migration, or 0 for an empty database. */
export function readSchemaVersion(database: BetterSqlite3.Database): number {
  const table = database
    .prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`)
    .get();
  if (!table) return 0;
  const row = database.prepare('SELECT max(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

export interface MigrateOptions {
  /** Stop at this version (tests migrate to N-1, insert, then to N). Defaults to the latest. */
  target?: number;
  /** Named in errors; defaults to the connection's file name. */
  path?: string;
  now?: () => Date;
  list?: readonly Migration[];
}

/** Brings the database up to `target`; returns the version it is at afterwards. */
export function migrate(database: BetterSqlite3.Database, options: MigrateOptions = {}): number {
  const list = options.list ?? migrations;
  const latest = options.list ? list.length : LATEST_SCHEMA_VERSION;
  const target = options.target ?? latest;
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new StoreError(
        `Migration list is out of order: position ${index + 1} holds version ${migration.version}`,
      );
    }
  });
  if (!Number.isInteger(target) || target < 0 || target > latest) {
    throw new StoreError(`Cannot migrate to version ${target}: known versions are 0..${latest}`);
  }
  const current = readSchemaVersion(database);
  if (current > latest) throw new SchemaTooNewError(options.path ?? database.name, current, latest);
  if (current > target) {
    throw new StoreError(
      `The database is at version ${current}; migrations only go forward (asked for ${target})`,
    );
  }

  const executor = executorFor(database);
  const now = options.now ?? (() => new Date());
  for (const migration of list.slice(current, target)) {
    database.exec('BEGIN IMMEDIATE');
    try {
      database.exec(HISTORY_TABLE);
      migration.up(executor);
      database
        .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(migration.version, migration.name, now().toISOString());
      database.pragma(`user_version = ${migration.version}`);
      database.exec('COMMIT');
    } catch (error) {
      if (database.inTransaction) database.exec('ROLLBACK');
      throw new StoreError(
        `Migration ${migration.version} (${migration.name}) failed and was rolled back: ${
          error instanceof Error ? error.message : String(error)
        }`,
        { cause: error },
      );
    }
  }
  return readSchemaVersion(database);
}
