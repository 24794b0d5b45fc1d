/** `silkroute demo`: writes the demo seller into the data folder. */
import { fillDemo } from '../../engine/demo/index.js';
import type { CliIo } from '../io.js';

export interface DemoCommand {
  dataDir: string;
  scale?: number | undefined;
  seed?: number | undefined;
}

export function runDemo(command: DemoCommand, io: CliIo): number {
  const options = {
    ...(command.scale === undefined ? {} : { scale: command.scale }),
    ...(command.seed === undefined ? {} : { seed: command.seed }),
  };
  const result = fillDemo(command.dataDir, options);
  const count = (value: number) => value.toLocaleString('en-US');
  io.out(
    `Demo data written to ${result.path}: ${count(result.accounts)} shops, ${count(result.products)} SKUs, ` +
      `${count(result.listings)} listings, ${count(result.orders)} orders.`,
  );
  return 0;
}
