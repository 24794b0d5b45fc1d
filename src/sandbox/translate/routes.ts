/**
 * The request and reply formats of each simulated provider, from their public API references:
 * DeepL v2, Google Cloud Translation v2 and v3, Azure Translator v3, LibreTranslate and the
 * OpenAI chat completions API. Each checks its own authentication and request limits and answers
 * errors in its own shape.
 */
import type { SandboxRequest, SandboxResponse } from '../kit/server.js';
import { billedCharacters, sandboxTranslate } from './translate-text.js';

export interface ProviderState {
  keys: {
    deepl: ReadonlySet<string>;
    google: string;
    googleToken: string;
    azure: string;
    libre: string | null;
    openai: string | null;
  };
  /** DeepL's character allowance for the period; null = unlimited. */
  characterLimit: number | null;
  characterCount: number;
  /** Requests answered per provider, and characters billed (DeepL's count) for every provider. */
  requests: Record<string, number>;
  billed: number;
}

const json = (
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): SandboxResponse => ({
  status,
  json: body,
  ...(headers ? { headers } : {}),
});

function header(request: SandboxRequest, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function strings(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? value : null;
}

function count(
  state: ProviderState,
  provider: string,
  texts: readonly string[],
  markup: boolean,
): number {
  state.requests[provider] = (state.requests[provider] ?? 0) + 1;
  const billed = texts.reduce((sum, text) => sum + billedCharacters(text, markup), 0);
  state.billed += billed;
  return billed;
}

const DEEPL_MAX_BODY = 128 * 1024;

export function deeplTranslate(request: SandboxRequest, state: ProviderState): SandboxResponse {
  const auth = /^DeepL-Auth-Key (.+)$/.exec(header(request, 'authorization'));
  if (!auth?.[1] || !state.keys.deepl.has(auth[1]))
    return json(403, { message: 'Wrong endpoint. Use https://api.deepl.com' });
  if (Buffer.byteLength(request.bodyText) > DEEPL_MAX_BODY)
    return json(413, { message: 'Request Entity Too Large' });
  const body = (request.body ?? {}) as Record<string, unknown>;
  const texts = strings(body.text);
  const target = typeof body.target_lang === 'string' ? body.target_lang : '';
  if (!texts || texts.length === 0)
    return json(400, { message: "Parameter 'text' not specified." });
  if (texts.length > 50)
    return json(400, { message: "Too many texts: at most 50 'text' values per request." });
  if (target === '') return json(400, { message: "Value for 'target_lang' not supported." });
  const tagHandling = body.tag_handling === 'xml' || body.tag_handling === 'html';
  const ignoreTags = strings(body.ignore_tags) ?? [];
  const characters = texts.reduce((sum, text) => sum + billedCharacters(text, tagHandling), 0);
  if (state.characterLimit !== null && state.characterCount + characters > state.characterLimit)
    return json(456, { message: 'Quota exceeded. The character limit has been reached.' });
  state.characterCount += characters;
  count(state, 'deepl', texts, tagHandling);
  return json(200, {
    translations: texts.map((text) => ({
      detected_source_language: typeof body.source_lang === 'string' ? body.source_lang : 'EN',
      text: sandboxTranslate(text, target, {
        markup: tagHandling,
        ignoreTags,
        notranslateClass: body.tag_handling === 'html',
      }),
      ...(body.show_billed_characters === true
        ? { billed_characters: billedCharacters(text, tagHandling) }
        : {}),
    })),
  });
}

export function deeplUsage(request: SandboxRequest, state: ProviderState): SandboxResponse {
  const auth = /^DeepL-Auth-Key (.+)$/.exec(header(request, 'authorization'));
  if (!auth?.[1] || !state.keys.deepl.has(auth[1]))
    return json(403, { message: 'Authorization failure' });
  return json(200, {
    character_count: state.characterCount,
    character_limit: state.characterLimit ?? 1_000_000_000_000,
  });
}

const googleError = (code: number, status: string, message: string) =>
  json(code, { error: { code, message, status } });

export function googleV2(request: SandboxRequest, state: ProviderState): SandboxResponse {
  const key = header(request, 'x-goog-api-key') || request.query.get('key') || '';
  if (key !== state.keys.google)
    return googleError(403, 'PERMISSION_DENIED', 'The request is missing a valid API key.');
  const body = (request.body ?? {}) as Record<string, unknown>;
  const texts = strings(body.q);
  const target = typeof body.target === 'string' ? body.target : '';
  if (!texts || target === '')
    return googleError(400, 'INVALID_ARGUMENT', 'Required Text or target language missing');
  if (texts.length > 128) return googleError(400, 'INVALID_ARGUMENT', 'Too many text segments');
  const markup = body.format !== 'text';
  count(state, 'google-v2', texts, markup);
  return json(200, {
    data: {
      translations: texts.map((text) => ({
        translatedText: sandboxTranslate(text, target, { markup, notranslateClass: true }),
      })),
    },
  });
}

export function googleV3(request: SandboxRequest, state: ProviderState): SandboxResponse {
  if (header(request, 'authorization') !== `Bearer ${state.keys.googleToken}`)
    return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
  const body = (request.body ?? {}) as Record<string, unknown>;
  const texts = strings(body.contents);
  const target = typeof body.targetLanguageCode === 'string' ? body.targetLanguageCode : '';
  if (!texts || target === '')
    return googleError(400, 'INVALID_ARGUMENT', 'Target language code is required.');
  const codePoints = texts.reduce((sum, text) => sum + [...text].length, 0);
  if (texts.length > 1024 || codePoints > 30_000)
    return googleError(400, 'INVALID_ARGUMENT', 'Text is too long or has too many segments.');
  const markup = body.mimeType !== 'text/plain';
  count(state, 'google-v3', texts, markup);
  return json(200, {
    translations: texts.map((text) => ({
      translatedText: sandboxTranslate(text, target, { markup, notranslateClass: true }),
    })),
  });
}

const azureError = (status: number, code: number, message: string) =>
  json(status, { error: { code, message } });

export function azureTranslate(request: SandboxRequest, state: ProviderState): SandboxResponse {
  if (header(request, 'ocp-apim-subscription-key') !== state.keys.azure)
    return azureError(
      401,
      401000,
      'The request is not authorized because credentials are missing or invalid.',
    );
  if (request.query.get('api-version') !== '3.0')
    return azureError(400, 400021, 'The API version parameter is missing or invalid.');
  const target = request.query.get('to') ?? '';
  if (target === '')
    return azureError(400, 400036, 'The target language ("To" field) is missing or invalid.');
  const items = Array.isArray(request.body) ? (request.body as unknown[]) : null;
  const texts = items?.map((item) => (item as { Text?: unknown }).Text);
  if (!texts || !texts.every((text): text is string => typeof text === 'string'))
    return azureError(400, 400074, 'The body of the request is not valid JSON.');
  if (texts.length > 1000)
    return azureError(400, 400077, 'The maximum request size has been exceeded.');
  if (texts.reduce((sum, text) => sum + text.length, 0) > 50_000)
    return azureError(400, 400050, 'The input text is too long.');
  const markup = request.query.get('textType') === 'html';
  count(state, 'azure', texts, markup);
  return json(
    200,
    texts.map((text) => ({
      translations: [
        { text: sandboxTranslate(text, target, { markup, notranslateClass: true }), to: target },
      ],
    })),
  );
}

export function libreTranslate(request: SandboxRequest, state: ProviderState): SandboxResponse {
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (state.keys.libre !== null && body.api_key !== state.keys.libre)
    return json(403, { error: 'Invalid API key' });
  const texts = strings(body.q);
  const target = typeof body.target === 'string' ? body.target : '';
  if (!texts) return json(400, { error: 'Invalid request: missing q parameter' });
  if (target === '') return json(400, { error: 'Invalid request: missing target parameter' });
  const markup = body.format === 'html';
  count(state, 'libretranslate', texts, markup);
  const translated = texts.map((text) =>
    sandboxTranslate(text, target, { markup, notranslateClass: true }),
  );
  return json(200, { translatedText: Array.isArray(body.q) ? translated : translated[0] });
}

export function chatCompletions(request: SandboxRequest, state: ProviderState): SandboxResponse {
  if (
    state.keys.openai !== null &&
    header(request, 'authorization') !== `Bearer ${state.keys.openai}`
  )
    return json(401, {
      error: {
        message: 'Incorrect API key provided.',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      },
    });
  const body = (request.body ?? {}) as { model?: unknown; messages?: unknown };
  const messages = Array.isArray(body.messages)
    ? (body.messages as { role?: unknown; content?: unknown }[])
    : [];
  const system = messages.find((message) => message.role === 'system');
  const user = messages.find((message) => message.role === 'user');
  if (typeof body.model !== 'string' || typeof user?.content !== 'string')
    return json(400, {
      error: {
        message: "'model' and a user message are required.",
        type: 'invalid_request_error',
        code: null,
      },
    });
  let texts: string[] | null = null;
  try {
    texts = strings((JSON.parse(user.content) as { texts?: unknown }).texts);
  } catch {
    texts = null;
  }
  // The target language is named in the system prompt ("... into de-DE for ...").
  const target =
    /into ([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)/.exec(
      typeof system?.content === 'string' ? system.content : '',
    )?.[1] ?? 'en';
  const answer = texts
    ? { translations: texts.map((text) => sandboxTranslate(text, target, { markup: false })) }
    : { translations: [] };
  if (texts) count(state, 'openai', texts, false);
  const content = JSON.stringify(answer);
  return json(200, {
    id: `chatcmpl-sandbox-${state.requests.openai ?? 0}`,
    object: 'chat.completion',
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: Math.ceil(user.content.length / 4),
      completion_tokens: Math.ceil(content.length / 4),
      total_tokens: 0,
    },
  });
}
