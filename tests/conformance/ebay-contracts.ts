/**
 * eBay's OpenAPI 3 contracts for the conformance checks (../shared/marketplace-specs/ebay), loaded
 * through the shared validator (openapi.ts) with a short, explicit list of errata: places where the
 * contract text itself disagrees with what eBay documents and sends. Each erratum is a patch of the
 * parsed contract, so everything else is checked exactly as eBay wrote it.
 *
 * Errata:
 * 1. `Product.aspects` and `InventoryItemGroup.aspects` are typed "string", but the same fields'
 *    descriptions show (and eBay sends and accepts) an object of aspect name → string array:
 *    `"aspects": {"Brand": ["GoPro"]}`. Patched to that object.
 * 2. Every eBay call may be answered 401 (invalid/missing token), 403 (insufficient permissions)
 *    or 429 (errorId 2001) by eBay's gateway (handling-error-messages guide; notes §2.5-2.6), which
 *    the contracts do not repeat per operation; and most error statuses are declared without a
 *    body. Every operation gets 401/403/429, and every 4xx/5xx response without a body gets the
 *    contract's own `Error` type as `{"errors": [Error]}`, so error bodies are validated too.
 *
 * Not covered by a contract (so not checked here): the OAuth consent page and token endpoint.
 */
import { readFileSync } from 'node:fs';
import type { EbayExchange } from '../../src/sandbox/ebay/index.js';
import { ConformanceSpec, checkExchanges, specFile, type ExchangeToCheck } from './openapi.js';

export const EBAY_CONTRACTS = [
  'ebay/sell_inventory_v1_oas3.json',
  'ebay/sell_fulfillment_v1_oas3.json',
  'ebay/commerce_identity_v1_oas3.json',
  'ebay/developer_analytics_v1_beta_oas3.json',
] as const;

/** Paths served by eBay that no contract describes. */
const WITHOUT_CONTRACT = ['/oauth2/authorize', '/identity/v1/oauth2/token'];

type Json = Record<string, unknown>;
const ASPECTS = {
  type: 'object',
  additionalProperties: { type: 'array', items: { type: 'string' } },
};
const GATEWAY_STATUSES = ['401', '403', '429'];

export function applyErrata(contract: Json): Json {
  const patched = structuredClone(contract);
  const components = patched.components as { schemas: Record<string, Json> };
  for (const name of ['Product', 'InventoryItemGroup']) {
    const properties = components.schemas[name]?.properties as Record<string, Json> | undefined;
    if (properties?.aspects)
      properties.aspects = { ...ASPECTS, description: properties.aspects.description };
  }
  const errorBody = {
    description: 'eBay error body (erratum 2)',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['errors'],
          properties: { errors: { type: 'array', items: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
  for (const item of Object.values(patched.paths as Record<string, Json>)) {
    for (const operation of Object.values(item)) {
      const responses = (operation as { responses?: Record<string, Json> }).responses;
      if (!responses) continue;
      for (const status of GATEWAY_STATUSES) responses[status] ??= errorBody;
      for (const [status, response] of Object.entries(responses)) {
        if (/^[45]/.test(status) && response.content === undefined)
          responses[status] = { ...response, ...errorBody };
      }
    }
  }
  return patched;
}

let specs: ConformanceSpec[] | null = null;

/** The four contracts with the errata applied (parsed once). */
export function ebaySpecs(): ConformanceSpec[] {
  specs ??= EBAY_CONTRACTS.map((file) => {
    const path = specFile(file);
    return new ConformanceSpec(path, applyErrata(JSON.parse(readFileSync(path, 'utf8')) as Json));
  });
  return specs;
}

/** A recorded exchange of the fake in the validator's shape; null when no contract covers it. */
export function toCheck(exchange: EbayExchange): ExchangeToCheck | null {
  if (WITHOUT_CONTRACT.includes(exchange.path)) return null;
  return {
    method: exchange.method,
    path: exchange.path,
    query: new URLSearchParams(exchange.search),
    headers: exchange.requestHeaders,
    body: exchange.requestBody,
    status: exchange.status,
    response: exchange.response,
  };
}

/** Every problem of the exchanges the contracts cover, deduplicated. */
export function ebayConformanceProblems(exchanges: readonly EbayExchange[]): string[] {
  const checked = exchanges
    .map(toCheck)
    .filter((entry): entry is ExchangeToCheck => entry !== null);
  return [...new Set(checkExchanges(ebaySpecs(), checked))];
}

/** Throws listing the problems (at most 40) when any exchange does not conform. */
export function expectEbayConformant(exchanges: readonly EbayExchange[]): void {
  const problems = ebayConformanceProblems(exchanges);
  if (problems.length === 0) return;
  const shown = problems.slice(0, 40).map((problem) => `  - ${problem}`);
  if (problems.length > 40) shown.push(`  … and ${problems.length - 40} more`);
  throw new Error(`${problems.length} eBay conformance problem(s):\n${shown.join('\n')}`);
}
