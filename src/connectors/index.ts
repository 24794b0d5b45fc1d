/**
 * The connectors' public face for the engine: the interface, the registry with every marketplace's
 * connector, the kit pieces the engine provides or reads (token store, clock, errors), and the
 * pure request builders each marketplace's issue names (signing and token requests, no I/O).
 */
import { aliExpressConnectorFactory } from './aliexpress/connector.js';
import { amazonConnectorFactory } from './amazon/connector.js';
import { ebayConnectorFactory } from './ebay/connector.js';
import { ConnectorRegistry } from './registry.js';
import { shopeeConnectorFactory } from './shopee/connector.js';
import { wishConnectorFactory } from './wish/connector.js';

export type * from './connector.js';
export {
  ConnectorRegistry,
  type ConnectorAccount,
  type ConnectorContext,
  type ConnectorFactory,
} from './registry.js';
export * from './http/errors.js';
export {
  InMemoryTokenStore,
  type StoredTokens,
  type TokenStore,
  type AuthStatus,
} from './http/tokens.js';
export { systemClock, createScaledClock, type Clock } from './http/clock.js';
export { PUBLISHED_LIMITS } from './http/limits.js';
export { signShopee } from './shopee/signing.js';
export { signAliExpress } from './aliexpress/signing.js';
export { buildLwaTokenRequest } from './amazon/auth.js';
export { buildEbayTokenRequest } from './ebay/auth.js';
export { buildWishRefreshRequest } from './wish/auth.js';

/** Every marketplace connector's factory, in the order the registry lists them. */
export const CONNECTOR_FACTORIES = [
  amazonConnectorFactory,
  ebayConnectorFactory,
  aliExpressConnectorFactory,
  wishConnectorFactory,
  shopeeConnectorFactory,
] as const;

/** A registry with every marketplace connector. */
export function createConnectorRegistry(): ConnectorRegistry {
  const registry = new ConnectorRegistry();
  for (const factory of CONNECTOR_FACTORIES) registry.register<unknown>(factory);
  return registry;
}
