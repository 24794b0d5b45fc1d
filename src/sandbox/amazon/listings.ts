/**
 * Listings Items API 2021-08-01 (model listingsItems_2021-08-01.json): searchListingsItems,
 * getListingsItem, putListingsItem, patchListingsItem, deleteListingsItem. Listing content the
 * fake holds is rendered per `includedData` (summaries by default); writes answer with a
 * ListingsItemSubmissionResponse (`ACCEPTED`, or `INVALID` with `issues[]` and nothing changed;
 * `VALID` in VALIDATION_PREVIEW mode). Text attributes show one entry per language the listing
 * has a value in, the site's own first. Accepted changes apply at once (Amazon applies them
 * asynchronously within minutes; the fake does not model that delay).
 */
import type { FakeContext, OperationCall } from './context.js';
import { checkMarketplaces, checkSeller } from './context.js';
import { applyPatches, issue, textAttribute, type PatchOperation } from './listing-patch.js';
import { AmazonApiError, decodeToken, encodeToken, invalidInput, notFound } from './protocol.js';
import { formatAmount, isoSeconds } from './sites.js';
import {
  addListing,
  compareListings,
  listingSortValue,
  recordWrite,
  removeListing,
  sortedListings,
  touchListing,
  type FakeIssue,
  type FakeListing,
} from './state.js';
import type { SandboxResponse } from '../kit/server.js';

export const INCLUDED_DATA = [
  'summaries',
  'attributes',
  'issues',
  'offers',
  'fulfillmentAvailability',
  'procurement',
  'relationships',
  'productTypes',
] as const;
const SORT_BY = ['sku', 'createdDate', 'lastUpdatedDate'] as const;
const TOKEN_LIFETIME_MS = 24 * 3_600_000;

function localized(context: FakeContext, value: string) {
  const { site } = context.state;
  return { value, language_tag: site.languageTag, marketplace_id: site.marketplaceId };
}

function priceValue(context: FakeContext, minor: number): number {
  // A JSON number written from the exact decimal text, as Amazon's attribute JSON carries it.
  return Number(formatAmount(minor, context.state.site.currencyDigits));
}

export function listingAttributes(
  context: FakeContext,
  listing: FakeListing,
): Record<string, unknown[]> {
  const { site } = context.state;
  const offer: Record<string, unknown> = {
    marketplace_id: site.marketplaceId,
    currency: site.currency,
    audience: 'ALL',
    our_price: [{ schedule: [{ value_with_tax: priceValue(context, listing.priceMinor) }] }],
  };
  if (listing.minimumPriceMinor !== null)
    offer.minimum_seller_allowed_price = [
      { schedule: [{ value_with_tax: priceValue(context, listing.minimumPriceMinor) }] },
    ];
  return {
    item_name: textAttribute(context, listing, 'title'),
    product_description: textAttribute(context, listing, 'description'),
    bullet_point: listing.bullets.map((bullet) => localized(context, bullet)),
    generic_keyword: [localized(context, listing.keywords)],
    brand: [localized(context, listing.brand)],
    condition_type: [{ value: 'new_new', marketplace_id: site.marketplaceId }],
    purchasable_offer: [offer],
    fulfillment_availability: [
      listing.quantity === null
        ? { fulfillment_channel_code: site.fbaChannel }
        : { fulfillment_channel_code: 'DEFAULT', quantity: listing.quantity },
    ],
    ...listing.extraAttributes,
  };
}

function renderIssues(context: FakeContext, issues: readonly FakeIssue[]) {
  return issues.map((entry) => ({ ...entry, marketplaceIds: [context.state.site.marketplaceId] }));
}

