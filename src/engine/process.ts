/**
 * The engine's process entry (bundled to dist/engine/process.cjs), forked by Electron main with
 * `utilityProcess.fork(…, ['--data-dir', D])`. The work is in transport/engine-process.ts; this
 * file only connects it to the real process.
 */
import { createLogger } from '../shared/log.js';
import { openEngine } from './service/engine.js';
import { parentPortOf, runEngineProcess } from './transport/engine-process.js';

const log = createLogger('engine.process');
const parentPort = parentPortOf(process);

if (!parentPort) {
  log.error('this file is the engine of the desktop app; run `silkroute serve` for browser mode');
  process.exitCode = 2;
} else {
  runEngineProcess({
    argv: process.argv,
    env: process.env,
    parentPort,
    openEngine,
    onShutdown: () => process.exit(0),
  }).catch((error: unknown) => {
    log.error('the engine could not start', error);
    process.exit(1);
  });
}
