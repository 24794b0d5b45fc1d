#!/usr/bin/env node
// `npm start`: the desktop app when Electron's runtime is installed, browser mode otherwise.
// Expects a fresh build (npm start runs scripts/build.mjs first). Extra arguments (--data-dir D,
// --port N for browser mode) are passed on.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);

/**
 * The Electron binary, when installed. This is the path `require('electron')` returns, found the
 * way it finds it — but without calling it, because when the binary is missing that require tries
 * to download it (which cannot work here) and prints a stack trace instead of answering.
 */
function electronBinary() {
  try {
    const require = createRequire(import.meta.url);
    const packageDir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const executable = readFileSync(pathFile, 'utf8').trim();
    const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
    const binary = join(distDir, executable);
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  // Ctrl+C reaches the child through the terminal; a SIGTERM sent to this script is passed on.
  const forward = (signal) => child.kill(signal);
  process.on('SIGTERM', forward);
  process.on('SIGINT', () => undefined);
  child.on('exit', (code, signal) => {
    process.off('SIGTERM', forward);
    process.exitCode = code ?? (signal ? 1 : 0);
  });
  child.on('error', (error) => {
    console.error(`start: could not run ${command}: ${error.message}`);
    process.exitCode = 1;
  });
}

const electron = electronBinary();
if (electron) {
  run(electron, [join(root, 'dist', 'main', 'main.cjs'), ...args]);
} else {
  console.log(
    'Electron runtime not installed (it cannot be downloaded on this machine); starting browser mode instead.',
  );
  run(process.execPath, [join(root, 'dist', 'cli', 'silkroute.mjs'), 'serve', ...args]);
}
