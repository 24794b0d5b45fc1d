/**
 * The engine's side of the connectors' state (connector_state, migration 0005): one JSON document
 * per (scope, key), written in its own short transaction so that `save` resolving means the
 * document is committed.
 */
import type { ConnectorStateStore } from '../../connectors/state.js';
import { defineStatement, qb } from './compiler.js';
import type { Store } from './connection.js';

const readDocument = defineStatement<{ scope: string; key: string }, { value: string }>(
  (argument) =>
    qb
      .selectFrom('connector_state')
      .select('value')
      .where('scope', '=', argument('scope'))
      .where('key', '=', argument('key')),
);

const writeDocument = defineStatement<{ scope: string; key: string; value: string; now: string }>(
  (argument) =>
    qb
      .insertInto('connector_state')
      .values({
        scope: argument('scope'),
        key: argument('key'),
        value: argument('value'),
        updated_at: argument('now'),
      })
      .onConflict((conflict) =>
        conflict.columns(['scope', 'key']).doUpdateSet({
          value: (expression) => expression.ref('excluded.value'),
          updated_at: (expression) => expression.ref('excluded.updated_at'),
        }),
      ),
);

export class SqliteConnectorStateStore implements ConnectorStateStore {
  constructor(private readonly store: Store) {}

  // The work is synchronous; async so that a closed store rejects the promise (a caller chaining
  // saves sees the failure) instead of throwing before one exists.
  // eslint-disable-next-line @typescript-eslint/require-await
  async load(scope: string, key: string): Promise<unknown> {
    const row = this.store.read((reader) => reader.row(readDocument, { scope, key }));
    return row === undefined ? null : (JSON.parse(row.value) as unknown);
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async save(scope: string, key: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    this.store.write((writer) => {
      writer.exec(writeDocument, { scope, key, value: text, now: writer.now() });
    });
  }
}
