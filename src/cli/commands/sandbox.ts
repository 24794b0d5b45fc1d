/**
 * `silkroute sandbox`: starts the simulated Shopee shop on 127.0.0.1 and prints how to connect to
 * it. The credentials are the sandbox's own, obviously fake, and work nowhere else; the printed
 * authorisation code is single-use, like Shopee's. Runs until SIGINT/SIGTERM.
 */
import { startShopeeSandbox } from '../../sandbox/index.js';
import type { CliIo } from '../io.js';

export interface SandboxCommand {
  seed?: number | undefined;
  items?: number | undefined;
  orders?: number | undefined;
  stopSignal: Promise<string>;
}

export async function runSandbox(command: SandboxCommand, io: CliIo): Promise<number> {
  const sandbox = await startShopeeSandbox({
    ...(command.seed === undefined ? {} : { seed: command.seed }),
    ...(command.items === undefined ? {} : { items: command.items }),
    ...(command.orders === undefined ? {} : { orders: command.orders }),
  });
  const truth = sandbox.groundTruth();
  io.out(`Shopee sandbox shop (simulated) is running at ${sandbox.baseUrl}`);
  io.out(
    `  ${truth.items.length} items, ${truth.orders.length} orders, region ${sandbox.region}, ${sandbox.currency}`,
  );
  io.out(`  partner id ${sandbox.partnerId}, shop id ${sandbox.shopId}`);
  io.out(`  partner key ${sandbox.partnerKey} (sandbox only: not a secret)`);
  io.out(`  one-time authorisation code: ${sandbox.control.issueAuthorizationCode()}`);
  io.out('Ctrl+C stops it.');
  const signal = await command.stopSignal;
  await sandbox.close();
  io.out(`Stopped on ${signal}.`);
  return 0;
}
