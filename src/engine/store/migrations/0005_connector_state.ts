/**
 * 0005 — what a connector must remember across runs. FROZEN once released.
 *
 * Some marketplaces count against the seller between runs: eBay's daily call quotas per
 * application and its 250 revisions per listing per day. A connector that forgot those counts at
 * every restart would spend the day on refusals (or be refused outright), so each connector keeps
 * a small JSON document per scope (the marketplace's name) and key (an application or account).
 */
import type { Migration } from './executor.js';

const statements = `
CREATE TABLE connector_state (
  scope       TEXT NOT NULL CHECK (length(scope) BETWEEN 1 AND 40),
  key         TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 400),
  value       TEXT NOT NULL CHECK (json_valid(value)),
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (scope, key)
) STRICT, WITHOUT ROWID;
`;

export const migration0005: Migration = {
  version: 5,
  name: 'connector_state',
  up(database) {
    database.exec(statements);
  },
};
