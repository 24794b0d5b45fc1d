/**
 * The explicit, ordered list of migrations. Append only: a released migration is never edited,
 * reordered or removed, because databases in the field have already run it.
 */
import type { Migration } from './executor.js';
import { migration0001 } from './0001_initial.js';
import { migration0002 } from './0002_search.js';
import { migration0003 } from './0003_sync.js';
import { migration0004 } from './0004_held_changes.js';
import { migration0005 } from './0005_connector_state.js';
import { migration0006 } from './0006_secrets.js';
import { migration0007 } from './0007_insights_summaries.js';
import { migration0008 } from './0008_marketplace_stock.js';
import { migration0009 } from './0009_price_rules.js';
import { migration0010 } from './0010_deferred_rows.js';
import { migration0011 } from './0011_insights_rollups.js';

export type { Migration, MigrationExecutor } from './executor.js';

export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
];

export const LATEST_SCHEMA_VERSION = migrations.length;
