/**
 * The fake's getDefinitionsProductType and the schema documents it links, driven with plain fetch
 * calls written from definitionsProductTypes_2020-09-01 and checked against that model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectConformant, loadSpec } from '../../../tests/conformance/openapi.js';
import { startAmazonSandbox, type AmazonSandbox } from './index.js';

const SPEC = loadSpec('amazon/definitionsProductTypes_2020-09-01.json');

let sandbox: AmazonSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function accessToken(fake: AmazonSandbox): Promise<string> {
  const response = await fetch(fake.lwaTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: fake.control.issueAuthorizationCode(),
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
    }).toString(),
  });
  return String(((await response.json()) as { access_token: string }).access_token);
}

async function definition(fake: AmazonSandbox, token: string, productType: string) {
  const query = `marketplaceIds=${fake.marketplaceId}&requirements=LISTING&locale=DEFAULT`;
  const response = await fetch(
    `${fake.baseUrl}/definitions/2020-09-01/productTypes/${productType}?${query}`,
    { headers: { 'x-amz-access-token': token } },
  );
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

interface ItemNameSchema {
  properties: {
    item_name: { type: string; items: { properties: { value: { maxLength?: number } } } };
  };
}

async function titleMaxLength(resource: string): Promise<number | undefined> {
  const response = await fetch(resource);
  expect(response.status).toBe(200);
  const schema = (await response.json()) as ItemNameSchema;
  expect(schema.properties.item_name.type).toBe('array');
  return schema.properties.item_name.items.properties.value.maxLength;
}

function spApiExchanges(fake: AmazonSandbox) {
  return fake.exchanges().filter((exchange) => exchange.path.startsWith('/definitions/'));
}

describe('fake Amazon: product type definitions', () => {
  it('links a schema per product type whose item_name limits differ', async () => {
    sandbox = await startAmazonSandbox({ listings: 20, orders: 0, recordExchanges: true });
    const fake = sandbox;
    const token = await accessToken(fake);
    const types = [...new Set(fake.groundTruth().listings.map((listing) => listing.productType))];
    expect(types.length).toBeGreaterThan(1);
    const limits: Record<string, number | undefined> = {};
    for (const productType of ['HOME', 'LUGGAGE', 'PET_SUPPLIES', ...types]) {
      const reply = await definition(fake, token, productType);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-amzn-ratelimit-limit')).toBe('5');
      expect(reply.json.productType).toBe(productType);
      const schema = reply.json.schema as { link: { resource: string; verb: string } };
      expect(schema.link.verb).toBe('GET');
      limits[productType] = await titleMaxLength(schema.link.resource);
    }
    expect(limits.HOME).toBe(200);
    expect(limits.LUGGAGE).toBe(150);
    expect(limits.PET_SUPPLIES).toBeUndefined();
    expectConformant(
      SPEC,
      spApiExchanges(fake).filter((exchange) => exchange.status < 400),
    );
  });

  it("answers an unknown product type with Amazon's 404 errors[] and throttles past the burst", async () => {
    sandbox = await startAmazonSandbox({ listings: 2, orders: 0, recordExchanges: true });
    const fake = sandbox;
    const token = await accessToken(fake);
    const missing = await definition(fake, token, 'NO_SUCH_TYPE');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      errors: [
        {
          code: 'NotFound',
          message: "Resource not found: product type 'NO_SUCH_TYPE' does not exist.",
        },
      ],
    });
    const statuses: number[] = [];
    for (let index = 0; index < 10; index++)
      statuses.push((await definition(fake, token, 'HOME')).status);
    // The burst of 10 is spent by the 404 and nine more; the tenth waits for a token.
    expect(statuses.slice(0, 9).every((status) => status === 200)).toBe(true);
    expect(statuses[9]).toBe(429);
    const problems = spApiExchanges(fake).flatMap((exchange) =>
      SPEC.checkResponse(exchange.method, exchange.path, exchange.status, exchange.response),
    );
    expect(problems).toEqual([]);
    const schemaMissing = await fetch(`${fake.baseUrl}/sandbox-schemas/NO_SUCH_TYPE.json`);
    expect(schemaMissing.status).toBe(404);
  });
});
