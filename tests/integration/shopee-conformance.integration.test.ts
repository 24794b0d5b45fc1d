/**
 * Conformance: every request the connector sends passes the fake's own checks (signature,
 * 5-minute timestamp, token, shop) and matches the scraped Shopee reference records, and every
 * reply of the fake matches the records' response trees. The records are read at test time from
 * ../shared/marketplace-specs/shopee; a mismatch fails the test with the API and the field named.
 */
import { describe, expect, it } from 'vitest';
import type { SandboxExchange } from '../../src/sandbox/kit/server.js';
import { authorize, pullAllListings, pullAllOrders, startHarness } from './shopee-harness.js';
import {
  findSpecsDirectory,
  fitsType,
  limitRange,
  loadRecords,
  type ApiRecord,
  type ParamNode,
} from './shopee-spec-records.js';

const ENVELOPE_FIELDS = new Set(['request_id', 'error', 'message', 'warning', 'response']);
/**
 * Places where the scraped get_item_base_info tree puts per-item fields one level up (beside
 * item_list); Shopee returns them per item, as its own samples and field descriptions say.
 */
const MISNESTED: Record<string, string[]> = {
  '/api/v2/product/get_item_base_info': [
    'stock_info_v2',
    'description_type',
    'description_info',
    'tax_info',
    'complaint_policy',
  ],
};
/** The consent page has no API record (it is a browser redirect in the guide). */
const WITHOUT_RECORD = new Set(['/api/v2/shop/auth_partner']);

function findChild(nodes: ParamNode[], name: string): ParamNode | undefined {
  return nodes.find((node) => node.name === name);
}

function checkParams(
  api: string,
  nodes: ParamNode[],
  value: Record<string, unknown>,
  where: string,
  fromQuery: boolean,
  problems: string[],
): void {
  for (const node of nodes) {
    if (node.required && value[node.name] === undefined)
      problems.push(`${api}: required request parameter ${where}${node.name} is missing`);
  }
  for (const [name, inner] of Object.entries(value)) {
    const node = findChild(nodes, name);
    if (!node) {
      problems.push(`${api}: request parameter ${where}${name} is not in the record`);
      continue;
    }
    if (!fitsType(node.type, inner, fromQuery))
      problems.push(`${api}: ${where}${name}=${JSON.stringify(inner)} is not ${node.type}`);
    const range = limitRange(node.limits);
    if (range) {
      const size = Array.isArray(inner)
        ? inner.length
        : typeof inner === 'string' && node.type.endsWith('[]')
          ? inner.split(',').length
          : Number(inner);
      if (size < range[0] || size > range[1])
        problems.push(`${api}: ${where}${name} is ${size}, outside ${node.limits}`);
    }
    const entries = Array.isArray(inner) ? inner : [inner];
    for (const entry of entries) {
      if (node.children.length > 0 && entry && typeof entry === 'object' && !Array.isArray(entry)) {
        checkParams(
          api,
          node.children,
          entry as Record<string, unknown>,
          `${where}${name}.`,
          fromQuery,
          problems,
        );
      }
    }
  }
}

function checkReply(
  api: string,
  record: ApiRecord,
  nodes: ParamNode[],
  value: unknown,
  where: string,
  problems: string[],
  top: boolean,
): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const entry of value) checkReply(api, record, nodes, entry, where, problems, false);
    return;
  }
  for (const [name, inner] of Object.entries(value)) {
    if (inner === undefined) continue;
    let node = findChild(nodes, name);
    if (!node && where.endsWith('item_list[].') && MISNESTED[record.path]?.includes(name)) {
      node = findChild(findChild(record.response, 'response')?.children ?? [], name);
    }
    if (!node) {
      if (top && ENVELOPE_FIELDS.has(name)) continue;
      problems.push(`${api}: reply field ${where}${name} is not in the record`);
      continue;
    }
    if (!fitsType(node.type, inner, false))
      problems.push(
        `${api}: reply field ${where}${name}=${JSON.stringify(inner)} is not ${node.type}`,
      );
    if (node.children.length > 0)
      checkReply(
        api,
        record,
        node.children,
        inner,
        `${where}${name}${Array.isArray(inner) ? '[]' : ''}.`,
        problems,
        false,
      );
  }
}

