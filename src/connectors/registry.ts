/**
 * Connectors by marketplace id. Each marketplace registers a factory with a zod schema of its
 * per-account connection settings; the engine creates a connector per account by marketplace id
 * and raw settings, which are validated here (bad settings → InvalidInputError, no request sent).
 */
import type { z } from 'zod';
import type { Marketplace } from '../shared/domain.js';
import type { Connector, ConnectorCapabilities } from './connector.js';
import type { Clock } from './http/clock.js';
import { InvalidInputError } from './http/errors.js';
import type { TokenStore } from './http/tokens.js';
import type { ConnectorStateStore } from './state.js';

export interface ConnectorAccount {
  /** Stable key of the account (the engine's AccountId as text); tokens are stored under it. */
  accountKey: string;
  /** Marketplace site/region code (`SG`, `US`, `EBAY_GB`…). */
  site: string;
  /** The marketplace's shop/seller id, once known. */
  shopId: string | null;
}

export interface ConnectorContext {
  account: ConnectorAccount;
  tokenStore: TokenStore;
  /** Counts kept across runs (eBay's quotas); in memory for this connector when absent. */
  stateStore?: ConnectorStateStore;
  /** Defaults to the system clock; tests and benchmarks pass a scaled one. */
  clock?: Clock;
}

export interface ConnectorFactory<Settings = unknown> {
  marketplace: Marketplace;
  capabilities: ConnectorCapabilities;
  settings: z.ZodType<Settings>;
  create(context: ConnectorContext, settings: Settings): Connector;
}

export class ConnectorRegistry {
  private readonly factories = new Map<Marketplace, ConnectorFactory<unknown>>();

  register<Settings>(factory: ConnectorFactory<Settings>): this {
    if (this.factories.has(factory.marketplace)) {
      throw new Error(`A connector for ${factory.marketplace} is already registered`);
    }
    this.factories.set(factory.marketplace, factory);
    return this;
  }

  has(marketplace: Marketplace): boolean {
    return this.factories.has(marketplace);
  }

  marketplaces(): Marketplace[] {
    return [...this.factories.keys()];
  }

  capabilities(marketplace: Marketplace): ConnectorCapabilities {
    return this.factory(marketplace).capabilities;
  }

  /** Validates the settings and creates the account's connector. */
  create(marketplace: Marketplace, context: ConnectorContext, settings: unknown): Connector {
    const factory = this.factory(marketplace);
    const parsed = factory.settings.safeParse(settings);
    if (!parsed.success) {
      const fields = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`,
      );
      throw new InvalidInputError(
        `Invalid ${marketplace} connection settings: ${fields.join('; ')}`,
        {
          marketplace,
          operation: 'registry.create',
        },
      );
    }
    return factory.create(context, parsed.data);
  }

  private factory(marketplace: Marketplace): ConnectorFactory<unknown> {
    const factory = this.factories.get(marketplace);
    if (!factory) throw new Error(`No connector is registered for ${marketplace}`);
    return factory;
  }
}
