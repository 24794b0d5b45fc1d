/**
 * Is this file a sound Silkroute store? Checked before a restore touches anything: the SQLite
 * header, `PRAGMA integrity_check` over every page, and our migrations table (present, and not
 * newer than this Silkroute). Each failure has its own code and a sentence a seller can act on.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import { readSchemaVersion } from '../store/migrate.js';
import { LATEST_SCHEMA_VERSION } from '../store/migrations/index.js';
import { BackupError } from './errors.js';

const HEADER = Buffer.from('SQLite format 3\u0000', 'latin1');

export interface ValidBackup {
  schemaVersion: number;
  sizeBytes: number;
}

function readHeader(path: string): Buffer {
  const descriptor = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(HEADER.length);
    const read = readSync(descriptor, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(descriptor);
  }
}

/** The first problem `PRAGMA integrity_check` reports, or `ok`. */
export function integrityOf(database: Sqlite.Database): string {
  const rows = database.pragma('integrity_check') as { integrity_check: string }[];
  const problems = rows.map((row) => row.integrity_check).filter((text) => text !== 'ok');
  return problems.length === 0 ? 'ok' : problems[0]!;
}

/** Throws BackupError unless `path` is a sound store this Silkroute can open. */
export function validateBackupFile(path: string): ValidBackup {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new BackupError('missing', `There is no file at ${path}`);
  }
  if (size < 512 || !readHeader(path).equals(HEADER)) {
    throw new BackupError(
      'not_sqlite',
      `${path} is not a Silkroute backup (not an SQLite database)`,
    );
  }
  let database: Sqlite.Database;
  try {
    database = new Sqlite(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError('corrupt', `${path} cannot be opened: ${(error as Error).message}`);
  }
  try {
    let integrity: string;
    let schemaVersion: number;
    try {
      integrity = integrityOf(database);
      schemaVersion = integrity === 'ok' ? readSchemaVersion(database) : 0;
    } catch (error) {
      throw new BackupError('corrupt', `${path} is damaged: ${(error as Error).message}`);
    }
    if (integrity !== 'ok') {
      throw new BackupError('corrupt', `${path} is damaged (integrity check: ${integrity})`);
    }
    if (schemaVersion === 0) {
      throw new BackupError(
        'not_silkroute',
        `${path} is an SQLite database but not a Silkroute store (it has no migrations)`,
      );
    }
    if (schemaVersion > LATEST_SCHEMA_VERSION) {
      throw new BackupError(
        'too_new',
        `${path} was written by a newer Silkroute (schema ${schemaVersion}; this one knows up to ${LATEST_SCHEMA_VERSION}): update the app first`,
      );
    }
    return { schemaVersion, sizeBytes: size };
  } finally {
    database.close();
  }
}
