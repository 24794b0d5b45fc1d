/**
 * Secrets at rest: one row per (scope, name) in the `secrets` table, its value sealed with
 * AES-256-GCM under the folder's data key, the scope and name bound in as associated data (a blob
 * moved to another row, e.g. another account's tokens, does not open). The data key is unlocked at
 * the first use, not at open, so a folder without stored secrets never asks for a key.
 *
 * Values are never logged and never leave through the contract: callers get them back only from
 * `get`, in this process.
 */
import { CompiledQuery } from 'kysely';
import type { Store } from '../store/connection.js';
import { keyId, open, seal } from './cipher.js';
import type { UnlockedKey } from './data-key.js';
import { SecretsError } from './errors.js';

/** Where a secret belongs: `scope` is its kind, `name` the owner within it (e.g. an account). */
export interface SecretRef {
  scope: string;
  name: string;
}

export interface SecretEntry {
  scope: string;
  name: string;
  /** ISO-8601 UTC. */
  updatedAt: string;
}

/** Scopes in use; a new kind of secret adds its own. */
export const SECRET_SCOPES = {
  /** OAuth access/refresh tokens of a marketplace account (name: the connector's account key). */
  marketplaceTokens: 'marketplace-tokens',
  /** A translation provider's API key (name: the provider). */
  translateProvider: 'translate-provider',
  /** This installation's app credentials for a marketplace (name: the marketplace). */
  appCredentials: 'app-credentials',
} as const;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

function check(ref: SecretRef): void {
  for (const [field, value] of [
    ['scope', ref.scope],
    ['name', ref.name],
  ] as const) {
    if (!NAME.test(value)) {
      throw new SecretsError(
        'invalid_name',
        `A secret's ${field} must be 1-200 letters, digits, '.', '_', ':' or '-' (got ${JSON.stringify(value.slice(0, 40))})`,
      );
    }
  }
}

const associatedData = (ref: SecretRef) => `silkroute secret v1\u0000${ref.scope}\u0000${ref.name}`;

interface SecretRow {
  sealed: Buffer;
  key_id: string;
}

export interface SecretStoreOptions {
  store: Store;
  /** Opens the data key; called once, at the first use (again after a failure). */
  unlock: () => Promise<UnlockedKey>;
}

export class SecretStore {
  private unlocked: Promise<UnlockedKey> | null = null;

  constructor(private readonly options: SecretStoreOptions) {}

  private key(): Promise<UnlockedKey> {
    if (!this.unlocked) {
      this.unlocked = this.options.unlock().catch((error: unknown) => {
        this.unlocked = null;
        throw error;
      });
    }
    return this.unlocked;
  }

  /** Stores (or replaces) a secret; resolves once it is committed. */
  async put(ref: SecretRef & { value: string }): Promise<void> {
    check(ref);
    const { key } = await this.key();
    const sealed = seal(key, Buffer.from(ref.value, 'utf8'), associatedData(ref));
    this.options.store.write((w) => {
      const now = w.now();
      w.run(
        CompiledQuery.raw(
          `INSERT INTO secrets (scope, name, sealed, key_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (scope, name) DO UPDATE SET
             sealed = excluded.sealed, key_id = excluded.key_id, updated_at = excluded.updated_at`,
          [ref.scope, ref.name, sealed, keyId(key), now, now],
        ),
      );
    });
  }

  /** The secret's value, or null when none is stored. */
  async get(ref: SecretRef): Promise<string | null> {
    check(ref);
    const row = this.options.store.read((r) =>
      r.first<SecretRow>(
        CompiledQuery.raw('SELECT sealed, key_id FROM secrets WHERE scope = ? AND name = ?', [
          ref.scope,
          ref.name,
        ]),
      ),
    );
    if (!row) return null;
    const { key, id } = await this.key();
    if (row.key_id !== id) {
      throw new SecretsError(
        'key_mismatch',
        `The secret ${ref.scope}/${ref.name} was stored under another data key than this folder's: ` +
          'it was copied from another data folder, or the data key files were replaced',
      );
    }
    return open(key, Buffer.from(row.sealed), associatedData(ref)).toString('utf8');
  }

  /** Forgets a secret; true when there was one. */
  delete(ref: SecretRef): boolean {
    check(ref);
    return this.options.store.write(
      (w) =>
        w.run(
          CompiledQuery.raw('DELETE FROM secrets WHERE scope = ? AND name = ?', [
            ref.scope,
            ref.name,
          ]),
        ).changes > 0,
    );
  }

  /** What is stored in a scope (names and times only: listing needs no key). */
  list(scope: string): SecretEntry[] {
    check({ scope, name: 'x' });
    return this.options.store.read((r) =>
      r
        .all<{ name: string; updated_at: string }>(
          CompiledQuery.raw('SELECT name, updated_at FROM secrets WHERE scope = ? ORDER BY name', [
            scope,
          ]),
        )
        .map((row) => ({ scope, name: row.name, updatedAt: row.updated_at })),
    );
  }
}
