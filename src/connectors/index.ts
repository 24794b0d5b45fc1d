/**
 * The connectors' public face for the engine: the interface, the registry with every connector
 * built so far, the kit pieces the engine provides or reads (token store, clock, errors).
 */
import { ConnectorRegistry } from './registry.js';
import { shopeeConnectorFactory } from './shopee/connector.js';

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

/** A registry with every marketplace connector implemented so far. */
export function createConnectorRegistry(): ConnectorRegistry {
  return new ConnectorRegistry().register(shopeeConnectorFactory);
}
