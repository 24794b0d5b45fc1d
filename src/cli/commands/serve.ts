/**
 * `silkroute serve`: browser mode. Opens the engine on the data folder (filling an empty one with
 * the demo seller first, so a new user sees something), serves it with the built renderer on
 * 127.0.0.1, prints the address with its token on one line, and on SIGINT/SIGTERM closes the
 * server and then the store, so nothing is cut off mid-write.
 */
import { existsSync } from 'node:fs';
import { fillDemo } from '../../engine/demo/index.js';
import type { Engine, EngineOptions } from '../../engine/service/engine-types.js';
import { startServer } from '../../engine/transport/http-server.js';
import type { CliIo } from '../io.js';

export interface ServeCommand {
  dataDir: string;
  port: number;
  rendererDir: string;
  /** Resolves with the signal's name when the server should stop. */
  stopSignal: Promise<string>;
  openEngine: (options: EngineOptions) => Engine | Promise<Engine>;
}

async function hasAccounts(engine: Engine): Promise<boolean> {
  const result = await engine.handle({ type: 'call', id: 0, method: 'accounts.list', input: {} });
  if (!result.ok) throw new Error(`Could not read the accounts: ${result.error.message}`);
  return Array.isArray(result.value) && result.value.length > 0;
}

export async function runServe(command: ServeCommand, io: CliIo): Promise<number> {
  let engine = await command.openEngine({ dataDir: command.dataDir });
  if (!(await hasAccounts(engine))) {
    engine.close();
    io.out(
      `No shops in ${command.dataDir} yet: filling it with demo data first (the sandbox shops replace it later).`,
    );
    fillDemo(command.dataDir);
    engine = await command.openEngine({ dataDir: command.dataDir });
  }
  if (!existsSync(command.rendererDir)) {
    io.err(
      `The UI is not built (${command.rendererDir} is missing): run \`npm run build\`; the API works meanwhile.`,
    );
  }

  const opened = engine;
  const server = await startServer({
    engine,
    rendererDir: command.rendererDir,
    port: command.port,
  }).catch((error: unknown) => {
    opened.close();
    throw error;
  });
  io.out(`Silkroute is running at ${server.url} (data: ${command.dataDir}; Ctrl+C stops it)`);

  const signal = await command.stopSignal;
  await server.close();
  engine.close();
  io.out(`Stopped on ${signal}; the store is closed.`);
  return 0;
}
