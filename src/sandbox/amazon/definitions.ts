/**
 * getDefinitionsProductType of the fake (definitionsProductTypes_2020-09-01): `GET
 * /definitions/2020-09-01/productTypes/{productType}` answers a ProductTypeDefinition whose
 * `schema.link.resource` points at a JSON Schema document the fake serves itself, unauthenticated
 * like Amazon's presigned schema links (`/sandbox-schemas/{productType}.json`). The title is the
 * schema's `item_name` property: an array of `{value, language_tag, marketplace_id}` whose `value`
 * carries `maxLength`.
 *
 * The limits below are THE FAKE'S OWN numbers, chosen so that product types differ (200 and 150)
 * and one has no maxLength at all; they are not Amazon's real limits for these product types.
 */
import { createHash } from 'node:crypto';
import type { SandboxResponse } from '../kit/server.js';
import { checkMarketplaces, type OperationCall, type FakeContext } from './context.js';
import { notFound } from './protocol.js';

/** item_name maxLength per product type of the fake's catalogue; null = the schema sets none. */
export const FAKE_TITLE_LIMITS: Readonly<Record<string, number | null>> = {
  HOME: 200,
  KITCHEN: 200,
  LUGGAGE: 150,
  SHOES: 150,
  PET_SUPPLIES: null,
};

const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  HOME: 'Home',
  KITCHEN: 'Kitchen',
  LUGGAGE: 'Luggage',
  SHOES: 'Shoes',
  PET_SUPPLIES: 'Pet Supplies',
};

const REQUIREMENTS = ['LISTING', 'LISTING_PRODUCT_ONLY', 'LISTING_OFFER_ONLY'] as const;
const ENFORCED = ['ENFORCED', 'NOT_ENFORCED'] as const;
const VERSION = 'U1234567890ABCDEF0123456789ABCDEF';

function known(productType: string): boolean {
  return Object.hasOwn(FAKE_TITLE_LIMITS, productType);
}

/** The JSON Schema document of one product type (only the parts the fake models). */
export function schemaDocument(context: FakeContext, productType: string): Record<string, unknown> {
  const maxLength = FAKE_TITLE_LIMITS[productType];
  const value: Record<string, unknown> = {
    title: 'Item Name',
    description: 'Provide a title for the item that may be customer facing',
    type: 'string',
    minLength: 0,
    ...(typeof maxLength === 'number' ? { maxLength } : {}),
  };
  return {
    $schema: 'https://schemas.amazon.com/selling-partners/definitions/product-types/meta-schema/v1',
    $id: `${context.baseUrl()}/sandbox-schemas/${productType}.json`,
    type: 'object',
    properties: {
      item_name: {
        title: 'Item Name',
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['value', 'language_tag', 'marketplace_id'],
          properties: {
            value,
            language_tag: { type: 'string' },
            marketplace_id: { type: 'string' },
          },
        },
      },
    },
  };
}

function schemaText(context: FakeContext, productType: string): string {
  return JSON.stringify(schemaDocument(context, productType));
}

export function getDefinitionsProductType(call: OperationCall): SandboxResponse {
  const { context, query } = call;
  const productType = call.params.productType ?? '';
  const marketplaceIds = query.list('marketplaceIds', { required: true, max: 1 });
  checkMarketplaces(context, marketplaceIds);
  const requirements = query.oneOf('requirements', REQUIREMENTS) ?? 'LISTING';
  const requirementsEnforced = query.oneOf('requirementsEnforced', ENFORCED) ?? 'ENFORCED';
  const locale = query.string('locale') ?? 'DEFAULT';
  if (!known(productType))
    throw notFound(`Resource not found: product type '${productType}' does not exist.`);
  const checksum = createHash('md5').update(schemaText(context, productType)).digest('base64');
  return {
    status: 200,
    json: {
      metaSchema: {
        link: {
          resource:
            'https://schemas.amazon.com/selling-partners/definitions/product-types/meta-schema/v1',
          verb: 'GET',
        },
        checksum: 'ZmFrZS1tZXRhLXNjaGVtYQ==',
      },
      schema: {
        link: {
          resource: `${context.baseUrl()}/sandbox-schemas/${encodeURIComponent(productType)}.json`,
          verb: 'GET',
        },
        checksum,
      },
      requirements,
      requirementsEnforced,
      propertyGroups: {
        product_identity: {
          title: 'Product Identity',
          description: 'Information to uniquely identify your product',
          propertyNames: ['item_name'],
        },
      },
      locale,
      marketplaceIds: marketplaceIds ?? [],
      productType,
      displayName: DISPLAY_NAMES[productType] ?? productType,
      productTypeVersion: { version: VERSION, latest: true, releaseCandidate: false },
    },
  };
}

/** The schema document a definition links to; an unknown name is S3's 404. */
export function schemaResource(context: FakeContext, name: string): SandboxResponse {
  const productType = name.replace(/\.json$/, '');
  if (!name.endsWith('.json') || !known(productType))
    return {
      status: 404,
      headers: { 'content-type': 'application/xml' },
      text: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
    };
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    text: schemaText(context, productType),
  };
}
