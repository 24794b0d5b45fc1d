/**
 * The store's floor for a bulk price change: the rows applyListingEdit writes for N listings
 * (the listing row, one audit row, the cancel of older jobs of the group, one outbox job), as
 * bare prepared statements in one transaction, rolled back. It says how much of the bulk figure
 * is SQLite itself — mostly the listing row's covering indexes, each of which holds the price,
 * the sync state or the update time.
 */
import Sqlite from 'better-sqlite3';

export function storeFloor(path: string, count: number): { totalMs: number; note: string } {
  const database = new Sqlite(path);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('cache_size = -32000');
    const ids = (
      database.prepare('SELECT id FROM listings ORDER BY id LIMIT ?').all(count) as { id: number }[]
    ).map((row) => row.id);
    const read = database.prepare(
      'SELECT id, price_minor, currency, local_version, account_id, remote_id, remote_variant_id FROM listings WHERE id = ?',
    );
    const update = database.prepare(
      `UPDATE listings SET price_minor = ?, local_version = local_version + 1, dirty = 1,
         sync_state = 'pending', updated_at = ? WHERE id = ?`,
    );
    const audit = database.prepare(
      `INSERT INTO audit_log (batch_id, entity, entity_id, field, "before", "after", at)
       VALUES (?, 'listing', ?, 'priceMinor', ?, ?, ?)`,
    );
    const cancel = database.prepare(
      `UPDATE outbox SET state = 'cancelled' WHERE listing_id = ? AND kind = 'listing.price'
         AND state IN ('pending', 'held', 'conflict')`,
    );
    const insert = database.prepare(
      `INSERT INTO outbox (account_id, listing_id, batch_id, kind, payload, idempotency_key,
         base_version, state, created_at, updated_at)
       VALUES (?, ?, ?, 'listing.price', ?, ?, ?, 'held', ?, ?)`,
    );
    const now = new Date().toISOString();
    const parts = { read: 0, listing: 0, audit: 0, outbox: 0 };
    const clock = (part: keyof typeof parts, started: number) => {
      parts[part] += performance.now() - started;
    };
    const started = performance.now();
    database.exec('BEGIN IMMEDIATE');
    try {
      const batch = Number(
        database
          .prepare(
            "INSERT INTO change_batches (label, source, created_at) VALUES ('floor', 'bulk', ?)",
          )
          .run(now).lastInsertRowid,
      );
      for (const id of ids) {
        let at = performance.now();
        const row = read.get(id) as {
          price_minor: number;
          local_version: number;
          account_id: number;
          remote_id: string;
          remote_variant_id: string;
          currency: string;
        };
        clock('read', at);
        const price = Math.round((row.price_minor * 105) / 100);
        at = performance.now();
        update.run(price, now, id);
        clock('listing', at);
        at = performance.now();
        audit.run(batch, id, String(row.price_minor), String(price), now);
        clock('audit', at);
        at = performance.now();
        cancel.run(id);
        const payload = JSON.stringify({
          listingId: id,
          remoteId: row.remote_id,
          remoteVariantId: row.remote_variant_id,
          values: { priceMinor: price, currency: row.currency },
          changed: ['priceMinor'],
        });
        insert.run(row.account_id, id, batch, payload, `floor-${id}`, row.local_version, now, now);
        clock('outbox', at);
      }
    } finally {
      database.exec('ROLLBACK');
    }
    const totalMs = performance.now() - started;
    const note = Object.entries(parts)
      .map(([part, ms]) => `${part} ${ms.toFixed(0)} ms`)
      .join(', ');
    return { totalMs, note: `${count} listings: ${note}` };
  } finally {
    database.close();
  }
}
