import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, STORE_FILE_NAME } from './connection.js';
import { SchemaTooNewError, StoreError } from './errors.js';
import { migrate, readSchemaVersion } from './migrate.js';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations/index.js';
import { temporaryDir } from './test-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function rawDatabase(): { database: Sqlite.Database; path: string } {
  const { dir, dispose } = temporaryDir();
  const path = join(dir, STORE_FILE_NAME);
  const database = new Sqlite(path);
  database.pragma('foreign_keys = ON');
  cleanups.push(() => {
    if (database.open) database.close();
    dispose();
  });
  return { database, path };
}

const tableNames = (database: Sqlite.Database) =>
  (
    database
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '%fts%' ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((row) => row.name);

describe('migrations', () => {
  it('build the whole schema from an empty file, STRICT everywhere, recorded per version', () => {
    const { database } = rawDatabase();
    expect(readSchemaVersion(database)).toBe(0);
    expect(migrate(database)).toBe(LATEST_SCHEMA_VERSION);
    expect(tableNames(database)).toEqual([
      'accounts',
      'audit_log',
      'change_batches',
      'channel_rules',
      'connector_state',
      'fx_rates',
      'glossary_terms',
      'insights_cost_days',
      'insights_days',
      'insights_dirty',
      'insights_sku_days',
      'insights_sku_totals',
      'insights_state',
      'listing_conflicts',
      'listing_texts',
      'listings',
      'marketplace_stock',
      'order_lines',
      'order_stock_effects',
      'orders',
      'outbox',
      'price_rules',
      'products',
      'schema_migrations',
      'secrets',
      'settings',
      'shipments',
      'sku_prices',
      'stock',
      'sync_cursors',
      'sync_lease',
      'sync_runs',
      'translation_memory',
    ]);
    const loose = database
      .prepare(
        `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND strict = 0
        AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'`,
      )
      .all();
    expect(loose).toEqual([]);
    const history = database
      .prepare('SELECT version, name FROM schema_migrations ORDER BY version')
      .all();
    expect(history).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
    expect(database.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
  });

  it('are idempotent: a second run at the latest version changes nothing', () => {
    const { database } = rawDatabase();
    migrate(database);
    expect(migrate(database)).toBe(LATEST_SCHEMA_VERSION);
    expect(database.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({
      n: LATEST_SCHEMA_VERSION,
    });
  });

  it('0002 back-fills the search index from listings and products that already exist', () => {
    const { database } = rawDatabase();
    expect(migrate(database, { target: 1 })).toBe(1);
    const now = '2024-01-01T00:00:00.000Z';
    database
      .prepare(
        `INSERT INTO accounts (marketplace, site, shop_id, display_name, currency, locale, auth_state, created_at, updated_at)
        VALUES ('shopee', 'SG', 'S1', 'Shop', 'SGD', 'en-SG', 'connected', ?, ?)`,
      )
      .run(now, now);
    const insertListing =
      database.prepare(`INSERT INTO listings (account_id, marketplace, remote_id, sku, title,
        price_minor, currency, quantity, status, locale, keywords, created_at, updated_at)
      VALUES (1, 'shopee', ?, ?, ?, 100, 'SGD', 1, 'active', 'zh-CN', ?, ?, ?)`);
    insertListing.run('9001', 'EAR-1', '新款蓝牙耳机降噪运动款', '["运动"]', now, now);
    insertListing.run('9002', 'MUG-1', 'Café crème mug 🎧', '[]', now, now);
    database
      .prepare(
        `INSERT INTO products (sku, title, source_locale, created_at, updated_at) VALUES ('EAR-1', '蓝牙耳机', 'zh-CN', ?, ?)`,
      )
      .run(now, now);
    expect(() => database.prepare('SELECT 1 FROM listings_fts').get()).toThrow(/no such table/);

    expect(migrate(database)).toBe(LATEST_SCHEMA_VERSION);

    const find = (table: string, match: string) =>
      (
        database
          .prepare(`SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`)
          .all(match) as {
          id: number;
        }[]
      ).map((row) => row.id);
    expect(find('listings_fts', '"蓝牙耳机"')).toEqual([1]);
    expect(find('listings_fts', '"cafe creme"')).toEqual([2]);
    expect(find('listings_fts', 'grams : "耳机\uE000"')).toEqual([1]);
    expect(find('listings_fts', 'grams : "🎧\uE000\uE000"')).toEqual([2]);
    expect(find('listings_fts', '"MUG-1"')).toEqual([2]);
    expect(find('products_fts', '"蓝牙耳"')).toEqual([1]);
  });

  it('0004 keeps every outbox row and its id, and admits the held state', () => {
    const { database } = rawDatabase();
    expect(migrate(database, { target: 3 })).toBe(3);
    const now = '2024-01-01T00:00:00.000Z';
    database
      .prepare(
        `INSERT INTO accounts (marketplace, site, shop_id, display_name, currency, locale, auth_state, created_at, updated_at)
        VALUES ('shopee', 'SG', 'S1', 'Shop', 'SGD', 'en-SG', 'connected', ?, ?)`,
      )
      .run(now, now);
    const insertJob = database.prepare(`INSERT INTO outbox (id, account_id, kind, payload,
      idempotency_key, state, source, created_at, updated_at) VALUES (?, 1, 'listing.price', '{}', ?, ?, ?, ?, ?)`);
    insertJob.run(7, 'k7', 'pending', 'edit', now, now);
    insertJob.run(9, 'k9', 'done', 'stock', now, now);
    expect(() => insertJob.run(10, 'k10', 'held', 'edit', now, now)).toThrow(/CHECK/);

    expect(migrate(database)).toBe(LATEST_SCHEMA_VERSION);

    insertJob.run(10, 'k10', 'held', 'edit', now, now);
    expect(() => insertJob.run(11, 'k11', 'parked', 'edit', now, now)).toThrow(/CHECK/);
    expect(database.prepare('SELECT id, state, source FROM outbox ORDER BY id').all()).toEqual([
      { id: 7, state: 'pending', source: 'edit' },
      { id: 9, state: 'done', source: 'stock' },
      { id: 10, state: 'held', source: 'edit' },
    ]);
    const indexes = database
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'outbox' AND sql IS NOT NULL ORDER BY name`,
      )
      .all();
    expect(indexes.map((row) => (row as { name: string }).name)).toEqual([
      'outbox_batch',
      'outbox_due',
      'outbox_held',
      'outbox_listing',
      'outbox_state',
    ]);
    database.prepare('DELETE FROM accounts').run();
    expect(database.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  });

  it('roll a failing migration back entirely and stay at the previous version', () => {
    const { database } = rawDatabase();
    const failing: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'broken',
      up(executor) {
        executor.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT');
        executor.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    expect(() => migrate(database, { list: [...migrations, failing] })).toThrow(
      new RegExp(
        `Migration ${LATEST_SCHEMA_VERSION + 1} \\(broken\\) failed and was rolled back: no such table: no_such_table`,
      ),
    );
    expect(readSchemaVersion(database)).toBe(LATEST_SCHEMA_VERSION);
    expect(tableNames(database)).not.toContain('half_done');
  });

  it('refuse a list whose versions are out of order', () => {
    const { database } = rawDatabase();
    expect(() => migrate(database, { list: [migrations[1]!, migrations[0]!] })).toThrow(StoreError);
  });

  it('never go backwards', () => {
    const { database } = rawDatabase();
    migrate(database);
    expect(() => migrate(database, { target: 1 })).toThrow(/only go forward/);
  });
});

describe('openStore and newer schemas', () => {
  it('creates the folder and the file, and migrates', () => {
    const { dir, dispose } = temporaryDir();
    cleanups.push(dispose);
    const store = openStore(join(dir, 'nested', 'deeper', STORE_FILE_NAME));
    cleanups.push(() => store.close());
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(store.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.raw.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.raw.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('refuses a database written by a newer Silkroute, naming both versions, and leaves it untouched', () => {
    const { database, path } = rawDatabase();
    migrate(database);
    database
      .prepare(
        `INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01T00:00:00Z')`,
      )
      .run();
    const journal = database.pragma('journal_mode', { simple: true });
    database.close();

    let thrown: unknown;
    try {
      openStore(path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SchemaTooNewError);
    expect((thrown as Error).message).toMatch(
      new RegExp(
        `schema version 99, but this Silkroute understands versions up to ${LATEST_SCHEMA_VERSION}`,
      ),
    );

    const again = new Sqlite(path);
    expect(again.pragma('journal_mode', { simple: true })).toBe(journal);
    expect(readSchemaVersion(again)).toBe(99);
    again.close();
  });
});
