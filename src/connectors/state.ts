/**
 * What a connector must remember between runs, beyond tokens: counts a marketplace keeps against
 * the seller across restarts (eBay's daily call quotas and per-listing revisions). The engine backs
 * it with its store; the connector owns the shape of what it saves and validates it on the way
 * back in, because a stored document may predate the code reading it.
 */
export interface ConnectorStateStore {
  /** The document saved under (scope, key), or null when there is none. */
  load(scope: string, key: string): Promise<unknown>;
  /** Must resolve only once the document is durably stored. */
  save(scope: string, key: string, value: unknown): Promise<void>;
}

/** Keeps documents in memory, as JSON text so that no caller shares an object with another. */
export class InMemoryConnectorStateStore implements ConnectorStateStore {
  private readonly documents = new Map<string, string>();

  load(scope: string, key: string): Promise<unknown> {
    const text = this.documents.get(`${scope}\u0000${key}`);
    return Promise.resolve(text === undefined ? null : (JSON.parse(text) as unknown));
  }

  save(scope: string, key: string, value: unknown): Promise<void> {
    this.documents.set(`${scope}\u0000${key}`, JSON.stringify(value));
    return Promise.resolve();
  }
}
