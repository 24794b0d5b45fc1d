/**
 * Translated listings benchmark (issue 9). Two measures:
 * 1. The acceptance run: 200 products listed on Amazon.de, eBay.fr, Shopee TH and AliExpress ES
 *    (800 texts) translated through the sandbox translator on 127.0.0.1, then the same run again
 *    (all from memory, no request).
 * 2. translations.query on the 100k-listing bench data set: the view's first page and a deep page,
 *    before and after `translate.checkStale` stores the missing texts (the view opens with it).
 * No targets are enforced; figures are printed with the machine's load.
 *
 *   node --import tsx bench/translate.bench.ts [--data <folder>] [--keep]
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { qb } from '../src/engine/store/compiler.js';
import { openStore, STORE_FILE_NAME } from '../src/engine/store/index.js';
import { upsertAccount, upsertListings, upsertProducts } from '../src/engine/store/ingest.js';
import { queryTranslations } from '../src/engine/store/queries/translations.js';
import { accountInput, listingInput, productInput } from '../src/engine/store/test-fixtures.js';
import { saveGlossaryTerm } from '../src/engine/translate/glossary-store.js';
import { memoryProviderKeys } from '../src/engine/translate/keys.js';
import {
  registerSandboxTranslator,
  SANDBOX_PROVIDER_ID,
} from '../src/engine/translate/provider-settings.js';
import { TranslateService } from '../src/engine/translate/service.js';
import { markStale, materializeMissing } from '../src/engine/translate/texts.js';
import { SANDBOX_TRANSLATOR_KEY, startTranslationSandbox } from '../src/sandbox/translate/index.js';
import { ensureBenchData } from './dataset.js';
import { formatMs, renderTable, type ResultRow } from './stats.js';

const { values: args } = parseArgs({
  options: { data: { type: 'string' }, keep: { type: 'boolean', default: false } },
});
const cpuList = cpus();
console.log(
  `Silkroute translate benchmark — ${cpuList.length} × ${cpuList[0]?.model ?? 'unknown CPU'}, ` +
    `Node ${process.version}; load ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
);
const workDir = mkdtempSync(join(tmpdir(), 'silkroute-translate-bench-'));
const rows: ResultRow[] = [];
const note = (measure: string, ms: number, extra = '') => {
  rows.push({ measure, value: formatMs(ms), target: '—', met: null, note: extra });
  console.log(`${measure}: ${formatMs(ms)} ${extra}`);
};

async function acceptanceRun(): Promise<void> {
  const sandbox = await startTranslationSandbox({ rateLimit: null });
  registerSandboxTranslator(() =>
    Promise.resolve({
      baseUrl: sandbox.baseUrl,
      key: SANDBOX_TRANSLATOR_KEY,
      close: () => sandbox.close(),
    }),
  );
  const store = openStore(join(workDir, STORE_FILE_NAME));
  const words = ['Bamboo', 'Ceramic', 'Silk', 'Copper', 'Linen', 'Glass', 'Walnut', 'Jade'];
  const nouns = [
    'Mug',
    'Lamp',
    'Scarf',
    'Kettle',
    'Notebook',
    'Backpack',
    'Vase',
    'Brush',
    'Teapot',
  ];
  const products = Array.from({ length: 200 }, (_, index) => ({
    sku: `SR-BENCH-${index}`,
    title: `${words[index % 8]} ${nouns[index % 9]} ${index} by Lotus Trail`,
    description: `<p>${words[index % 3]} <b>${nouns[index % 4]}</b> by Lotus Trail.</p>`,
  }));
  const sites = [
    { marketplace: 'amazon', site: 'DE', locale: 'de-DE', currency: 'EUR' },
    { marketplace: 'ebay', site: 'EBAY_FR', locale: 'fr-FR', currency: 'EUR' },
    { marketplace: 'shopee', site: 'TH', locale: 'th-TH', currency: 'THB' },
    { marketplace: 'aliexpress', site: 'ES', locale: 'es-ES', currency: 'EUR' },
  ] as const;
  const ids = store.write((w) => {
    upsertProducts(
      w,
      products.map((product) => productInput({ ...product, sourceLocale: 'en', stock: [] })),
    );
    for (const site of sites) {
      const account = upsertAccount(
        w,
        accountInput({ ...site, shopId: site.site, displayName: site.site }),
      );
      upsertListings(
        w,
        account,
        products.map((product, index) =>
          listingInput({
            remoteId: `${site.site}-${index}`,
            sku: product.sku,
            title: product.title,
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
    return w.all(qb.selectFrom('listings').select('id')).map((row) => row.id);
  });
  const service = new TranslateService({
    store,
    keys: memoryProviderKeys(),
    newKey: () => crypto.randomUUID(),
  });
  let start = performance.now();
  const first = await service.run({ providerId: SANDBOX_PROVIDER_ID, listingIds: ids });
  note(
    'translate 800 texts (200 × 4 locales), first run',
    performance.now() - start,
    `${first.translated} texts, ${first.billedCharacters} characters billed, ${first.requests} requests`,
  );
  start = performance.now();
  const second = await service.run({ providerId: SANDBOX_PROVIDER_ID, listingIds: ids });
  note(
    'same run again (all up to date)',
    performance.now() - start,
    `${second.billedCharacters} characters billed, ${second.requests} requests`,
  );
  store.close();
  await sandbox.close();
}

function queryOnBenchData(): void {
  const dataDir = args.data ?? join(workDir, 'data');
  const built = ensureBenchData(dataDir);
  console.log(
    built.reused
      ? `bench data reused from ${dataDir}`
      : `bench data built in ${formatMs(built.ms)}`,
  );
  // Measured on a copy: stored missing texts must not change the shared data set for other benches.
  const copyDir = join(workDir, 'copy');
  mkdirSync(copyDir, { recursive: true });
  for (const suffix of ['', '-wal']) {
    const from = join(dataDir, `${STORE_FILE_NAME}${suffix}`);
    if (existsSync(from)) copyFileSync(from, join(copyDir, `${STORE_FILE_NAME}${suffix}`));
  }
  const store = openStore(join(copyDir, STORE_FILE_NAME));
  const page = (label: string, input: Parameters<typeof queryTranslations>[1]) => {
    const samples: number[] = [];
    let total = 0;
    for (let run = 0; run < 5; run++) {
      const start = performance.now();
      total = store.read((r) => queryTranslations(r, input)).total;
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    note(label, samples[2] ?? 0, `median of 5; ${total} rows`);
  };
  page('translations.query first page, before the view opened', { offset: 0, limit: 200 });
  let start = performance.now();
  const added = store.write((w) => ({ stale: markStale(w), missing: materializeMissing(w) }));
  note(
    'translate.checkStale, first time',
    performance.now() - start,
    `${added.missing} missing texts stored`,
  );
  start = performance.now();
  store.write((w) => ({ stale: markStale(w), missing: materializeMissing(w) }));
  note('translate.checkStale, again', performance.now() - start);
  page('translations.query first page', { offset: 0, limit: 200 });
  page('translations.query page at offset 40,000', { offset: 40_000, limit: 200 });
  page('translations.query de-DE only', { offset: 0, limit: 200, locale: 'de-DE' });
  store.close();
}

try {
  await acceptanceRun();
  queryOnBenchData();
  console.log(`\n${renderTable(rows)}`);
} finally {
  if (!args.keep) rmSync(workDir, { recursive: true, force: true });
  else console.log(`kept ${workDir}`);
}
