/** `silkroute migrate`: creates the store when there is none and applies pending migrations. */
import type { CliIo } from '../io.js';

export interface MigrateCommand {
  dataDir: string;
  /** Returns the schema version the store is at afterwards. */
  migrateDataDir: (dataDir: string) => number;
}

export function runMigrate(command: MigrateCommand, io: CliIo): number {
  const version = command.migrateDataDir(command.dataDir);
  io.out(`The store in ${command.dataDir} is ready at schema version ${version}.`);
  return 0;
}
