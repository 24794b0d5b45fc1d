/**
 * `silkroute serve`: browser mode. Opens the engine on the data folder (adding the built-in
 * Shopee sandbox shop to one without shops, so a new user can try everything without
 * credentials), serves it with the built renderer on 127.0.0.1, prints the address with its token
 * on one line, and on SIGINT/SIGTERM closes the server and then the engine, so nothing is cut off
 * mid-write.
 */
import { existsSync } from 'node:fs';
import type { Engine, EngineOptions } from '../../engine/service/engine-types.js';
import { startServer } from '../../engine/transport/http-server.js';
import type { CliIo } from '../io.js';

export interface ServeCommand {
  dataDir: string;
  port: number;
  rendererDir: string;
  /** Resolves with the signal's name when the server should stop. */
  stopSignal: Promise<string>;
  openEngine: (options: EngineOptions) => ServedEngine | Promise<ServedEngine>;
}

/** An engine that may also stop its sandbox shops and wait for them. */
export type ServedEngine = Engine & { shutdown?: () => Promise<void> };

async function hasAccounts(engine: Engine): Promise<boolean> {
  const result = await engine.handle({ type: 'call', id: 0, method: 'accounts.list', input: {} });
  if (!result.ok) throw new Error(`Could not read the accounts: ${result.error.message}`);
  return Array.isArray(result.value) && result.value.length > 0;
}

async function addSandboxShop(engine: Engine): Promise<void> {
  const result = await engine.handle({
    type: 'call',
    id: 0,
    method: 'accounts.addSandbox',
    input: { marketplace: 'shopee' },
  });
  if (!result.ok) throw new Error(`Could not add the sandbox shop: ${result.error.message}`);
}

const stopEngine = (engine: ServedEngine) =>
  engine.shutdown ? engine.shutdown() : Promise.resolve(engine.close());

export async function runServe(command: ServeCommand, io: CliIo): Promise<number> {
  const engine = await command.openEngine({ dataDir: command.dataDir });
  try {
    if (!(await hasAccounts(engine))) {
      io.out(
        'No shops yet: opening on the built-in sandbox shop (simulated Shopee; no credentials needed). Its first sync runs in the background.',
      );
      await addSandboxShop(engine);
    }
  } catch (error) {
    await stopEngine(engine);
    throw error;
  }
  if (!existsSync(command.rendererDir)) {
    io.err(
      `The UI is not built (${command.rendererDir} is missing): run \`npm run build\`; the API works meanwhile.`,
    );
  }

  const server = await startServer({
    engine,
    rendererDir: command.rendererDir,
    port: command.port,
  }).catch(async (error: unknown) => {
    await stopEngine(engine);
    throw error;
  });
  io.out(`Silkroute is running at ${server.url} (data: ${command.dataDir}; Ctrl+C stops it)`);

  const signal = await command.stopSignal;
  await server.close();
  await stopEngine(engine);
  io.out(`Stopped on ${signal}; the store is closed.`);
  return 0;
}
