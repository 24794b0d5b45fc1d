/**
 * `silkroute sandbox`: starts every simulated marketplace (Shopee, AliExpress, Amazon, eBay, Wish)
 * on 127.0.0.1 and prints how to connect to each. The credentials are the sandboxes' own,
 * obviously fake, and work nowhere else; each printed authorisation code is single-use, like the
 * marketplaces' own. `--seed`, `--items` and `--orders` apply to every shop. Runs until
 * SIGINT/SIGTERM.
 */
import {
  startAliExpressSandbox,
  startAmazonSandbox,
  startEbaySandbox,
  startShopeeSandbox,
  startWishSandbox,
} from '../../sandbox/index.js';
import type { CliIo } from '../io.js';

export interface SandboxCommand {
  seed?: number | undefined;
  items?: number | undefined;
  orders?: number | undefined;
  stopSignal: Promise<string>;
}

interface Started {
  lines: string[];
  close(): Promise<void>;
}

export async function runSandbox(command: SandboxCommand, io: CliIo): Promise<number> {
  const common = {
    ...(command.seed === undefined ? {} : { seed: command.seed }),
    ...(command.orders === undefined ? {} : { orders: command.orders }),
  };
  const items = command.items === undefined ? {} : { items: command.items };
  const starters: (() => Promise<Started>)[] = [
    async () => {
      const sandbox = await startShopeeSandbox({ ...common, ...items });
      const truth = sandbox.groundTruth();
      return {
        lines: [
          `Shopee sandbox shop (simulated) is running at ${sandbox.baseUrl}`,
          `  ${truth.items.length} items, ${truth.orders.length} orders, region ${sandbox.region}, ${sandbox.currency}`,
          `  partner id ${sandbox.partnerId}, shop id ${sandbox.shopId}`,
          `  partner key ${sandbox.partnerKey} (sandbox only: not a secret)`,
          `  one-time authorisation code: ${sandbox.control.issueAuthorizationCode()}`,
        ],
        close: () => sandbox.close(),
      };
    },
    async () => {
      const sandbox = await startAliExpressSandbox({ ...common, ...items });
      const truth = sandbox.groundTruth();
      return {
        lines: [
          `AliExpress sandbox store (simulated) is running at ${sandbox.baseUrl}`,
          `  ${truth.products.length} products, ${truth.orders.length} orders, ${sandbox.currency}`,
          `  app key ${sandbox.appKey}, seller id ${sandbox.sellerId}`,
          `  app secret ${sandbox.appSecret} (sandbox only: not a secret)`,
          `  one-time authorisation code: ${sandbox.control.issueAuthorizationCode()}`,
        ],
        close: () => sandbox.close(),
      };
    },
    async () => {
      const sandbox = await startAmazonSandbox({
        ...common,
        ...(command.items === undefined ? {} : { listings: command.items }),
      });
      const truth = sandbox.groundTruth();
      return {
        lines: [
          `Amazon sandbox seller account (simulated) is running at ${sandbox.baseUrl}`,
          `  ${truth.listings.length} listings, ${truth.orders.length} orders, marketplace ${sandbox.site} (${sandbox.marketplaceId}), ${sandbox.currency}`,
          `  LWA token endpoint ${sandbox.lwaTokenUrl}`,
          `  client id ${sandbox.clientId}, seller id ${sandbox.sellerId}`,
          `  client secret ${sandbox.clientSecret} (sandbox only: not a secret)`,
          `  one-time authorisation code: ${sandbox.control.issueAuthorizationCode()}`,
        ],
        close: () => sandbox.close(),
      };
    },
    async () => {
      const sandbox = await startEbaySandbox({ ...common, ...items });
      const truth = sandbox.groundTruth();
      return {
        lines: [
          `eBay sandbox seller (simulated) is running at ${sandbox.baseUrl}`,
          `  ${truth.listings.length} offers, ${truth.orders.length} orders, site ${sandbox.marketplaceId}, ${sandbox.currency}`,
          `  token endpoint ${sandbox.tokenUrl}, consent at ${sandbox.authBaseUrl}`,
          `  client id ${sandbox.clientId}, RuName ${sandbox.ruName}`,
          `  client secret ${sandbox.clientSecret} (sandbox only: not a secret)`,
          `  one-time authorisation code: ${sandbox.control.issueAuthorizationCode()}`,
        ],
        close: () => sandbox.close(),
      };
    },
    async () => {
      const sandbox = await startWishSandbox({ ...common, ...items });
      const truth = sandbox.groundTruth();
      return {
        lines: [
          `Wish sandbox shop (simulated) is running at ${sandbox.baseUrl}`,
          `  ${truth.products.length} products, ${truth.orders.length} orders, ${sandbox.currency}`,
          `  client id ${sandbox.clientId}, merchant id ${sandbox.merchantId}`,
          `  client secret ${sandbox.clientSecret} (sandbox only: not a secret)`,
          `  one-time authorisation code: ${sandbox.control.issueAuthorizationCode()}`,
        ],
        close: () => sandbox.close(),
      };
    },
  ];
  const running: Started[] = [];
  const closeAll = () => Promise.allSettled(running.map((shop) => shop.close()));
  try {
    for (const start of starters) running.push(await start());
  } catch (error) {
    await closeAll();
    throw error;
  }
  for (const shop of running) for (const line of shop.lines) io.out(line);
  io.out('Ctrl+C stops them.');
  const signal = await command.stopSignal;
  await closeAll();
  io.out(`Stopped on ${signal}.`);
  return 0;
}
