/**
 * The built-in sandbox shops as the engine sees them. The simulated marketplaces live in
 * src/sandbox, which the engine may not import (fakes are kept apart from the code they test), so
 * the engine declares what it needs here and the composition roots (src/cli/engine-compose.ts)
 * provide it. A sandbox shop runs in this process on 127.0.0.1 at a port chosen when it starts:
 * nothing about where it listens is stable, so nothing about it is stored.
 */
import type { Marketplace } from '../shared/domain.js';

export interface SandboxShopOptions {
  /** Seeds the shop's data: the same seed and origin give the same items and orders. */
  seed: number;
  /**
   * Epoch milliseconds the shop's data is generated around (orders are spread over the days
   * before it). Kept with the account so a restart rebuilds the same shop.
   */
  origin: number;
  /**
   * Where the shop's clock is to stand (epoch ms, not before `origin`): a shop restarted later
   * lives through the time in between (its scheduled order changes fall due), as a real one would.
   */
  now: number;
}

/** One running simulated shop. */
export interface SandboxShop {
  readonly marketplace: Marketplace;
  /** Marketplace site/region code, shop id and name, as the account is to be stored. */
  readonly site: string;
  readonly shopId: string;
  readonly displayName: string;
  /** Default listing currency and locale of the site. */
  readonly currency: string;
  readonly locale: string;
  /** Connection settings for the marketplace's connector (validated by the connector registry). */
  readonly connectorSettings: unknown;
  /** The shop's own clock (epoch ms); the connector must use it, as signatures carry timestamps. */
  now(): number;
  /**
   * What the marketplace's consent redirect would bring back, with a fresh one-time code: passed to
   * the connector's `completeAuthorization`, so the real authorisation flow is exercised.
   */
  issueAuthorization(): Record<string, string>;
  /** Stops the shop's server. */
  close(): Promise<void>;
}

export interface SandboxShops {
  /** Marketplaces that have a sandbox shop. */
  readonly marketplaces: readonly Marketplace[];
  start(marketplace: Marketplace, options: SandboxShopOptions): Promise<SandboxShop>;
}
