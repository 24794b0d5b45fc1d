/**
 * Google Cloud Translation. v2 (basic): POST /language/translate/v2 with an API key, up to 128
 * texts per request. v3 (advanced): POST /v3/projects/{project}/locations/{location}:translateText
 * with an OAuth access token, up to 1,024 texts and 30,000 code points per request. Both read
 * HTML, so glossary terms travel in `<span class="notranslate">`, which Google leaves alone.
 */
import { z } from 'zod';
import type { Clock } from '../../../connectors/http/clock.js';
import { sendInRequests } from './batching.js';
import type { ProviderConfig } from './config.js';
import { ProviderHttp } from './http.js';
import { googleCode } from './languages.js';
import type { TranslationProvider } from './types.js';

const V2Reply = z.object({
  data: z.object({ translations: z.array(z.object({ translatedText: z.string() })) }),
});
const V3Reply = z.object({ translations: z.array(z.object({ translatedText: z.string() })) });

function googleError(json: unknown): string | null {
  const error = (json as { error?: { message?: unknown; status?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string' ? error.message : null;
}

export function createGoogleV2Provider(
  config: ProviderConfig,
  key: string,
  clock?: Clock,
): TranslationProvider {
  const http = new ProviderHttp({
    providerId: config.id,
    baseUrl: config.baseUrl,
    // The key goes in a header (documented alternative to ?key=) so it never sits in a URL.
    headers: () => ({ 'x-goog-api-key': key }),
    rateLimit: { requestsPerSecond: config.requestsPerSecond ?? 10, burst: 10 },
    errorMessage: googleError,
    ...(clock ? { clock } : {}),
  });
  const limits = { maxTexts: 128, maxCharacters: 30_000 };
  return {
    id: config.id,
    kind: 'google-v2',
    limits,
    protection: 'notranslate',
    async translateBatch(texts, source, target) {
      const { results, requests } = await sendInRequests(texts, limits, async (chunk) => {
        const body = {
          q: chunk,
          source: googleCode(source),
          target: googleCode(target),
          format: 'html',
        };
        const reply = V2Reply.parse(
          await http.post('google.translate', '/language/translate/v2', body),
        );
        return reply.data.translations.map((entry) => ({
          text: entry.translatedText,
          billedCharacters: null,
        }));
      });
      return { provider: config.id, results, requests };
    },
    close: () => http.close(),
  };
}

export function createGoogleV3Provider(
  config: ProviderConfig,
  accessToken: string,
  clock?: Clock,
): TranslationProvider {
  if (!config.project) throw new Error(`${config.id}: Google v3 needs a project id`);
  const location = config.location ?? 'global';
  const http = new ProviderHttp({
    providerId: config.id,
    baseUrl: config.baseUrl,
    headers: () => ({
      authorization: `Bearer ${accessToken}`,
      'x-goog-user-project': config.project ?? '',
    }),
    rateLimit: { requestsPerSecond: config.requestsPerSecond ?? 10, burst: 10 },
    errorMessage: googleError,
    ...(clock ? { clock } : {}),
  });
  const limits = { maxTexts: 1024, maxCharacters: 30_000 };
  const path = `/v3/projects/${encodeURIComponent(config.project)}/locations/${encodeURIComponent(location)}:translateText`;
  return {
    id: config.id,
    kind: 'google-v3',
    limits,
    protection: 'notranslate',
    async translateBatch(texts, source, target) {
      const { results, requests } = await sendInRequests(texts, limits, async (chunk) => {
        const body = {
          contents: chunk,
          mimeType: 'text/html',
          sourceLanguageCode: googleCode(source),
          targetLanguageCode: googleCode(target),
        };
        const reply = V3Reply.parse(await http.post('google.translateText', path, body));
        return reply.translations.map((entry) => ({
          text: entry.translatedText,
          billedCharacters: null,
        }));
      });
      return { provider: config.id, results, requests };
    },
    close: () => http.close(),
  };
}
