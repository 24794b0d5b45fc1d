/**
 * Any OpenAI-compatible chat endpoint (OpenAI, or a local model served by Ollama, llama.cpp or
 * vLLM on the seller's own machine): POST /v1/chat/completions. The texts go as a JSON array and
 * the model answers a JSON object with the same number of translations; the prompt is written for
 * product listings (marketplace register, units and sizes kept, no additions). Glossary terms and
 * HTML tags travel as `{{N}}` placeholders, which the prompt tells the model to keep.
 */
import { z } from 'zod';
import type { Clock } from '../../../connectors/http/clock.js';
import { sendInRequests } from './batching.js';
import type { ProviderConfig } from './config.js';
import { ProviderHttp } from './http.js';
import type { TranslationProvider } from './types.js';

const Reply = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});
const Answer = z.object({ translations: z.array(z.string()) });

export function listingPrompt(source: string, target: string): string {
  return [
    `You translate e-commerce product listings from ${source} into ${target} for a marketplace in that language.`,
    'Write as a native seller on that marketplace would: natural, concise product language, no marketing claims that are not in the source.',
    'Keep numbers, units, sizes, model numbers and measurements exactly as written.',
    'Placeholders like {{0}} or {{12}} stand for brand names, codes or HTML tags: copy each one unchanged, exactly once, where it belongs in the sentence.',
    'Do not add, drop or explain anything.',
    'The user message is a JSON object {"texts": [...]}. Answer only a JSON object {"translations": [...]} with one translation per text, in the same order.',
  ].join('\n');
}

export function createOpenAiProvider(
  config: ProviderConfig,
  key: string | null,
  clock?: Clock,
): TranslationProvider {
  const http = new ProviderHttp({
    providerId: config.id,
    baseUrl: config.baseUrl,
    headers: (): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {}),
    rateLimit: { requestsPerSecond: config.requestsPerSecond ?? 1, burst: 2 },
    ...(clock ? { clock } : {}),
  });
  // Small batches keep each answer short enough for a local model's context.
  const limits = { maxTexts: 20, maxCharacters: 6_000 };
  const model = config.model ?? 'llama3.1';
  return {
    id: config.id,
    kind: 'openai',
    limits,
    protection: 'placeholder',
    async translateBatch(texts, source, target) {
      const { results, requests } = await sendInRequests(texts, limits, async (chunk) => {
        const body = {
          model,
          temperature: 0,
          response_format: { type: 'json_object' },
          messages: [
            { role: 'system', content: listingPrompt(source, target) },
            { role: 'user', content: JSON.stringify({ texts: chunk }) },
          ],
        };
        const reply = Reply.parse(
          await http.post('chat.completions', '/v1/chat/completions', body),
        );
        const content = reply.choices[0]?.message.content ?? '';
        let parsed: unknown;
        try {
          parsed = JSON.parse(content);
        } catch {
          throw new Error(`${config.id}: the model did not answer JSON`);
        }
        const answer = Answer.safeParse(parsed);
        if (!answer.success || answer.data.translations.length !== chunk.length)
          throw new Error(
            `${config.id}: the model answered ${answer.success ? answer.data.translations.length : 'no'} translations for ${chunk.length} texts`,
          );
        return answer.data.translations.map((text) => ({ text, billedCharacters: null }));
      });
      return { provider: config.id, results, requests };
    },
    close: () => http.close(),
  };
}
