/**
 * Issue 9's acceptance run against the sandbox translator (DeepL format, src/sandbox/translate):
 * 200 products listed on Amazon.de, eBay.fr, Shopee TH and AliExpress ES are translated into the
 * four locales. Characters billed equal the unique source text not already in the memory, a second
 * run bills zero and calls nothing, every glossary term arrives intact, a changed source makes its
 * translations stale, and a listing missing one locale is blocked with a message naming it while
 * the reviewed ones are published through the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/engine/translate/source.js';
import { memoryProviderKeys } from '../../src/engine/translate/keys.js';
import { rememberTranslation } from '../../src/engine/translate/memory.js';
import {
  registerSandboxTranslator,
  SANDBOX_PROVIDER_ID,
} from '../../src/engine/translate/provider-settings.js';
import { segmentHash } from '../../src/engine/translate/source.js';
import { TranslateService } from '../../src/engine/translate/service.js';
import { saveGlossaryTerm } from '../../src/engine/translate/glossary-store.js';
import { upsertAccount } from '../../src/engine/store/ingest-accounts.js';
import { upsertListings } from '../../src/engine/store/ingest-listings.js';
import { upsertProducts } from '../../src/engine/store/ingest-products.js';
import { qb } from '../../src/engine/store/compiler.js';
import {
  accountInput,
  listingInput,
  productInput,
  temporaryStore,
  type TemporaryStore,
} from '../../src/engine/store/test-fixtures.js';
import {
  SANDBOX_TRANSLATOR_KEY,
  startTranslationSandbox,
  type TranslationSandbox,
} from '../../src/sandbox/translate/index.js';

const SITES = [
  { marketplace: 'amazon', site: 'DE', locale: 'de-DE', currency: 'EUR' },
  { marketplace: 'ebay', site: 'EBAY_FR', locale: 'fr-FR', currency: 'EUR' },
  { marketplace: 'shopee', site: 'TH', locale: 'th-TH', currency: 'THB' },
  { marketplace: 'aliexpress', site: 'ES', locale: 'es-ES', currency: 'EUR' },
] as const;
const LOCALES = SITES.map((site) => site.locale);
const ADJECTIVES = ['Bamboo', 'Ceramic', 'Silk', 'Copper', 'Linen', 'Glass', 'Walnut', 'Jade'];
const NOUNS = ['Mug', 'Lamp', 'Scarf', 'Kettle', 'Notebook', 'Backpack', 'Vase', 'Brush', 'Teapot'];

let temporary: TemporaryStore;
let sandbox: TranslationSandbox;
let service: TranslateService;
const products: { sku: string; title: string; description: string }[] = [];

function sku(index: number) {
  return `SR-TR-${String(index).padStart(5, '0')}`;
}

beforeAll(async () => {
  sandbox = await startTranslationSandbox({ rateLimit: null });
  registerSandboxTranslator(() =>
    Promise.resolve({
      baseUrl: sandbox.baseUrl,
      key: SANDBOX_TRANSLATOR_KEY,
      close: () => Promise.resolve(),
    }),
  );
  temporary = temporaryStore();
  for (let index = 0; index < 200; index++) {
    // Titles repeat (72 distinct) and carry the SKU only sometimes; the description is shared by
    // many products: the same sentence must be paid once per language.
    const title = `${ADJECTIVES[index % 8]} ${NOUNS[index % 9]}${index % 5 === 0 ? ` ${sku(index)}` : ''} by Lotus Trail`;
    const description = `<p>${ADJECTIVES[index % 3]} <b>${NOUNS[index % 4]}</b> by Lotus Trail.</p>`;
    products.push({ sku: sku(index), title, description });
  }
  temporary.store.write((w) => {
    upsertProducts(
      w,
      products.map((product) => productInput({ ...product, sourceLocale: 'en', stock: [] })),
    );
    for (const site of SITES) {
      const accountId = upsertAccount(
        w,
        accountInput({ ...site, shopId: `shop-${site.site}`, displayName: site.site }),
      );
      upsertListings(
        w,
        accountId,
        products.map((product, index) =>
          listingInput({
            remoteId: `${site.site}-${index}`,
            sku: product.sku,
            title: product.title,
            description: product.description,
            bulletPoints: [],
            keywords: [],
            locale: 'en-US',
            price: { amountMinor: 1000, currency: site.currency },
          }),
        ),
      );
    }
    saveGlossaryTerm(w, {
      term: 'Lotus Trail',
      locale: null,
      translation: null,
      doNotTranslate: true,
    });
    for (let index = 0; index < 200; index += 5)
      saveGlossaryTerm(w, {
        term: sku(index),
        locale: null,
        translation: null,
        doNotTranslate: true,
      });
    // A reviewed German title already in the memory: it is reused, not billed.
    const known = products[1]!.title;
    rememberTranslation(w, {
      sourceHash: segmentHash(known),
      sourceLocale: 'en',
      targetLocale: 'de-DE',
      sourceText: known,
      targetText: 'Keramik Lampe von Lotus Trail (geprüft)',
      origin: 'human',
      provider: null,
    });
  });
  service = new TranslateService({
    store: temporary.store,
    keys: memoryProviderKeys(),
    newKey: (() => {
      let n = 0;
      return () => `key-${++n}`;
    })(),
  });
});

afterAll(async () => {
  temporary.dispose();
  await sandbox.close();
});

function allListingIds(): number[] {
  return temporary.store
    .read((r) => r.all(qb.selectFrom('listings').select('id').orderBy('id')))
    .map((row) => row.id);
}

/** Characters of the unique segments per locale, minus the one the memory holds. */
function expectedCharacters(): number {
  let total = 0;
  for (const locale of LOCALES) {
    const unique = new Set<string>();
    for (const product of products) {
      unique.add(`t${normalizeText(product.title)}`);
      unique.add(`d${normalizeText(product.description)}`);
    }
    if (locale === 'de-DE') unique.delete(`t${normalizeText(products[1]!.title)}`);
    for (const text of unique) {
      const body = text.slice(1);
      total += [...(text.startsWith('d') ? body.replace(/<[^>]*>/g, '') : body)].length;
    }
  }
  return total;
}

