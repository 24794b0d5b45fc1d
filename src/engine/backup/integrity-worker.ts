/**
 * A backup copy's settling and `PRAGMA integrity_check`, on a worker thread. Checking every page of
 * a store of 100k listings and orders takes seconds; on the engine's own thread that froze every
 * answer (a search keystroke, an Insights chart) for as long, several times a day (the daily backup
 * and the one before each push). The worker opens the copy with its own connection; the engine
 * only waits for the answer.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The worker's whole program: CommonJS, given the driver's resolved path (no bundling needed). */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Sqlite = require(workerData.driver);
let database;
try {
  database = new Sqlite(workerData.path);
  // One file, no -wal beside it: a backup must be copyable and openable on its own.
  database.pragma('journal_mode = DELETE');
  const rows = database.pragma('integrity_check');
  parentPort.postMessage({ ok: true, problems: rows.map((row) => row.integrity_check).filter((text) => text !== 'ok') });
} catch (error) {
  parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
} finally {
  if (database) database.close();
}
`;

type Answer = { ok: true; problems: string[] } | { ok: false; message: string };

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Switches the copy at `path` to a single-file journal and checks every page of it; resolves with
 * the first problem found or `ok`, rejects when the copy cannot be opened at all.
 */
export function settleAndCheck(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(PROGRAM, { eval: true, workerData: { driver, path } });
    let answered = false;
    worker.once('message', (answer: Answer) => {
      answered = true;
      if (answer.ok) resolve(answer.problems[0] ?? 'ok');
      else reject(new Error(`the backup copy could not be checked: ${answer.message}`));
    });
    worker.once('error', (error) => {
      answered = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the integrity check stopped (exit code ${code})`));
    });
  });
}
