/**
 * Kysely as a typed query builder only. Queries are compiled to SQL here and executed by
 * better-sqlite3, synchronously, through prepared statements that the connection caches.
 *
 * Hot paths (ingest) use `defineStatement`: the query is built and compiled once with named
 * placeholders, so each row costs one bind and one step — no per-row compile. A placeholder is a
 * sentinel string that Kysely passes through as an ordinary parameter; after compiling, each
 * parameter position is mapped back to its argument name.
 */
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type CompiledQuery,
  type RawBuilder,
} from 'kysely';
import type { Database } from './schema.js';

/** The compile-only query builder over the store's tables. It never touches a database. */
export const qb = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

const ARGUMENT_PREFIX = '\u0000silkroute-argument:';

/** A query compiled once, bound per execution from a record of named arguments. */
export interface StatementDef<Args, Row> {
  readonly sql: string;
  bind(args: Args): unknown[];
  /** Phantom: the row type the statement returns (for RETURNING / SELECT). */
  readonly __row?: Row;
}

export type ArgumentFn<Args> = <K extends keyof Args & string>(name: K) => Args[K];

export function defineStatement<Args extends object, Row = unknown>(
  build: (argument: ArgumentFn<Args>) => Compilable<Row>,
): StatementDef<Args, Row> {
  const argument = (<K extends keyof Args & string>(name: K) =>
    `${ARGUMENT_PREFIX}${name}` as Args[K]) as ArgumentFn<Args>;
  const compiled = build(argument).compile();
  const slots = compiled.parameters.map((parameter) =>
    typeof parameter === 'string' && parameter.startsWith(ARGUMENT_PREFIX)
      ? { name: parameter.slice(ARGUMENT_PREFIX.length) }
      : { constant: parameter },
  );
  return {
    sql: compiled.sql,
    bind(args: Args): unknown[] {
      const values = new Array<unknown>(slots.length);
      for (let index = 0; index < slots.length; index++) {
        const slot = slots[index]!;
        if ('constant' in slot) {
          values[index] = slot.constant;
          continue;
        }
        const value = (args as Record<string, unknown>)[slot.name];
        if (value === undefined)
          throw new TypeError(`Statement argument "${slot.name}" is missing`);
        values[index] = value;
      }
      return values;
    },
  };
}

/** `defineStatement` for raw SQL (FTS5, which Kysely's builder cannot express). */
export function defineRawStatement<Args extends object, Row = unknown>(
  build: (argument: ArgumentFn<Args>) => RawBuilder<Row>,
): StatementDef<Args, Row> {
  return defineStatement<Args, Row>((argument) => {
    const raw = build(argument);
    return { compile: () => raw.compile(qb) };
  });
}

/** Compiles a raw `sql` template against the store's dialect, for Reader.all/first. */
export function compileRaw<Row>(raw: RawBuilder<Row>): CompiledQuery<Row> {
  return raw.compile(qb);
}
