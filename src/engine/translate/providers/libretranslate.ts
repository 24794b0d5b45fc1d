/**
 * LibreTranslate (self-hosted, free): POST /translate with `q` as an array, answered with
 * `translatedText` as an array. It has no do-not-translate switch, so glossary terms and HTML
 * tags travel as `{{N}}` placeholders (format=text), restored and checked by glossary.ts.
 */
import { z } from 'zod';
import type { Clock } from '../../../connectors/http/clock.js';
import { sendInRequests } from './batching.js';
import type { ProviderConfig } from './config.js';
import { ProviderHttp } from './http.js';
import { libreCode } from './languages.js';
import type { TranslationProvider } from './types.js';

const Reply = z.object({ translatedText: z.array(z.string()) });

export function createLibreTranslateProvider(
  config: ProviderConfig,
  key: string | null,
  clock?: Clock,
): TranslationProvider {
  const http = new ProviderHttp({
    providerId: config.id,
    baseUrl: config.baseUrl,
    headers: () => ({}),
    rateLimit: { requestsPerSecond: config.requestsPerSecond ?? 2, burst: 2 },
    ...(clock ? { clock } : {}),
  });
  // A self-hosted server's limits are its own settings; these stay under the shipped defaults.
  const limits = { maxTexts: 25, maxCharacters: 5_000 };
  return {
    id: config.id,
    kind: 'libretranslate',
    limits,
    protection: 'placeholder',
    async translateBatch(texts, source, target) {
      const { results, requests } = await sendInRequests(texts, limits, async (chunk) => {
        const body = {
          q: chunk,
          source: libreCode(source),
          target: libreCode(target),
          format: 'text',
          ...(key ? { api_key: key } : {}),
        };
        const reply = Reply.parse(await http.post('libretranslate.translate', '/translate', body));
        return reply.translatedText.map((text) => ({ text, billedCharacters: null }));
      });
      return { provider: config.id, results, requests };
    },
    close: () => http.close(),
  };
}
