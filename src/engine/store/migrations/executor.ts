/**
 * What a migration may use: a plain synchronous SQL executor. Migrations are frozen files, so they
 * depend on nothing that can change under them — not the Kysely schema types, not domain.ts.
 */
export interface MigrationExecutor {
  /** Runs one or more statements without parameters (DDL, back-fills). */
  exec(sql: string): void;
  /** Runs one parameterised statement; returns the number of rows it changed. */
  run(sql: string, ...parameters: unknown[]): number;
  /** Runs one parameterised query and returns its rows. */
  all<Row>(sql: string, ...parameters: unknown[]): Row[];
}

export interface Migration {
  /** Strictly increasing from 1; recorded in schema_migrations. */
  readonly version: number;
  readonly name: string;
  up(database: MigrationExecutor): void;
}
