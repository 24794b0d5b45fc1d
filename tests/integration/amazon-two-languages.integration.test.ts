/**
 * Issue 9's two-language Amazon site end to end: an Amazon.ca listing of a Chinese product with
 * reviewed en-CA and fr-CA texts is published (nothing unsent), pushed through the real connector
 * to the fake Amazon, which then holds both languages under their own language_tag; both texts
 * are published, and the next pull reads the listing back in English with nothing left to push.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { qb } from '../../src/engine/store/compiler.js';
import { openStore, type Store } from '../../src/engine/store/connection.js';
import { upsertAccount, upsertListings, upsertProducts } from '../../src/engine/store/ingest.js';
import { releaseHeld } from '../../src/engine/store/pending.js';
import { accountInput, productInput } from '../../src/engine/store/test-fixtures.js';
import { drainOutbox } from '../../src/engine/sync/push.js';
import { memoryProviderKeys } from '../../src/engine/translate/keys.js';
import { TranslateService } from '../../src/engine/translate/service.js';
import { expectConformant, loadSpec } from '../conformance/openapi.js';
import {
  authorize,
  pullAllListings,
  startAmazonHarness,
  type AmazonHarness,
} from './amazon-harness.js';

const SPEC = loadSpec('amazon/listingsItems_2021-08-01.json');

const ENGLISH = {
  title: 'Bamboo Travel Mug, 350 ml – leak-proof',
  description: '<p>Light &amp; sturdy: <b>350 ml</b>.</p>',
};
const FRENCH = {
  title: 'Tasse de voyage en bambou « 350 ml » – étanche',
  description: '<p>Légère et solide : <b>350 ml</b>.</p>',
};

let harness: AmazonHarness | undefined;
let store: Store | undefined;
afterEach(async () => {
  store?.close();
  store = undefined;
  await harness?.close();
  harness = undefined;
});

/** getListingsItem with includedData=attributes, asked directly (not through our connector). */
async function attributesOf(sku: string): Promise<Record<string, unknown>> {
  const { sandbox } = harness!;
  const token = await fetch(sandbox.lwaTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: sandbox.control.issueAuthorizationCode(),
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
    }).toString(),
  }).then(async (response) => ((await response.json()) as { access_token: string }).access_token);
  const response = await fetch(
    `${sandbox.baseUrl}/listings/2021-08-01/items/${sandbox.sellerId}/${encodeURIComponent(sku)}` +
      `?marketplaceIds=${sandbox.marketplaceId}&includedData=attributes`,
    { headers: { 'x-amz-access-token': token } },
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { attributes: Record<string, unknown> }).attributes;
}

describe('Amazon.ca: publishing both languages of a listing', () => {
  it('sends en-CA and fr-CA in one patch, the fake holds both, both texts are published', async () => {
    harness = await startAmazonHarness({ site: 'CA', listings: 3, orders: 0 });
    await authorize(harness);
    const { connector, sandbox } = harness;
    const { items } = await pullAllListings(connector);
    const item = items[0]!;
    const opened = (store = openStore(':memory:'));
    const accountId = opened.write((w) => {
      upsertProducts(w, [
        productInput({ sku: item.sku, title: '竹制旅行杯', sourceLocale: 'zh-CN', stock: [] }),
      ]);
      const account = upsertAccount(
        w,
        accountInput({
          marketplace: 'amazon',
          site: sandbox.site,
          shopId: sandbox.sellerId,
          currency: 'CAD',
          locale: 'en-CA',
        }),
      );
      upsertListings(w, account, items);
      return account;
    });
    const listingId = opened.read(
      (r) => r.first(qb.selectFrom('listings').select('id').where('sku', '=', item.sku))!.id,
    );
    let keys = 0;
    const translate = new TranslateService({
      store: opened,
      keys: memoryProviderKeys(),
      newKey: () => `two-languages-${++keys}`,
    });
    // Keywords as Amazon shows them: the connector writes titles and descriptions only.
    for (const [locale, text] of [
      ['en-CA', ENGLISH],
      ['fr-CA', FRENCH],
    ] as const)
      await translate.review({
        listingId,
        locale,
        ...text,
        bulletPoints: [],
        keywords: item.keywords,
      });

    const published = await translate.publish([listingId]);
    expect(published).toEqual({
      published: [{ listingId, sku: item.sku, unsent: [] }],
      blocked: [],
    });
    const before = await attributesOf(item.sku);
    expect(before.item_name).toEqual([
      { value: item.title, language_tag: 'en_CA', marketplace_id: sandbox.marketplaceId },
    ]);

    opened.write((w) => releaseHeld(w, { all: true }));
    const outcome = await drainOutbox({
      store: opened,
      accountId,
      connector,
      scope: 'all',
      targetQuantity: () => null,
    });
    expect(outcome.rejected).toEqual([]);
    expect(outcome.succeeded).toBe(1);

    const patches = sandbox
      .exchanges()
      .filter((exchange) => exchange.method === 'PATCH' && exchange.path.includes('/items/'));
    expect(patches).toHaveLength(1);
    expect(patches[0]?.status).toBe(200);
    expect(patches[0]?.response).toMatchObject({ status: 'ACCEPTED' });
    const entries = (
      text: { title: string; description: string }[],
      key: 'title' | 'description',
    ) =>
      text.map((entry, index) => ({
        value: entry[key],
        language_tag: index === 0 ? 'en_CA' : 'fr_CA',
        marketplace_id: sandbox.marketplaceId,
      }));
    const after = await attributesOf(item.sku);
    expect(JSON.stringify(after.item_name)).toBe(
      JSON.stringify(entries([ENGLISH, FRENCH], 'title')),
    );
    expect(JSON.stringify(after.product_description)).toBe(
      JSON.stringify(entries([ENGLISH, FRENCH], 'description')),
    );
    expectConformant(
      [SPEC],
      sandbox.exchanges().filter((exchange) => exchange.path.startsWith('/listings/')),
    );

    const states = opened.read((r) =>
      r.all(
        qb
          .selectFrom('listing_texts')
          .select(['locale', 'review_state'])
          .where('listing_id', '=', listingId)
          .orderBy('locale'),
      ),
    );
    expect(states).toEqual([
      { locale: 'en-CA', review_state: 'published' },
      { locale: 'fr-CA', review_state: 'published' },
    ]);

    // The next pull reads the English entry back as the listing's own text: nothing to push.
    const again = await pullAllListings(connector);
    opened.write((w) => upsertListings(w, accountId, again.items));
    const row = opened.read((r) =>
      r.first(
        qb
          .selectFrom('listings')
          .select(['title', 'description', 'dirty', 'sync_state'])
          .where('id', '=', listingId),
      ),
    );
    expect(row).toEqual({ ...ENGLISH, dirty: 0, sync_state: 'synced' });
  });
});