const COMMON_QUERY = ['partner_id', 'timestamp', 'sign', 'access_token', 'shop_id'];

function checkExchange(
  records: Map<string, ApiRecord>,
  exchange: SandboxExchange,
  problems: string[],
): void {
  if (WITHOUT_RECORD.has(exchange.path)) return;
  const record = records.get(exchange.path);
  if (!record) {
    problems.push(`${exchange.path}: no reference record`);
    return;
  }
  const api = record.apiName;
  if (record.method !== exchange.method)
    problems.push(`${api}: sent ${exchange.method}, the record says ${record.method}`);
  const query: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(exchange.query)) {
    if (COMMON_QUERY.includes(name)) {
      if (
        !record.commonParams.includes(name) &&
        !['partner_id', 'timestamp', 'sign'].includes(name)
      ) {
        problems.push(`${api}: common parameter ${name} is not in the record`);
      }
      continue;
    }
    const node = findChild(record.request, name);
    query[name] = node?.type.endsWith('[]') && values.length > 1 ? values : values[0];
  }
  if (record.method === 'GET') checkParams(api, record.request, query, '', true, problems);
  else
    checkParams(
      api,
      record.request,
      (exchange.body ?? {}) as Record<string, unknown>,
      '',
      false,
      problems,
    );
  if (exchange.response !== undefined && exchange.status === 200) {
    checkReply(api, record, record.response, exchange.response, '', problems, true);
  }
}

