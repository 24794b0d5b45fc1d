/**
 * The fake Amazon's text attributes per language, driven with plain fetch calls written from the
 * Listings Items model: Amazon.ca keeps an item_name and product_description per language_tag
 * (en_CA, fr_CA), a replace sets the whole attribute, merge only the languages it names, and a
 * tag the marketplace does not list in is refused whole (INVALID, nothing changed).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectConformant, loadSpec } from '../../../tests/conformance/openapi.js';
import { startAmazonSandbox, type AmazonSandbox } from './index.js';

const SPEC = loadSpec('amazon/listingsItems_2021-08-01.json');

let sandbox: AmazonSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const listingExchanges = (fake: AmazonSandbox) =>
  fake.exchanges().filter((exchange) => exchange.path.startsWith('/listings/'));

async function accessToken(fake: AmazonSandbox): Promise<string> {
  const response = await fetch(fake.lwaTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: fake.control.issueAuthorizationCode(),
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
    }).toString(),
  });
  return String(((await response.json()) as { access_token: unknown }).access_token);
}

async function setup(site: string) {
  const fake = (sandbox = await startAmazonSandbox({
    site,
    listings: 3,
    orders: 0,
    recordExchanges: true,
  }));
  const token = await accessToken(fake);
  const listing = fake.groundTruth().listings[0]!;
  const item = `/listings/2021-08-01/items/${fake.sellerId}/${encodeURIComponent(listing.sku)}`;
  const send = async (method: string, query: string, body?: unknown) => {
    const response = await fetch(
      `${fake.baseUrl}${item}?marketplaceIds=${fake.marketplaceId}${query}`,
      {
        method,
        headers: {
          'x-amz-access-token': token,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
    );
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const patch = (patches: unknown[]) =>
    send('PATCH', '', { productType: listing.productType, patches });
  const attributes = async () =>
    (await send('GET', '&includedData=attributes')).json.attributes as Record<string, unknown>;
  const text = (tag: string, value: string) => ({
    value,
    language_tag: tag,
    marketplace_id: fake.marketplaceId,
  });
  return { fake, listing, patch, attributes, text };
}

describe('fake Amazon: text attributes per language', () => {
  it('keeps item_name and product_description per language on Amazon.ca and shows both', async () => {
    const { fake, patch, attributes, text } = await setup('CA');
    const names = [
      text('en_CA', 'Bamboo Mug, 350 ml'),
      text('fr_CA', 'Tasse en bambou « 350 ml »'),
    ];
    const descriptions = [text('en_CA', 'Light & sturdy.'), text('fr_CA', 'Légère et solide.')];
    const accepted = await patch([
      { op: 'replace', path: '/attributes/item_name', value: names },
      { op: 'replace', path: '/attributes/product_description', value: descriptions },
    ]);
    expect(accepted).toMatchObject({ status: 200, json: { status: 'ACCEPTED', issues: [] } });
    const shown = await attributes();
    expect(shown.item_name).toEqual(names);
    expect(shown.product_description).toEqual(descriptions);
    expect(fake.groundTruth().listings[0]?.title).toBe('Bamboo Mug, 350 ml');

    // merge changes only the language it names; replace sets the whole attribute.
    const merged = await patch([
      { op: 'merge', path: '/attributes/item_name', value: [text('fr_CA', 'Tasse')] },
    ]);
    expect(merged.json.status).toBe('ACCEPTED');
    expect((await attributes()).item_name).toEqual([names[0], text('fr_CA', 'Tasse')]);
    const replaced = await patch([
      { op: 'replace', path: '/attributes/item_name', value: [text('en_CA', 'Mug')] },
    ]);
    expect(replaced.json.status).toBe('ACCEPTED');
    expect((await attributes()).item_name).toEqual([text('en_CA', 'Mug')]);
    expectConformant([SPEC], listingExchanges(fake));
  });

  it("refuses a language the marketplace does not list in, and a replace without the site's own", async () => {
    const { fake, listing, patch, attributes, text } = await setup('CA');
    const before = await attributes();
    const german = await patch([
      {
        op: 'replace',
        path: '/attributes/item_name',
        value: [text('en_CA', 'Mug'), text('de_DE', 'Becher')],
      },
      { op: 'replace', path: '/attributes/product_description', value: [text('en_CA', 'New')] },
    ]);
    expect(german.status).toBe(200);
    expect(german.json).toMatchObject({
      sku: listing.sku,
      status: 'INVALID',
      issues: [
        {
          code: '100720',
          severity: 'ERROR',
          attributeNames: ['item_name'],
          categories: ['INVALID_ATTRIBUTE'],
          marketplaceIds: [fake.marketplaceId],
        },
      ],
    });
    expect(String((german.json.issues as { message: string }[])[0]?.message)).toContain(
      'language_tag "de_DE", but marketplace A2EUQ1WTGCTBG2 lists in en_CA, fr_CA',
    );
    const frenchOnly = await patch([
      { op: 'replace', path: '/attributes/item_name', value: [text('fr_CA', 'Tasse')] },
    ]);
    expect(frenchOnly.json).toMatchObject({ status: 'INVALID', issues: [{ code: '90220' }] });
    // Other localized attributes are kept as sent, in the site's languages only.
    const bullets = await patch([
      {
        op: 'replace',
        path: '/attributes/bullet_point',
        value: [text('fr_CA', 'Légère'), text('es_MX', 'Ligera')],
      },
    ]);
    expect(bullets.json).toMatchObject({
      status: 'INVALID',
      issues: [{ code: '100720', attributeNames: ['bullet_point'] }],
    });
    // Nothing of a refused submission is applied.
    expect(await attributes()).toEqual(before);
    const kept = [text('en_CA', 'Light'), text('fr_CA', 'Légère')];
    expect(
      (await patch([{ op: 'replace', path: '/attributes/bullet_point', value: kept }])).json.status,
    ).toBe('ACCEPTED');
    expect((await attributes()).bullet_point).toEqual(kept);
    expectConformant([SPEC], listingExchanges(fake));
  });

  it('refuses French on a one-language site (Amazon.com)', async () => {
    const { patch, attributes, text } = await setup('US');
    const before = await attributes();
    const reply = await patch([
      {
        op: 'replace',
        path: '/attributes/item_name',
        value: [text('en_US', 'Mug'), text('fr_CA', 'Tasse')],
      },
    ]);
    expect(reply.json).toMatchObject({ status: 'INVALID', issues: [{ code: '100720' }] });
    expect(await attributes()).toEqual(before);
  });
});
