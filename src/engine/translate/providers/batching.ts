/**
 * Splitting texts into requests a provider accepts (its published count and size limits), in
 * order, and halving a request the provider still finds too large (HTTP 413).
 */
import { RequestTooLargeError } from './http.js';
import type { ProviderLimits, TranslationResult } from './types.js';

/** Consecutive runs of indices, each within `limits`. A text longer than the limit goes alone. */
export function splitIntoRequests(texts: readonly string[], limits: ProviderLimits): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let characters = 0;
  texts.forEach((text, index) => {
    const length = [...text].length;
    if (
      current.length > 0 &&
      (current.length >= limits.maxTexts || characters + length > limits.maxCharacters)
    ) {
      out.push(current);
      current = [];
      characters = 0;
    }
    current.push(index);
    characters += length;
  });
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Sends every request of `texts` through `send` and returns the results in order, with the
 * number of requests made. A 413 splits that request in two and tries each half.
 */
export async function sendInRequests(
  texts: readonly string[],
  limits: ProviderLimits,
  send: (texts: string[]) => Promise<TranslationResult[]>,
): Promise<{ results: TranslationResult[]; requests: number }> {
  const results: TranslationResult[] = new Array<TranslationResult>(texts.length);
  let requests = 0;
  const run = async (indices: number[]): Promise<void> => {
    requests += 1;
    try {
      const answered = await send(indices.map((index) => texts[index] ?? ''));
      if (answered.length !== indices.length)
        throw new Error(`the provider answered ${answered.length} texts for ${indices.length}`);
      indices.forEach((index, position) => {
        results[index] = answered[position] as TranslationResult;
      });
    } catch (error) {
      if (!(error instanceof RequestTooLargeError) || indices.length < 2) throw error;
      const middle = Math.ceil(indices.length / 2);
      await run(indices.slice(0, middle));
      await run(indices.slice(middle));
    }
  };
  for (const indices of splitIntoRequests(texts, limits)) await run(indices);
  return { results, requests };
}
