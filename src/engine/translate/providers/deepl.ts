/**
 * DeepL API v2: POST /v2/translate with `DeepL-Auth-Key`, up to 50 texts and 128 KiB per request.
 * Glossary terms travel in `<x>` with `ignore_tags=x` and tag handling on, so DeepL keeps them and
 * bills only the characters outside tags (billed_characters is asked for and reported).
 */
import { z } from 'zod';
import type { Clock } from '../../../connectors/http/clock.js';
import { sendInRequests } from './batching.js';
import type { ProviderConfig } from './config.js';
import { ProviderHttp } from './http.js';
import { deeplSource, deeplTarget } from './languages.js';
import type { TranslationProvider } from './types.js';

const Reply = z.object({
  translations: z.array(
    z.object({ text: z.string(), billed_characters: z.number().int().min(0).optional() }),
  ),
});
const Usage = z.object({ character_count: z.number(), character_limit: z.number() });

export function createDeepLProvider(
  config: ProviderConfig,
  key: string,
  clock?: Clock,
): TranslationProvider & { usage(): Promise<{ used: number; limit: number }> } {
  // DeepL API Free keys end in ":fx" and are served by their own host.
  const baseUrl =
    key.endsWith(':fx') && /^https:\/\/api\.deepl\.com\/?$/.test(config.baseUrl)
      ? 'https://api-free.deepl.com'
      : config.baseUrl;
  const http = new ProviderHttp({
    providerId: config.id,
    baseUrl,
    headers: () => ({ authorization: `DeepL-Auth-Key ${key}` }),
    rateLimit: { requestsPerSecond: config.requestsPerSecond ?? 5, burst: 5 },
    ...(clock ? { clock } : {}),
  });
  const limits = { maxTexts: 50, maxCharacters: 100_000 };
  return {
    id: config.id,
    kind: 'deepl',
    limits,
    protection: 'xml',
    async translateBatch(texts, source, target, options) {
      const { results, requests } = await sendInRequests(texts, limits, async (chunk) => {
        const body = {
          text: chunk,
          source_lang: deeplSource(source),
          target_lang: deeplTarget(target),
          tag_handling: options.kind === 'html' ? 'html' : 'xml',
          ignore_tags: ['x'],
          show_billed_characters: true,
        };
        const reply = Reply.parse(await http.post('deepl.translate', '/v2/translate', body));
        return reply.translations.map((entry) => ({
          text: entry.text,
          billedCharacters: entry.billed_characters ?? null,
        }));
      });
      return { provider: config.id, results, requests };
    },
    async usage() {
      const reply = Usage.parse(await http.get('deepl.usage', '/v2/usage'));
      return { used: reply.character_count, limit: reply.character_limit };
    },
    close: () => http.close(),
  };
}
