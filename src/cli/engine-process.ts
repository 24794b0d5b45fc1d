/**
 * The engine's process entry (bundled to dist/engine/process.cjs), forked by Electron main with
 * `utilityProcess.fork(…, ['--data-dir', D])`. The work is in engine/transport/engine-process.ts;
 * this file only connects it to the real process and to the composed engine (with the built-in
 * sandbox shops), which is why it lives in cli/ and not engine/: engine/ may not import sandbox/.
 */
import { adoptHandedDataKey } from '../engine/secrets/environment.js';
import { runEngineProcess, parentPortOf } from '../engine/transport/engine-process.js';
import { createLogger } from '../shared/log.js';
import { openComposedEngine } from './engine-compose.js';

const log = createLogger('engine.process');
const parentPort = parentPortOf(process);

if (!parentPort) {
  log.error('this file is the engine of the desktop app; run `silkroute serve` for browser mode');
  process.exitCode = 2;
} else {
  adoptHandedDataKey(process.env);
  runEngineProcess({
    argv: process.argv,
    env: process.env,
    parentPort,
    openEngine: (options) =>
      openComposedEngine({ ...options, schedule: true, holder: `app:${process.pid}` }),
    onShutdown: () => process.exit(0),
  }).catch((error: unknown) => {
    log.error('the engine could not start', error);
    process.exit(1);
  });
}
