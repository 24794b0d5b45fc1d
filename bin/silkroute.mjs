#!/usr/bin/env node
// The `silkroute` command. Written with syntax old Node versions still parse, so they reach the
// version check and say what is wrong instead of failing on a syntax error. Runs the built CLI
// (dist/cli/silkroute.mjs), building it first when it is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (!(major >= 22)) {
  process.stderr.write(
    'silkroute needs Node.js 22 or newer; this is Node.js ' +
      process.version +
      '. Install Node.js 22 (see .nvmrc) and try again.\n',
  );
  process.exit(1);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'silkroute.mjs');
if (!existsSync(cli)) {
  process.stderr.write('silkroute: first run, building it (once)…\n');
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0 || !existsSync(cli)) {
    process.stderr.write('silkroute: the build failed; run `npm run build` to see why.\n');
    process.exit(1);
  }
}
import(pathToFileURL(cli).href).catch(function (error) {
  process.stderr.write(
    'silkroute: ' + (error && error.message ? error.message : String(error)) + '\n',
  );
  process.exit(1);
});
