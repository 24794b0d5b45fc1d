/**
 * 0006 — secrets at rest (engine/secrets/). FROZEN once released.
 *
 * One row per secret: its value sealed with AES-256-GCM under the folder's data key (the key itself
 * is never in the database), and the id of the key that sealed it, so a row sealed under another
 * key is named as such instead of failing as "tampered".
 */
import type { Migration } from './executor.js';

export const migration0006: Migration = {
  version: 6,
  name: 'secrets',
  up(database) {
    database.exec(`
CREATE TABLE secrets (
  scope       TEXT NOT NULL CHECK (length(scope) BETWEEN 1 AND 200),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  sealed      BLOB NOT NULL CHECK (length(sealed) > 29),
  key_id      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (scope, name)
) STRICT, WITHOUT ROWID;
`);
  },
};
