/** The CLI entry, bundled to dist/cli/silkroute.mjs and run by bin/silkroute.mjs. */
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2));
