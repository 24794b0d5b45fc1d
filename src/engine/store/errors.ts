/**
 * Errors the store throws. SQLite's own constraint failures are translated into
 * `ConstraintViolation`, whose message names the table, column or rule that refused the write, so
 * the service can answer `constraint` with something a person can act on.
 */

export class StoreError extends Error {
  override readonly name: string = 'StoreError';
}

/** The database file was written by a newer Silkroute than this one. */
export class SchemaTooNewError extends StoreError {
  override readonly name = 'SchemaTooNewError';
  constructor(
    readonly path: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The database ${path} has schema version ${found}, but this Silkroute understands versions up to ` +
        `${supported}. It was written by a newer Silkroute: update the app (the file was left untouched).`,
    );
  }
}

export type ConstraintKind =
  | 'unique'
  | 'primary_key'
  | 'check'
  | 'not_null'
  | 'foreign_key'
  | 'datatype'
  | 'trigger'
  | 'other';

/** A write refused by a schema rule; `detail` is SQLite's own wording (it names the column). */
export class ConstraintViolation extends StoreError {
  override readonly name = 'ConstraintViolation';
  constructor(
    readonly kind: ConstraintKind,
    readonly detail: string,
    message: string,
  ) {
    super(message);
  }
}

/** A value the write path refuses before SQLite sees it (bad timestamp, unknown parent SKU…). */
export class InvalidStoreInput extends StoreError {
  override readonly name = 'InvalidStoreInput';
}

/** A statement that must change exactly one row changed another number of rows. */
export class UnexpectedRowCount extends StoreError {
  override readonly name = 'UnexpectedRowCount';
}

/** The store is busy (another process holds the write lock past busy_timeout). */
export class StoreBusyError extends StoreError {
  override readonly name = 'StoreBusyError';
}

const KINDS: Record<string, ConstraintKind> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'primary_key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'not_null',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_CONSTRAINT_DATATYPE: 'datatype',
  SQLITE_CONSTRAINT_TRIGGER: 'trigger',
};

function explain(kind: ConstraintKind, detail: string): string {
  switch (kind) {
    case 'unique':
    case 'primary_key': {
      const columns = detail.replace(/^.*constraint failed:\s*/i, '');
      return `A row with the same ${columns} already exists (${detail})`;
    }
    case 'check':
      return `A value breaks the rule "${detail.replace(/^CHECK constraint failed:\s*/i, '')}" (${detail})`;
    case 'not_null':
      return `A required value is missing: ${detail.replace(/^NOT NULL constraint failed:\s*/i, '')} (${detail})`;
    case 'foreign_key':
      return `A row refers to a row that does not exist, or is still referred to (${detail})`;
    case 'datatype':
      return `A value has the wrong type: ${detail}`;
    default:
      return `The store refused the write: ${detail}`;
  }
}

function sqliteCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}

/** Maps a better-sqlite3 error to a store error; anything else is returned unchanged. */
export function translateSqliteError(error: unknown): unknown {
  const code = sqliteCode(error);
  if (!code || !(error instanceof Error)) return error;
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    const kind = KINDS[code] ?? 'other';
    return new ConstraintViolation(kind, error.message, explain(kind, error.message));
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new StoreBusyError(`The store is busy (${error.message}); try again`);
  }
  return error;
}

/** The row an operation names does not exist. */
export class RecordNotFound extends StoreError {
  override readonly name = 'RecordNotFound';
}

/** An edit was made from a version of the row that is no longer current. */
export class VersionConflict extends StoreError {
  override readonly name = 'VersionConflict';
  constructor(
    message: string,
    readonly currentVersion: number,
  ) {
    super(message);
  }
}