describe('Shopee conformance with the reference records', () => {
  it('finds the records', () => {
    const { dir, tried } = findSpecsDirectory();
    expect(
      dir,
      `Shopee reference records not found; tried ${tried.join(', ')} (set SILKROUTE_MARKETPLACE_SPECS)`,
    ).not.toBeNull();
  });

  it('sends only documented, well-formed requests that pass the fake’s checks, and the fake answers as documented', async () => {
    const { dir } = findSpecsDirectory();
    expect(dir).not.toBeNull();
    const records = loadRecords(dir!);
    const harness = await startHarness({
      items: 120,
      orders: 150,
      seed: 8,
      rateLimit: null,
      timeScale: 50,
      sharedClock: true,
      recordExchanges: true,
    });
    try {
      await authorize(harness);
      const { connector, sandbox } = harness;
      const listings = await pullAllListings(connector);
      await pullAllListings(connector, new Date(sandbox.now() - 86_400_000).toISOString());
      const now = sandbox.now();
      const orders = await pullAllOrders(connector, {
        from: new Date(now - 40 * 86_400_000).toISOString(),
        to: new Date(now).toISOString(),
      });
      const withModels = listings.items.find((listing) => listing.remoteVariantId !== '')!;
      const single = listings.items.find(
        (listing) => listing.remoteVariantId === '' && listing.status === 'active',
      )!;
      await connector.updatePrices([
        {
          remoteId: withModels.remoteId,
          remoteVariantId: withModels.remoteVariantId,
          price: { amountMinor: 1990, currency: 'SGD' },
        },
      ]);
      await connector.updateStock([
        { remoteId: single.remoteId, remoteVariantId: '', quantity: 5 },
      ]);
      const created = await connector.createListing({
        sku: 'C-1',
        title: 'Conformance Cup',
        description: 'cup',
        price: { amountMinor: 1250, currency: 'SGD' },
        quantity: 3,
        status: 'active',
        weightGrams: 300,
        marketplaceFields: {
          categoryId: 100001,
          imageIds: ['i1'],
          logistics: [{ logisticId: 28016, enabled: true }],
        },
      });
      await connector.updateListing(created.items[0]!.remoteId, {
        title: 'Conformance Mug',
        status: 'inactive',
      });
      const toShip = orders.items.filter((order) => order.rawStatus === 'READY_TO_SHIP');
      for (const order of toShip) {
        const options = await connector.getShippingOptions(order.remoteId);
        if (options.methods.includes('tracking_only')) {
          await connector.confirmShipment({
            remoteOrderId: order.remoteId,
            trackingNumber: 'CONF-1',
            carrier: null,
            packageId: null,
          });
          break;
        }
      }
      sandbox.advance(4 * 3_600_000);
      await connector.refreshAuthorization();

      const exchanges = sandbox.exchanges();
      const called = new Set(exchanges.map((exchange) => exchange.path));
      for (const path of [
        '/api/v2/auth/token/get',
        '/api/v2/auth/access_token/get',
        '/api/v2/shop/get_shop_info',
        '/api/v2/product/get_item_list',
        '/api/v2/product/get_item_base_info',
        '/api/v2/product/get_model_list',
        '/api/v2/product/update_price',
        '/api/v2/product/update_stock',
        '/api/v2/product/add_item',
        '/api/v2/product/update_item',
        '/api/v2/order/get_order_list',
        '/api/v2/order/get_order_detail',
        '/api/v2/logistics/get_shipping_parameter',
        '/api/v2/logistics/ship_order',
      ]) {
        expect(called, path).toContain(path);
      }
      const problems: string[] = [];
      for (const exchange of exchanges) checkExchange(records, exchange, problems);
      expect([...new Set(problems)]).toEqual([]);
      // The fake's own checks: every call signed right, in the time window, with a valid token.
      const refused = exchanges.filter(
        (exchange) => ((exchange.response ?? {}) as { error?: string }).error,
      );
      expect(
        refused.map((exchange) => `${exchange.path}: ${JSON.stringify(exchange.response)}`),
      ).toEqual([]);
      expect(sandbox.stats().auth).toMatchObject({
        rejectedSignatures: 0,
        rejectedTimestamps: 0,
        rejectedTokens: 0,
        refreshTokenReuse: 0,
      });
    } finally {
      await harness.close();
    }
  });

  it('would catch a mismatch (the checker is not vacuous)', () => {
    const { dir } = findSpecsDirectory();
    expect(dir).not.toBeNull();
    const records = loadRecords(dir!);
    const problems: string[] = [];
    checkExchange(
      records,
      {
        method: 'GET',
        path: '/api/v2/product/get_item_list',
        query: { partner_id: ['1'], offset: ['zero'], page_size: ['101'], colour: ['red'] },
        body: undefined,
        status: 200,
        response: {
          request_id: 'r',
          error: '',
          message: '',
          response: { item: [{ item_id: 'x', mystery: 1 }], has_next_page: false },
        },
      },
      problems,
    );
    checkExchange(
      records,
      {
        method: 'POST',
        path: '/api/v2/product/update_price',
        query: {},
        body: { item_id: 1, price_list: [{ model_id: 0 }] },
        status: 200,
        response: undefined,
      },
      problems,
    );
    expect(problems).toEqual([
      'v2.product.get_item_list: required request parameter item_status is missing',
      'v2.product.get_item_list: offset="zero" is not int64',
      'v2.product.get_item_list: page_size is 101, outside [1,100]',
      'v2.product.get_item_list: request parameter colour is not in the record',
      'v2.product.get_item_list: reply field response.item[].item_id="x" is not int64',
      'v2.product.get_item_list: reply field response.item[].mystery is not in the record',
      'v2.product.update_price: required request parameter price_list.original_price is missing',
    ]);
  });

  it('asks get_order_detail only for documented optional fields', async () => {
    const { dir } = findSpecsDirectory();
    expect(dir).not.toBeNull();
    const record = loadRecords(dir!).get('/api/v2/order/get_order_detail')!;
    const description = findChild(record.request, 'response_optional_fields')!.description;
    const documented = /Available values:\s*([^<]+)/
      .exec(description)![1]!
      .split(',')
      .map((value) => value.trim());
    const { ORDER_OPTIONAL_FIELDS } = await import('../../src/connectors/shopee/orders.js');
    expect(ORDER_OPTIONAL_FIELDS.split(',').filter((field) => !documented.includes(field))).toEqual(
      [],
    );
  });
});