describe('translate → review → publish, 200 products × 4 locales', () => {
  it('bills exactly the unique source text not in the memory, and zero the second time', async () => {
    const ids = allListingIds();
    expect(ids).toHaveLength(800);
    const estimate = await service.estimate({ providerId: SANDBOX_PROVIDER_ID, listingIds: ids });
    expect(estimate.texts).toBe(800);
    expect(estimate.characters).toBe(expectedCharacters());
    expect(estimate.memoryHits).toBe(1);

    const outcome = await service.run({ providerId: SANDBOX_PROVIDER_ID, listingIds: ids });
    expect(outcome.failures).toEqual([]);
    expect(outcome.translated).toBe(800);
    expect(outcome.billedCharacters).toBe(estimate.characters);
    expect(sandbox.billedCharacters()).toBe(estimate.characters);
    expect(outcome.cost).toEqual({
      amountMinor: Math.ceil((estimate.characters * 2000) / 1e6),
      currency: 'EUR',
    });

    const requests = sandbox.requests().deepl;
    const again = await service.estimate({ providerId: SANDBOX_PROVIDER_ID, listingIds: ids });
    expect(again.characters).toBe(0);
    const second = await service.run({ providerId: SANDBOX_PROVIDER_ID, listingIds: ids });
    expect(second.billedCharacters).toBe(0);
    expect(second.translated).toBe(0);
    expect(sandbox.requests().deepl).toBe(requests);
    expect(
      service.providers().find((provider) => provider.id === SANDBOX_PROVIDER_ID)?.spent.characters,
    ).toBe(estimate.characters);
  });

  it('delivers every glossary term intact, the reviewed memory entry, and HTML tags', () => {
    const texts = temporary.store.read((r) => r.all(qb.selectFrom('listing_texts').selectAll()));
    expect(texts).toHaveLength(800);
    const bySku = new Map(products.map((product, index) => [product.sku, index]));
    const listings = new Map(
      temporary.store
        .read((r) => r.all(qb.selectFrom('listings').select(['id', 'sku'])))
        .map((row) => [row.id, row.sku]),
    );
    for (const text of texts) {
      expect(text.title).toContain('Lotus Trail');
      expect(text.description).toContain('Lotus Trail');
      expect(text.description).toMatch(/^<p>[^<]+<b>[^<]+<\/b>[^<]+<\/p>$/);
      const index = bySku.get(listings.get(text.listing_id) ?? '') ?? -1;
      if (index % 5 === 0) expect(text.title).toContain(sku(index));
      expect(text.review_state).toBe('machine');
    }
    const german = texts.filter(
      (text) => text.locale === 'de-DE' && listings.get(text.listing_id) === products[1]!.sku,
    );
    expect(german.map((text) => text.title)).toEqual(['Keramik Lampe von Lotus Trail (geprüft)']);
  });

  it('blocks a listing missing one locale with a message naming it, and publishes reviewed ones through the outbox', async () => {
    const ids = allListingIds().slice(0, 12);
    for (const id of ids) {
      for (const locale of LOCALES) {
        const detail = await service.text(id, locale).catch(() => null);
        if (!detail?.text) continue;
        await service.review({ listingId: id, locale, ...detail.text, keywords: ['geschenk'] });
      }
    }
    const missing = ids[0]!;
    const missingLocale = temporary.store.read((r) =>
      r.first(qb.selectFrom('listing_texts').select('locale').where('listing_id', '=', missing)),
    )!.locale;
    temporary.store.write((w) =>
      w.run(qb.deleteFrom('listing_texts').where('listing_id', '=', missing)),
    );
    const result = await service.publish(ids);
    expect(result.blocked).toHaveLength(1);
    expect(result.blocked[0]?.message).toContain(missingLocale);
    expect(result.blocked[0]?.message).toContain('missing');
    expect(result.published).toHaveLength(11);
    const held = temporary.store.read((r) =>
      r.all(
        qb
          .selectFrom('outbox')
          .select(['listing_id', 'kind', 'state'])
          .where('listing_id', 'in', ids),
      ),
    );
    expect(
      held.filter((job) => job.kind === 'listing.content' && job.state === 'held'),
    ).toHaveLength(11);
    const machineOnly = allListingIds()[500]!;
    expect((await service.publish([machineOnly])).blocked[0]?.message).toMatch(
      /machine draft that has not been reviewed/,
    );
  });

  it('marks translations stale when the source changes, and redoes only those', async () => {
    const product = products[7]!;
    temporary.store.write((w) =>
      w.run(
        qb
          .updateTable('products')
          .set({ title: `${product.title} Deluxe` })
          .where('sku', '=', product.sku),
      ),
    );
    const ids = allListingIds();
    expect(service.checkStale().stale).toBe(4);
    const estimate = await service.estimate({ providerId: SANDBOX_PROVIDER_ID, listingIds: ids });
    // The four stale texts, and the one deleted above (missing): its sentences are in the memory.
    expect(estimate.texts).toBe(5);
    const outcome = await service.run({ providerId: SANDBOX_PROVIDER_ID, listingIds: ids });
    expect(outcome.translated).toBe(5);
    expect(outcome.billedCharacters).toBe(4 * [...`${product.title} Deluxe`].length);
  });
});
