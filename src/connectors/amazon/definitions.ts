/**
 * A product type's title limit from Amazon's Product Type Definitions API
 * (definitionsProductTypes_2020-09-01): getDefinitionsProductType answers a definition whose
 * `schema.link.resource` is a JSON Schema document on Amazon's document storage; the title is the
 * schema's `item_name` property, an array whose items' `value` string carries `maxLength`.
 */
import { z } from 'zod';
import { InvalidPayloadError, PermanentError } from '../http/errors.js';
import type { AmazonApi } from './api.js';
import { issueLines } from './schemas.js';

const OPERATION = 'getDefinitionsProductType';

const ProductTypeDefinition = z.object({
  productType: z.string(),
  schema: z.object({
    link: z.object({ resource: z.url(), verb: z.literal('GET') }),
    checksum: z.string(),
  }),
});

/** Only the path to item_name's value; the rest of a schema document is many kilobytes we skip. */
const TitleSchema = z.object({
  properties: z
    .object({
      item_name: z
        .object({
          items: z.object({
            properties: z.object({
              value: z.object({ maxLength: z.number().int().positive().optional() }),
            }),
          }),
        })
        .optional(),
    })
    .optional(),
});

/**
 * The longest title (in characters) the product type accepts in the account's marketplace; null
 * when its schema sets no limit or Amazon has no such product type (404), so the caller applies
 * the general one.
 */
export async function readTitleLimit(api: AmazonApi, productType: string): Promise<number | null> {
  let definition: z.infer<typeof ProductTypeDefinition>;
  try {
    definition = await api.call(
      OPERATION,
      'definitions.getDefinitionsProductType',
      {
        method: 'GET',
        path: `/definitions/2020-09-01/productTypes/${encodeURIComponent(productType)}`,
        query: {
          marketplaceIds: api.identity.marketplaceId,
          requirements: 'LISTING',
          locale: 'DEFAULT',
          ...(api.identity.sellerId ? { sellerId: api.identity.sellerId } : {}),
        },
        idempotent: true,
      },
      ProductTypeDefinition,
    );
  } catch (error) {
    if (error instanceof PermanentError && error.httpStatus === 404) return null;
    throw error;
  }
  const text = await api.client.request<string>({
    operation: 'definitions.downloadSchema',
    bucket: 'definitions.schema',
    method: 'GET',
    path: definition.schema.link.resource,
    idempotent: true,
    authenticated: false,
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidPayloadError(
      `The schema of Amazon product type ${productType} is not JSON`,
      [],
      { marketplace: 'amazon', operation: 'definitions.downloadSchema' },
    );
  }
  const parsed = TitleSchema.safeParse(json);
  if (!parsed.success)
    throw new InvalidPayloadError(
      `The schema of Amazon product type ${productType} has an unexpected shape`,
      issueLines(parsed.error),
      { marketplace: 'amazon', operation: 'definitions.downloadSchema' },
    );
  return parsed.data.properties?.item_name?.items.properties.value.maxLength ?? null;
}
