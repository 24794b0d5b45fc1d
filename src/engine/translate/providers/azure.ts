/**
 * Azure AI Translator v3: POST /translate?api-version=3.0 with Ocp-Apim-Subscription-Key (and the
 * resource's region for regional resources), at most 1,000 texts and 50,000 characters per
 * request. textType=html makes it skip `class="notranslate"` spans, which carry glossary terms.
 */
import { z } from 'zod';
import type { Clock } from '../../../connectors/http/clock.js';
import { sendInRequests } from './batching.js';
import type { ProviderConfig } from './config.js';
import { ProviderHttp } from './http.js';
import { azureCode } from './languages.js';
import type { TranslationProvider } from './types.js';

const Reply = z.array(
  z.object({ translations: z.array(z.object({ text: z.string(), to: z.string() })).min(1) }),
);

export function createAzureProvider(
  config: ProviderConfig,
  key: string,
  clock?: Clock,
): TranslationProvider {
  const http = new ProviderHttp({
    providerId: config.id,
    baseUrl: config.baseUrl,
    headers: () => ({
      'ocp-apim-subscription-key': key,
      ...(config.region ? { 'ocp-apim-subscription-region': config.region } : {}),
    }),
    rateLimit: { requestsPerSecond: config.requestsPerSecond ?? 5, burst: 5 },
    ...(clock ? { clock } : {}),
  });
  const limits = { maxTexts: 1000, maxCharacters: 50_000 };
  return {
    id: config.id,
    kind: 'azure',
    limits,
    protection: 'notranslate',
    async translateBatch(texts, source, target) {
      const { results, requests } = await sendInRequests(texts, limits, async (chunk) => {
        const reply = Reply.parse(
          await http.post(
            'azure.translate',
            '/translate',
            chunk.map((text) => ({ Text: text })),
            {
              'api-version': '3.0',
              from: azureCode(source),
              to: azureCode(target),
              textType: 'html',
            },
          ),
        );
        return reply.map((entry) => ({
          text: entry.translations[0]?.text ?? '',
          billedCharacters: null,
        }));
      });
      return { provider: config.id, results, requests };
    },
    close: () => http.close(),
  };
}
