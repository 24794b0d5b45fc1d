/**
 * Runs in a fresh Node process (bundled first, see cold-start.ts), so its clock starts with the
 * process: `performance.now()` is milliseconds since the process began, and every mark below
 * includes Node's own start-up and the loading of the engine's modules.
 *
 * Usage: node cold-start-child.mjs <dataDir>   → prints one JSON line of marks.
 */
import { openEngine } from '../src/engine/service/engine.js';

async function main(): Promise<void> {
  const loadedMs = performance.now();
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: cold-start-child <dataDir>');
  const engine = openEngine({ dataDir });
  const openedMs = performance.now();
  const result = await engine.handle({
    type: 'call',
    id: 1,
    method: 'listings.query',
    input: { limit: 200 },
  });
  const firstQueryMs = performance.now();
  engine.close();
  if (!result.ok) throw new Error(`first query failed: ${result.error.message}`);
  const value = result.value as { rows: unknown[]; total: number };
  process.stdout.write(
    `${JSON.stringify({ loadedMs, openedMs, firstQueryMs, rows: value.rows.length, total: value.total })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
