/**
 * Every provider client against its simulated provider on 127.0.0.1 (src/sandbox/translate), in
 * the provider's real request format: glossary terms and HTML tags surviving the round trip
 * byte-exact, batch splitting at each provider's limit, DeepL's 456 quota, throttling (429) that
 * is waited out, and a refused key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protect, termsFor, type GlossaryTerm } from '../../src/engine/translate/glossary.js';
import { createProvider } from '../../src/engine/translate/providers/index.js';
import type { ProviderConfig } from '../../src/engine/translate/providers/config.js';
import {
  TranslationProviderError,
  type ProviderKind,
} from '../../src/engine/translate/providers/types.js';
import {
  startTranslationSandbox,
  type TranslationSandbox,
} from '../../src/sandbox/translate/index.js';

const KEYS = {
  deepl: 'deepl-test-key',
  google: 'g-key',
  googleToken: 'g-token',
  azure: 'az-key',
  libre: 'libre-key',
  openai: 'oa-key',
};
const KEY_OF: Record<ProviderKind, string> = {
  deepl: KEYS.deepl,
  'google-v2': KEYS.google,
  'google-v3': KEYS.googleToken,
  azure: KEYS.azure,
  libretranslate: KEYS.libre,
  openai: KEYS.openai,
};
const COUNTER: Record<ProviderKind, string> = {
  deepl: 'deepl',
  'google-v2': 'google-v2',
  'google-v3': 'google-v3',
  azure: 'azure',
  libretranslate: 'libretranslate',
  openai: 'openai',
};

const terms: GlossaryTerm[] = [
  { term: 'Lotus Trail', locale: null, translation: null, doNotTranslate: true },
  { term: 'SR-ABC-00042', locale: null, translation: null, doNotTranslate: true },
  { term: 'Kettle', locale: 'de-DE', translation: 'Wasserkessel', doNotTranslate: false },
];

let sandbox: TranslationSandbox;

function config(
  kind: ProviderKind,
  baseUrl: string,
  extra: Partial<ProviderConfig> = {},
): ProviderConfig {
  return {
    id: `test-${kind}`,
    kind,
    name: kind,
    baseUrl,
    pricePerMillionMinor: 2000,
    currency: 'EUR',
    requestsPerSecond: 50,
    ...(kind === 'google-v3' ? { project: 'silkroute-test' } : {}),
    ...extra,
  };
}

async function translate(
  kind: ProviderKind,
  texts: string[],
  kindOfText: 'text' | 'html',
  target = 'de-DE',
) {
  const provider = createProvider(config(kind, sandbox.baseUrl), KEY_OF[kind]);
  try {
    const held = texts.map((text) =>
      protect(text, kindOfText, termsFor(terms, target), provider.protection),
    );
    const batch = await provider.translateBatch(
      held.map((entry) => entry.sent),
      'en',
      target,
      { kind: kindOfText },
    );
    return batch.results.map((result, index) => held[index]!.restore(result.text));
  } finally {
    provider.close();
  }
}

beforeAll(async () => {
  sandbox = await startTranslationSandbox({ keys: KEYS, rateLimit: null });
});
afterAll(async () => {
  await sandbox.close();
});

describe.each(['deepl', 'google-v2', 'google-v3', 'azure', 'libretranslate', 'openai'] as const)(
  '%s',
  (kind) => {
    it('translates with glossary terms byte-exact and forced translations applied', async () => {
      const [title] = await translate(
        kind,
        ['Lotus Trail Bamboo Kettle SR-ABC-00042 & Mug'],
        'text',
      );
      expect(title).toBe('Lotus Trail Bambus Wasserkessel SR-ABC-00042 & Becher');
    });

    it('keeps the HTML tags of a description', async () => {
      const html = '<p>Ceramic <b>Mug</b> by Lotus Trail</p><ul><li>Made of Glass</li></ul>';
      const [description] = await translate(kind, [html], 'html');
      expect(description).toBe(
        '<p>Keramik <b>Becher</b> von Lotus Trail</p><ul><li>Aus von Glas</li></ul>',
      );
    });

    it('splits a large batch at the provider limit, answering every text in order', async () => {
      const before = sandbox.requests()[COUNTER[kind]] ?? 0;
      const texts = Array.from({ length: 130 }, (_, index) => `Silk Scarf ${index}`);
      const out = await translate(kind, texts, 'text', 'fr-FR');
      expect(out).toEqual(texts.map((_, index) => `Soie Écharpe ${index}`));
      const limit = {
        deepl: 50,
        'google-v2': 128,
        'google-v3': 1024,
        azure: 1000,
        libretranslate: 25,
        openai: 20,
      }[kind];
      expect((sandbox.requests()[COUNTER[kind]] ?? 0) - before).toBe(Math.ceil(130 / limit));
    });
  },
);

describe('errors', () => {
  it('reports DeepL quota exhaustion (456) as a quota error and bills nothing more', async () => {
    const limited = await startTranslationSandbox({
      keys: KEYS,
      rateLimit: null,
      characterLimit: 30,
    });
    const provider = createProvider(config('deepl', limited.baseUrl), KEYS.deepl);
    try {
      await provider.translateBatch(['Blue Vase'], 'en', 'de-DE', { kind: 'text' });
      const failure = await provider
        .translateBatch(['Red Lamp and a long text beyond the quota'], 'en', 'de-DE', {
          kind: 'text',
        })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TranslationProviderError);
      expect((failure as TranslationProviderError).code).toBe('quota');
      expect(limited.billedCharacters()).toBe('Blue Vase'.length);
    } finally {
      provider.close();
      await limited.close();
    }
  });

  it('waits out 429 throttling and still answers every text', async () => {
    const throttled = await startTranslationSandbox({
      keys: KEYS,
      rateLimit: { requestsPerSecond: 20, burst: 1 },
    });
    const provider = createProvider(
      config('deepl', throttled.baseUrl, { requestsPerSecond: 100 }),
      KEYS.deepl,
    );
    try {
      const texts = Array.from({ length: 200 }, (_, index) => `Jade Bowl ${index}`);
      const batch = await provider.translateBatch(texts, 'en', 'it-IT', { kind: 'text' });
      expect(batch.results.map((result) => result.text)).toEqual(
        texts.map((_, index) => `Giada Ciotola ${index}`),
      );
      expect(throttled.requests().deepl).toBe(4);
    } finally {
      provider.close();
      await throttled.close();
    }
  });

  it('halves a DeepL request refused as too large (413) until each part fits', async () => {
    const provider = createProvider(config('deepl', sandbox.baseUrl), KEYS.deepl);
    try {
      const before = sandbox.requests().deepl ?? 0;
      // 40 texts of 2,000 three-byte characters: within the 50-text limit, 240 KB of body.
      const texts = Array.from({ length: 40 }, (_, index) => `${'茶'.repeat(2000)} ${index}`);
      const batch = await provider.translateBatch(texts, 'zh-CN', 'de-DE', { kind: 'text' });
      expect(batch.results).toHaveLength(40);
      expect(batch.results[0]?.text.endsWith(' 0')).toBe(true);
      expect(batch.results[39]?.text.endsWith(' 39')).toBe(true);
      // Refused requests are not answered (not counted); the halves that fit are.
      const answered = (sandbox.requests().deepl ?? 0) - before;
      expect(answered).toBeGreaterThanOrEqual(2);
      expect(batch.requests).toBeGreaterThan(answered);
    } finally {
      provider.close();
    }
  });

  it('refuses a wrong key with an auth error naming the provider', async () => {
    const provider = createProvider(config('azure', sandbox.baseUrl), 'wrong');
    try {
      const failure = await provider
        .translateBatch(['Mug'], 'en', 'de-DE', { kind: 'text' })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TranslationProviderError);
      expect((failure as TranslationProviderError).code).toBe('auth');
      expect((failure as Error).message).toContain('test-azure');
    } finally {
      provider.close();
    }
  });
});
