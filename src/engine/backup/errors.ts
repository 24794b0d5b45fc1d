/** Why a backup file was refused or a backup could not be made; `code` is what callers branch on. */
export type BackupErrorCode =
  /** No such file. */
  | 'missing'
  /** Not an SQLite database at all (wrong header, truncated, another kind of file). */
  | 'not_sqlite'
  /** An SQLite file whose pages fail `PRAGMA integrity_check`. */
  | 'corrupt'
  /** A sound SQLite file, but not a Silkroute store (no migrations table). */
  | 'not_silkroute'
  /** Written by a newer Silkroute than this one. */
  | 'too_new'
  /** A sync is running on the store: restoring under it would lose its work. */
  | 'busy'
  /** The store is in memory: there is no file to back up or restore. */
  | 'no_file';

export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
  }
}