export function renderItem(
  context: FakeContext,
  listing: FakeListing,
  included: readonly string[],
) {
  const { site } = context.state;
  const item: Record<string, unknown> = { sku: listing.sku };
  const status = [
    ...(listing.buyable ? ['BUYABLE'] : []),
    ...(listing.discoverable ? ['DISCOVERABLE'] : []),
  ];
  if (included.includes('summaries'))
    item.summaries = [
      {
        marketplaceId: site.marketplaceId,
        asin: listing.asin,
        productType: listing.productType,
        conditionType: 'new_new',
        status,
        ...(listing.fba ? { fnSku: listing.fba.fnSku } : {}),
        itemName: listing.title,
        createdDate: isoSeconds(listing.createdAt),
        lastUpdatedDate: isoSeconds(listing.updatedAt),
      },
    ];
  if (included.includes('attributes')) item.attributes = listingAttributes(context, listing);
  if (included.includes('issues')) item.issues = renderIssues(context, listing.issues);
  if (included.includes('offers'))
    item.offers = listing.buyable
      ? [
          {
            marketplaceId: site.marketplaceId,
            offerType: 'B2C',
            price: {
              currencyCode: site.currency,
              amount: formatAmount(listing.priceMinor, site.currencyDigits),
            },
            audience: { value: 'ALL', displayName: 'Sell on Amazon' },
          },
        ]
      : [];
  if (included.includes('fulfillmentAvailability'))
    item.fulfillmentAvailability = [
      listing.quantity === null
        ? { fulfillmentChannelCode: site.fbaChannel, quantity: listing.fba?.fulfillable ?? 0 }
        : { fulfillmentChannelCode: 'DEFAULT', quantity: listing.quantity },
    ];
  if (included.includes('procurement')) item.procurement = [];
  if (included.includes('relationships'))
    item.relationships = [{ marketplaceId: site.marketplaceId, relationships: [] }];
  if (included.includes('productTypes'))
    item.productTypes = [{ marketplaceId: site.marketplaceId, productType: listing.productType }];
  return item;
}

function includedData(call: OperationCall): string[] {
  return call.query.list('includedData', { allowed: INCLUDED_DATA }) ?? ['summaries'];
}

function listingFilter(call: OperationCall): (listing: FakeListing) => boolean {
  const { query } = call;
  const identifiers = query.list('identifiers', { max: 20 });
  const identifiersType = query.oneOf('identifiersType', [
    'ASIN',
    'EAN',
    'FNSKU',
    'GTIN',
    'ISBN',
    'JAN',
    'MINSAN',
    'SKU',
    'UPC',
  ]);
  if ((identifiers === undefined) !== (identifiersType === undefined))
    throw invalidInput('Invalid Input: identifiers and identifiersType must be given together.');
  const variation = query.string('variationParentSku');
  const hierarchy = query.string('packageHierarchySku');
  if ([identifiers, variation, hierarchy].filter((value) => value !== undefined).length > 1)
    throw invalidInput(
      'Invalid Input: use only one of identifiers, variationParentSku and packageHierarchySku.',
    );
  const createdAfter = query.date('createdAfter', false);
  const createdBefore = query.date('createdBefore', false);
  const updatedAfter = query.date('lastUpdatedAfter', false);
  const updatedBefore = query.date('lastUpdatedBefore', false);
  const severities = query.list('withIssueSeverity', { allowed: ['WARNING', 'ERROR'] });
  const withStatus = query.list('withStatus', { allowed: ['BUYABLE', 'DISCOVERABLE'] });
  const withoutStatus = query.list('withoutStatus', { allowed: ['BUYABLE', 'DISCOVERABLE'] });
  const has = (listing: FakeListing, status: string) =>
    status === 'BUYABLE' ? listing.buyable : listing.discoverable;
  return (listing) => {
    // The fake sells no variation families or packs: those filters match nothing.
    if (variation !== undefined || hierarchy !== undefined) return false;
    if (identifiers && identifiersType) {
      const own =
        identifiersType === 'SKU'
          ? listing.sku
          : identifiersType === 'ASIN'
            ? listing.asin
            : identifiersType === 'FNSKU'
              ? listing.fba?.fnSku
              : undefined;
      if (own === undefined || !identifiers.includes(own)) return false;
    }
    if (createdAfter !== undefined && listing.createdAt < createdAfter) return false;
    if (createdBefore !== undefined && listing.createdAt > createdBefore) return false;
    if (updatedAfter !== undefined && listing.updatedAt < updatedAfter) return false;
    if (updatedBefore !== undefined && listing.updatedAt > updatedBefore) return false;
    if (severities && !listing.issues.some((entry) => severities.includes(entry.severity)))
      return false;
    if (withStatus && !withStatus.every((status) => has(listing, status))) return false;
    if (withoutStatus && withoutStatus.some((status) => has(listing, status))) return false;
    return true;
  };
}

