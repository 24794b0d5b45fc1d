/**
 * Runs one `silkroute` invocation and returns its exit code: 0 done, 1 a runtime failure, 2 a
 * usage error (unknown command or option, bad value); `sync` adds its own (commands/sync.ts).
 * Usage errors print one line plus a hint; runtime failures print one line (details go to the
 * log, redacted).
 */
import { join } from 'node:path';
import { ensureDataDir, resolveDataDir } from '../engine/data-dir.js';
import { migrateDataDir } from '../engine/service/engine.js';
import { createLogger, setLogSink } from '../shared/log.js';
import { parseCommandLine, usage, UsageError } from './args.js';
import { runBackup, runRestore } from './commands/backup.js';
import { runDemo } from './commands/demo.js';
import { runMigrate } from './commands/migrate.js';
import { runSandbox } from './commands/sandbox.js';
import { runServe } from './commands/serve.js';
import { runSheetExport, runSheetImport } from './commands/sheets.js';
import { runSync } from './commands/sync.js';
import { openComposedEngine } from './engine-compose.js';
import { processIo, type CliIo } from './io.js';
import { findPackage } from './package-info.js';

const log = createLogger('cli');

export interface RunOptions {
  io?: CliIo;
  env?: NodeJS.ProcessEnv;
  /** Resolves with a signal name when `serve` should stop or `sync` cancel its run. */
  stopSignal?: () => Promise<string>;
}

/** Resolves on the first SIGINT or SIGTERM. */
export function processStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function run(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  // The terminal is the CLI's output; only warnings and errors from the log belong on it.
  setLogSink((record) => {
    const data = record.data === undefined ? '' : ` ${JSON.stringify(record.data)}`;
    io.err(`${record.level}: ${record.scope}: ${record.message}${data}`);
  }, 'warn');

  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const command = error.command ? `silkroute ${error.command}` : 'silkroute';
    io.err(`${command}: ${error.message}`);
    io.err(`Run '${command} --help' for usage.`);
    return 2;
  }

  try {
    switch (parsed.kind) {
      case 'version':
        io.out(`silkroute ${findPackage().version}`);
        return 0;
      case 'help':
        io.out(usage(parsed.command));
        return 0;
      case 'sandbox':
        return await runSandbox(
          {
            seed: parsed.seed,
            items: parsed.items,
            orders: parsed.orders,
            stopSignal: (options.stopSignal ?? processStopSignal)(),
          },
          io,
        );
    }
    const dataDir = ensureDataDir(
      resolveDataDir({ flag: parsed.dataDir, env: options.env ?? process.env }),
    );
    switch (parsed.kind) {
      case 'demo':
        return runDemo({ dataDir, scale: parsed.scale, seed: parsed.seed }, io);
      case 'migrate':
        return runMigrate({ dataDir, migrateDataDir }, io);
      case 'backup':
        return await runBackup(parsed, dataDir, io);
      case 'restore':
        return await runRestore(parsed, dataDir, io);
      case 'export':
        return await runSheetExport(parsed, dataDir, io);
      case 'import':
        return await runSheetImport(parsed, dataDir, io);
      case 'serve':
        return await runServe(
          {
            dataDir,
            port: parsed.port,
            rendererDir: join(findPackage().root, 'dist', 'renderer'),
            stopSignal: (options.stopSignal ?? processStopSignal)(),
            // A served engine keeps the seller's sync schedule, as the app does.
            openEngine: (engineOptions) =>
              openComposedEngine({
                ...engineOptions,
                schedule: true,
                holder: `serve:${process.pid}`,
              }),
          },
          io,
        );
      case 'sync':
        return await runSync(
          {
            dataDir,
            accountIds: parsed.accountIds,
            steps: parsed.steps,
            json: parsed.json,
            stopSignal: (options.stopSignal ?? processStopSignal)(),
            // The lease names this process, so a busy app or script can tell who holds it.
            openEngine: (engineOptions) =>
              openComposedEngine({ ...engineOptions, holder: `cli:${process.pid}` }),
          },
          io,
        );
    }
  } catch (error) {
    log.debug(`${parsed.kind} failed`, error);
    io.err(`silkroute ${parsed.kind}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
