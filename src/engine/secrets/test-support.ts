/** Test helpers: a throw-away data folder with a migrated store (the secrets table included). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../store/connection.js';

export interface TestFolder {
  dir: string;
  store: Store;
  close(): void;
}

export function testFolder(prefix = 'silkroute-secrets-'): TestFolder {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = openStore(join(dir, 'silkroute.db'));
  return {
    dir,
    store,
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