/** GET /listings/2021-08-01/items/{sellerId} */
export function searchListingsItems(call: OperationCall): SandboxResponse {
  const { context, query, request } = call;
  checkSeller(context, call.params.sellerId);
  checkMarketplaces(context, query.list('marketplaceIds', { required: true }));
  query.string('issueLocale');
  const included = includedData(call);
  const pageSize = query.int('pageSize', 1, 20) ?? 10;
  const sortBy = query.oneOf('sortBy', SORT_BY) ?? 'lastUpdatedDate';
  const descending = (query.oneOf('sortOrder', ['ASC', 'DESC']) ?? 'DESC') === 'DESC';
  const matches = listingFilter(call);
  const fingerprintParams = new URLSearchParams(request.query);
  for (const name of ['pageToken', 'pageSize', 'includedData', 'issueLocale'])
    fingerprintParams.delete(name);
  fingerprintParams.sort();
  const fingerprint = fingerprintParams.toString();
  const now = context.clock.now();
  const ordered = sortedListings(context.state, sortBy).filter(matches);
  if (descending) ordered.reverse();
  let start = 0;
  const token = query.string('pageToken');
  if (token !== undefined) {
    const payload = decodeToken('pageToken', token, fingerprint, now);
    const key = payload.k;
    if (!Array.isArray(key) || key.length !== 2)
      throw invalidInput('Invalid Input: pageToken is not valid for this request.');
    const probe = {
      sku: String(key[1]),
      createdAt: Number(key[0]),
      updatedAt: Number(key[0]),
    } as FakeListing;
    if (sortBy === 'sku') probe.sku = String(key[1]);
    // First listing strictly after the last one served, in the requested direction.
    start = ordered.findIndex((listing) => {
      const order = compareListings(listing, probe, sortBy);
      return descending ? order < 0 : order > 0;
    });
    if (start === -1) start = ordered.length;
  }
  const page = ordered.slice(start, start + pageSize);
  const last = page.at(-1);
  const more = start + pageSize < ordered.length && last !== undefined;
  const body: Record<string, unknown> = {
    numberOfResults: ordered.length,
    items: page.map((listing) => renderItem(context, listing, included)),
  };
  if (more)
    body.pagination = {
      nextToken: encodeToken({
        f: fingerprint,
        k: [listingSortValue(last, sortBy), last.sku],
        x: now + TOKEN_LIFETIME_MS,
      }),
    };
  return { status: 200, json: body };
}

function listingOf(call: OperationCall): FakeListing {
  const sku = call.params.sku ?? '';
  const listing = call.context.state.listingBySku.get(sku);
  if (!listing)
    throw notFound(
      `The listing with SKU '${sku}' was not found in marketplace ${call.context.state.site.marketplaceId}.`,
    );
  return listing;
}

/** GET /listings/2021-08-01/items/{sellerId}/{sku} */
export function getListingsItem(call: OperationCall): SandboxResponse {
  checkSeller(call.context, call.params.sellerId);
  checkMarketplaces(call.context, call.query.list('marketplaceIds', { required: true }));
  const included = includedData(call);
  return { status: 200, json: renderItem(call.context, listingOf(call), included) };
}

function submission(call: OperationCall, issues: FakeIssue[], validateOnly: boolean) {
  const invalid = issues.some((entry) => entry.severity === 'ERROR');
  return {
    status: 200,
    json: {
      sku: call.params.sku ?? '',
      status: invalid ? 'INVALID' : validateOnly ? 'VALID' : 'ACCEPTED',
      submissionId: call.context.random.hex(32),
      issues: renderIssues(call.context, issues),
    },
  };
}

function bodyObject(call: OperationCall): Record<string, unknown> {
  const { body, bodyError } = call.request;
  if (bodyError !== null || body === null || typeof body !== 'object' || Array.isArray(body))
    throw invalidInput('Invalid Input: the request body must be a JSON object.');
  return body as Record<string, unknown>;
}

function writeOptions(call: OperationCall): boolean {
  checkSeller(call.context, call.params.sellerId);
  checkMarketplaces(call.context, call.query.list('marketplaceIds', { required: true }));
  call.query.list('includedData', { allowed: ['identifiers', 'issues'] });
  return call.query.oneOf('mode', ['VALIDATION_PREVIEW']) === 'VALIDATION_PREVIEW';
}

/** PATCH /listings/2021-08-01/items/{sellerId}/{sku} */
export function patchListingsItem(call: OperationCall): SandboxResponse {
  const validateOnly = writeOptions(call);
  const body = bodyObject(call);
  const productType = body.productType;
  const patches = body.patches;
  if (
    typeof productType !== 'string' ||
    productType === '' ||
    !Array.isArray(patches) ||
    patches.length === 0
  )
    throw invalidInput('Invalid Input: productType and at least one patch are required.');
  const operations = patches.map((patch): PatchOperation => {
    if (!patch || typeof patch !== 'object')
      throw invalidInput('Invalid Input: each patch must be an object.');
    const { op, path, value } = patch as Record<string, unknown>;
    if (typeof op !== 'string' || typeof path !== 'string')
      throw invalidInput('Invalid Input: each patch needs op and path.');
    return { op, path, value };
  });
  const listing = call.context.state.listingBySku.get(call.params.sku ?? '');
  if (!listing)
    return submission(
      call,
      [
        issue(
          '4000001',
          `The SKU '${call.params.sku ?? ''}' does not exist for this seller; create it with putListingsItem first.`,
        ),
      ],
      validateOnly,
    );
  return submission(
    call,
    applyPatches(call.context, listing, productType, operations, 'patch', validateOnly),
    validateOnly,
  );
}

/** PUT /listings/2021-08-01/items/{sellerId}/{sku}: creates or fully replaces a listing. */
export function putListingsItem(call: OperationCall): SandboxResponse {
  const validateOnly = writeOptions(call);
  const body = bodyObject(call);
  const { productType, attributes, requirements } = body;
  if (
    typeof productType !== 'string' ||
    productType === '' ||
    !attributes ||
    typeof attributes !== 'object' ||
    Array.isArray(attributes)
  )
    throw invalidInput('Invalid Input: productType and attributes are required.');
  const sku = call.params.sku ?? '';
  const { context } = call;
  const existing = context.state.listingBySku.get(sku);
  const now = context.clock.now();
  const draft: FakeListing = existing
    ? { ...existing, extraAttributes: {}, issues: [] }
    : {
        sku,
        asin: `B0${context.random.hex(8).toUpperCase()}`,
        productType,
        title: '',
        description: '',
        bullets: [],
        keywords: '',
        brand: '',
        priceMinor: 0,
        minimumPriceMinor: null,
        quantity: 0,
        fba: null,
        buyable: false,
        discoverable: false,
        issues: [],
        extraAttributes: {},
        createdAt: now,
        updatedAt: now,
      };
  draft.productType = productType;
  const named = attributes as Record<string, unknown>;
  const offerOnly = requirements === 'LISTING_OFFER_ONLY';
  const issues: FakeIssue[] = [];
  if (!offerOnly && named.item_name === undefined)
    issues.push(
      issue('90220', "'item_name' is required but not supplied.", 'item_name', [
        'MISSING_ATTRIBUTE',
      ]),
    );
  const patches = Object.entries(named).map(([name, value]) => ({
    op: 'replace',
    path: `/attributes/${name}`,
    value,
  }));
  if (issues.length === 0)
    issues.push(...applyPatches(context, draft, productType, patches, 'put', true));
  if (issues.length > 0 || validateOnly) return submission(call, issues, validateOnly);
  applyPatches(context, draft, productType, patches, 'put');
  draft.buyable = named.purchasable_offer !== undefined && draft.priceMinor > 0;
  draft.discoverable = !offerOnly || existing?.discoverable === true;
  if (existing) Object.assign(existing, draft);
  else addListing(context.state, draft);
  touchListing(context.state, existing ?? draft, now);
  recordWrite(context.state, { at: now, sku, via: 'put', field: 'listing', value: null });
  return submission(call, [], false);
}

/** DELETE /listings/2021-08-01/items/{sellerId}/{sku} */
export function deleteListingsItem(call: OperationCall): SandboxResponse {
  checkSeller(call.context, call.params.sellerId);
  checkMarketplaces(call.context, call.query.list('marketplaceIds', { required: true, max: 1 }));
  const listing = listingOf(call);
  removeListing(call.context.state, listing.sku);
  recordWrite(call.context.state, {
    at: call.context.clock.now(),
    sku: listing.sku,
    via: 'delete',
    field: 'deleted',
    value: null,
  });
  return submission(call, [], false);
}

export { AmazonApiError };
